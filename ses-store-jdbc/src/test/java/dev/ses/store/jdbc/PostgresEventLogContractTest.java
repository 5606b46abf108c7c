package dev.ses.store.jdbc;

import dev.ses.core.spi.EventLogContractTest;
import dev.ses.core.spi.Store;

/** The event log's contract on PostgreSQL: one schema, emptied before each test. */
class PostgresEventLogContractTest extends EventLogContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.emptiedPostgresStore("PostgresEventLogContractTest", "TRUNCATE ses_event, ses_event_cursor",
                "UPDATE ses_event_head SET last_seq = 0");
    }
}
