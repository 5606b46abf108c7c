package dev.ses.examples;

import dev.ses.core.InMemoryStore;
import dev.ses.core.spi.Store;
import dev.ses.core.spi.StoreContractTest;

class MyStoreTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore();                                  // your Store here
    }
}
