package dev.ses.core;

import dev.ses.core.spi.MailboxSendContractTest;
import dev.ses.core.spi.Store;

class InMemoryMailboxSendTest extends MailboxSendContractTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }
}
