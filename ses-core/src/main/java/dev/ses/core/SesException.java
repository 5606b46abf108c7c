package dev.ses.core;

import java.util.Objects;

/**
 * The one exception root of ses: a stable {@link ErrorCode} and a message that names the field and the value. A
 * domain rule raises it with the code of the rule; a store raises it with {@link ErrorCode#ALREADY_EXISTS} for a
 * taken natural key and {@link ErrorCode#STORE_ERROR} for any other failure, the underlying exception kept as the
 * cause. A call that throws it has changed nothing.
 */
public class SesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What failed: stable across releases, for a caller to act on. */
    private final ErrorCode code;

    /**
     * Creates an exception with the given code and message.
     *
     * @param code what failed, stable across releases
     * @param message what failed, naming the field and the value
     */
    public SesException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * Creates an exception with the given code, message and cause.
     *
     * @param code what failed, stable across releases
     * @param message what failed, naming the field and the value
     * @param cause the underlying failure
     */
    public SesException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** {@return the stable reason} */
    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        // The class name stays visible for subclasses, such as a store's own exception, in logs and stack traces.
        return getClass().getSimpleName() + "[" + code + "]: " + getMessage();
    }
}
