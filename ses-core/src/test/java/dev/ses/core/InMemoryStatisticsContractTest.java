package dev.ses.core;

import dev.ses.core.spi.StatisticsContractTest;
import dev.ses.core.spi.Store;

class InMemoryStatisticsContractTest extends StatisticsContractTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }
}
