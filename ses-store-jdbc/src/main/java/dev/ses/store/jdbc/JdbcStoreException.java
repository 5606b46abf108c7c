package dev.ses.store.jdbc;

import dev.ses.core.ErrorCode;
import dev.ses.core.SesException;

/**
 * A database operation of a {@link JdbcStore} failed: a {@link SesException} with
 * {@link ErrorCode#STORE_ERROR}. The {@link java.sql.SQLException} that caused it, if any, is the cause. A
 * duplicate key is not one of these but a plain {@code SesException} with {@link ErrorCode#ALREADY_EXISTS}, as
 * for every store.
 */
public class JdbcStoreException extends SesException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message and the cause.
     *
     * @param message what failed
     * @param cause the exception that made it fail
     */
    public JdbcStoreException(String message, Throwable cause) {
        super(ErrorCode.STORE_ERROR, message, cause);
    }

    /**
     * An exception with a message and no cause.
     *
     * @param message what failed
     */
    public JdbcStoreException(String message) {
        super(ErrorCode.STORE_ERROR, message);
    }
}
