package dev.ses.core;

import dev.ses.core.spi.CallbackContractTest;
import dev.ses.core.spi.Store;

class InMemoryCallbackContractTest extends CallbackContractTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }
}
