package dev.ses.core;

import dev.ses.core.spi.EventLogContractTest;
import dev.ses.core.spi.Store;

class InMemoryEventLogTest extends EventLogContractTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }
}
