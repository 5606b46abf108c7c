package dev.ses.core;

import dev.ses.core.spi.Store;
import dev.ses.core.spi.TrackingContractTest;

class InMemoryTrackingContractTest extends TrackingContractTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }
}
