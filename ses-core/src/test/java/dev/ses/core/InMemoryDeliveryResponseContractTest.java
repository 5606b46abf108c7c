package dev.ses.core;

import dev.ses.core.spi.DeliveryResponseContractTest;
import dev.ses.core.spi.Store;

class InMemoryDeliveryResponseContractTest extends DeliveryResponseContractTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }
}
