package dev.ses.store.jdbc;

import dev.ses.core.spi.Store;
import dev.ses.core.spi.StoreContractTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The store contract on PostgreSQL. The schema is migrated once; each test starts from truncated tables, which is
 * much faster than a new schema per test.
 */
class PostgresStoreContractTest extends StoreContractTest {
    private static DataSource shared;

    private static synchronized DataSource shared() {
        if (shared == null) {
            PostgresServer server = PostgresServer.get();
            shared = server.pool(server.newSchema(), 10);
        }
        return shared;
    }

    @Override
    protected Store newStore() {
        JdbcStore store = JdbcStore.create(shared());
        try (Connection c = shared().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE ses_domain, ses_dkim_key, ses_address, ses_template, ses_request, ses_message, "
                    + "ses_blocklist, ses_unsubscription, ses_group, ses_group_member, ses_task, "
                    + "ses_task_run, ses_counter, ses_warmup, ses_warmup_decision, ses_event, ses_event_cursor, "
                    + "ses_mailbox_send, ses_mailbox_lock, ses_stat, ses_tracking_setting RESTART IDENTITY");
            s.execute("UPDATE ses_event_head SET last_seq = 0");
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the tables", e);
        }
        return store;
    }
}
