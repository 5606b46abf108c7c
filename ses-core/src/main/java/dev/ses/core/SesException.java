package dev.ses.core;

import java.util.Objects;

/**
 * The one exception a domain rule raises: a stable {@link ErrorCode} and a message that names the field and
 * the value. A call that throws it has changed nothing.
 */
public class SesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /** Creates an exception with the given code and message. */
    public SesException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** Creates an exception with the given code, message and cause. */
    public SesException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable reason. */
    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return "SesException[" + code + "]: " + getMessage();
    }
}
