package dev.ses.store.jdbc;

class PostgresSesTest extends SesOnJdbcStoreTest {
    @Override
    protected JdbcStore newStore() {
        PostgresServer server = PostgresServer.get();
        return JdbcStore.postgres(server.url(server.newSchema()), server.user(), server.password());
    }
}
