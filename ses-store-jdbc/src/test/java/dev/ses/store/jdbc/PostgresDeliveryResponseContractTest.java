package dev.ses.store.jdbc;

import dev.ses.core.spi.DeliveryResponseContractTest;
import dev.ses.core.spi.Store;

/** The delivery response store contract on PostgreSQL: one schema, emptied before each test. */
class PostgresDeliveryResponseContractTest extends DeliveryResponseContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.emptiedPostgresStore("PostgresDeliveryResponseContractTest", "TRUNCATE ses_message, "
                + "ses_unsubscription, ses_group, ses_group_member, ses_event RESTART IDENTITY",
                "UPDATE ses_event_head SET last_seq = 0");
    }
}
