package dev.ses.store.jdbc;

import dev.ses.core.spi.StoreContractTest;
import dev.ses.core.spi.Store;

/**
 * The store contract on PostgreSQL. The schema is migrated once; each test starts from truncated tables, which is
 * much faster than a new schema per test.
 */
class PostgresStoreContractTest extends StoreContractTest {
    @Override
    protected Store newStore() {
        return TestDatabases.emptiedPostgresStore("PostgresStoreContractTest", "TRUNCATE ses_domain, ses_dkim_key, "
                + "ses_address, ses_template, ses_request, ses_message, ses_blocklist, ses_unsubscription, ses_group, "
                + "ses_group_member, ses_task, ses_task_run, ses_counter, ses_warmup, ses_warmup_decision, ses_event, "
                + "ses_event_cursor, ses_mailbox_send, ses_mailbox_lock, ses_stat, ses_tracking_setting "
                + "RESTART IDENTITY", "UPDATE ses_event_head SET last_seq = 0");
    }
}
