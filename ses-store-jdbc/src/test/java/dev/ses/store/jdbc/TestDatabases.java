package dev.ses.store.jdbc;

import javax.sql.DataSource;

/** Test databases for tests in other packages. */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** A new, empty schema on the test PostgreSQL server. */
    public static String newPostgresSchema() {
        return PostgresServer.get().newSchema();
    }

    /** A pool on a schema of the test PostgreSQL server, closed when the JVM ends. */
    public static DataSource postgresPool(String schema, int size) {
        return PostgresServer.get().pool(schema, size);
    }
}
