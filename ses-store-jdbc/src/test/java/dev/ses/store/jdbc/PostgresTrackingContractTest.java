package dev.ses.store.jdbc;

import dev.ses.core.spi.Store;
import dev.ses.core.spi.TrackingContractTest;

/** The tracking keys' and setups' contract on PostgreSQL: one schema, emptied before each test. */
class PostgresTrackingContractTest extends TrackingContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.emptiedPostgresStore("PostgresTrackingContractTest",
                "TRUNCATE ses_tracking_key, ses_tracking_setup, ses_event, ses_message, ses_request",
                "UPDATE ses_event_head SET last_seq = 0");
    }
}
