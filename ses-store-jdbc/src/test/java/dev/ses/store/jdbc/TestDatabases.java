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

    private static final java.util.Map<String, DataSource> CONTRACT_SCHEMAS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A store on one schema of the test PostgreSQL server kept for a contract suite (migrated once, then emptied by
     * the given statements before each test: much faster than a new schema per test).
     *
     * @param suite the suite's name, which owns the schema
     * @param emptying the statements that empty what the suite writes
     */
    static JdbcStore emptiedPostgresStore(String suite, String... emptying) {
        DataSource shared = CONTRACT_SCHEMAS.computeIfAbsent(suite, k -> {
            PostgresServer server = PostgresServer.get();
            return server.pool(server.newSchema(), 10);
        });
        JdbcStore store = JdbcStore.create(shared);
        try (java.sql.Connection c = shared.getConnection(); java.sql.Statement s = c.createStatement()) {
            for (String sql : emptying) {
                s.execute(sql);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not empty the tables of " + suite, e);
        }
        return store;
    }

    /** A pool on a schema of the test PostgreSQL server, closed when the JVM ends. */
    public static DataSource postgresPool(String schema, int size) {
        return PostgresServer.get().pool(schema, size);
    }
}
