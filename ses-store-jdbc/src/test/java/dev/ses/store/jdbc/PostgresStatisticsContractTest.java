package dev.ses.store.jdbc;

import dev.ses.core.spi.StatisticsContractTest;
import dev.ses.core.spi.Store;

/** The statistics cube's contract on PostgreSQL: one schema, emptied before each test. */
class PostgresStatisticsContractTest extends StatisticsContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.emptiedPostgresStore("PostgresStatisticsContractTest", "TRUNCATE ses_stat, ses_tracking_setting");
    }
}
