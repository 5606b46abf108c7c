package dev.ses.store.jdbc;

import dev.ses.core.StatisticsTest;
import dev.ses.core.spi.Store;

/** The statistics suite on PostgreSQL, a schema of its own per store. */
class PostgresStatisticsTest extends StatisticsTest {
    @Override
    protected Store newStore() {
        PostgresServer server = PostgresServer.get();
        return JdbcStore.postgres(server.url(server.newSchema()), server.user(), server.password());
    }
}
