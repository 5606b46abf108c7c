package dev.ses.store.jdbc.internal;

import dev.ses.store.jdbc.JdbcStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** What differs between the databases ses runs on. */
public enum Dialect {
    /** H2 2.x, embedded. */
    H2("h2", new String[] {"ID"}),
    /** PostgreSQL 12 or later. */
    POSTGRESQL("postgresql", new String[] {"id"});

    private final String folder;
    private final String[] idColumn;

    Dialect(String folder, String[] idColumn) {
        this.folder = folder;
        this.idColumn = idColumn;
    }

    /** The folder of this dialect's scripts under {@code /dev/ses/store/jdbc/}. */
    public String folder() {
        return folder;
    }

    /** The generated-key column names to ask the driver for, as it spells them. */
    public String[] idColumn() {
        return idColumn.clone();
    }

    /** The dialect of the database a connection reaches. */
    public static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String p = product.toLowerCase(Locale.ROOT);
        if (p.contains("h2")) {
            return H2;
        }
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new JdbcStoreException("unsupported database: " + product + " (ses supports H2 and PostgreSQL)");
    }
}
