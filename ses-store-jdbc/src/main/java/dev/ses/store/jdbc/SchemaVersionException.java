package dev.ses.store.jdbc;

/**
 * The database schema does not fit this version of ses: it is missing or older (with
 * {@link MigrationMode#VALIDATE}), newer than this code knows, or an applied script differs from the one shipped.
 * The message says which versions were found and what to do. Like every {@link JdbcStoreException}, its code is
 * {@link dev.ses.core.ErrorCode#STORE_ERROR}.
 */
public class SchemaVersionException extends JdbcStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message how the schema does not fit
     */
    public SchemaVersionException(String message) {
        super(message);
    }

    /**
     * An exception with a message and the cause.
     *
     * @param message how the schema does not fit
     * @param cause the exception that made it fail
     */
    public SchemaVersionException(String message, Throwable cause) {
        super(message, cause);
    }
}
