package dev.ses.store.jdbc;

import dev.ses.core.spi.EventLogContractTest;
import dev.ses.core.spi.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The event log's contract on PostgreSQL: one schema, emptied before each test. */
class PostgresEventLogContractTest extends EventLogContractTest {
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
            s.execute("TRUNCATE ses_event, ses_event_cursor");
            s.execute("UPDATE ses_event_head SET last_seq = 0");
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the event log", e);
        }
        return store;
    }
}
