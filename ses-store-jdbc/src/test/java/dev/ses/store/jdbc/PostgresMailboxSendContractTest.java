package dev.ses.store.jdbc;

import dev.ses.core.spi.MailboxSendContractTest;
import dev.ses.core.spi.Store;

/**
 * The mailbox sends' contract on PostgreSQL: one schema, emptied before each test. Its concurrent admissions run on
 * connections of their own, so the per-mailbox lock rows are what keeps them under the limit.
 */
class PostgresMailboxSendContractTest extends MailboxSendContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.emptiedPostgresStore("PostgresMailboxSendContractTest", "TRUNCATE ses_mailbox_send, ses_mailbox_lock");
    }
}
