package dev.ses.store.jdbc;

/**
 * A database operation of a {@link JdbcStore} failed. The {@link java.sql.SQLException} that caused it, if any,
 * is the cause. A duplicate key is reported as an {@link IllegalStateException} instead, as every store does.
 */
public class JdbcStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message and the cause. */
    public JdbcStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An exception with a message and no cause. */
    public JdbcStoreException(String message) {
        super(message);
    }
}
