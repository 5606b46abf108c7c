package dev.ses.store.jdbc;

import dev.ses.core.spi.MailboxSendContractTest;
import dev.ses.core.spi.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The mailbox sends' contract on PostgreSQL: one schema, emptied before each test. Its concurrent admissions run on
 * connections of their own, so the per-mailbox lock rows are what keeps them under the limit.
 */
class PostgresMailboxSendContractTest extends MailboxSendContractTest {
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
            s.execute("TRUNCATE ses_mailbox_send, ses_mailbox_lock");
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the mailbox sends", e);
        }
        return store;
    }
}
