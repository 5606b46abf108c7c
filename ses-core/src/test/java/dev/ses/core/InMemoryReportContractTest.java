package dev.ses.core;

import dev.ses.core.spi.ReportContractTest;
import dev.ses.core.spi.Store;

class InMemoryReportContractTest extends ReportContractTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }
}
