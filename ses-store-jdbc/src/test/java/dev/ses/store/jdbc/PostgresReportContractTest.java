package dev.ses.store.jdbc;

import dev.ses.core.spi.ReportContractTest;
import dev.ses.core.spi.Store;

/** The inbound reports' contract on PostgreSQL: one schema, emptied before each test. */
class PostgresReportContractTest extends ReportContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.emptiedPostgresStore("PostgresReportContractTest", "TRUNCATE ses_inbound_report");
    }
}
