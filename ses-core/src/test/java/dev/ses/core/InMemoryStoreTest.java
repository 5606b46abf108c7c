package dev.ses.core;

import dev.ses.core.spi.Store;
import dev.ses.core.spi.StoreContractTest;

class InMemoryStoreTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }
}
