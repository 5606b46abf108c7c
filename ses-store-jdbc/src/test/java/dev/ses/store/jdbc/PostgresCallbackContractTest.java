package dev.ses.store.jdbc;

import dev.ses.core.spi.CallbackContractTest;
import dev.ses.core.spi.Store;

/** The callback repository's contract on PostgreSQL: one schema, emptied before each test. */
class PostgresCallbackContractTest extends CallbackContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.emptiedPostgresStore("PostgresCallbackContractTest", "TRUNCATE ses_callback_address, "
                + "ses_callback_delivery, ses_callback_attempt RESTART IDENTITY");
    }
}
