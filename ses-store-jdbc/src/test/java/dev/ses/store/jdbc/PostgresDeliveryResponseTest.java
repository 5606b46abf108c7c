package dev.ses.store.jdbc;

import dev.ses.core.DeliveryResponseTest;
import dev.ses.core.spi.Store;

/** The delivery response suite on PostgreSQL, a schema of its own per store. */
class PostgresDeliveryResponseTest extends DeliveryResponseTest {
    @Override
    protected Store newStore() {
        PostgresServer server = PostgresServer.get();
        return JdbcStore.postgres(server.url(server.newSchema()), server.user(), server.password());
    }
}
