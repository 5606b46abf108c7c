package dev.ses.store.jdbc;

import dev.ses.core.spi.StatisticsContractTest;
import dev.ses.core.spi.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The statistics cube's contract on PostgreSQL: one schema, emptied before each test. */
class PostgresStatisticsContractTest extends StatisticsContractTest {
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
            s.execute("TRUNCATE ses_stat, ses_tracking_setting");
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the statistics", e);
        }
        return store;
    }
}
