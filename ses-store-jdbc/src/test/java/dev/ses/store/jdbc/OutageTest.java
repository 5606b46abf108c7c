package dev.ses.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.MessageState;
import dev.ses.core.Ses;
import dev.ses.core.SesHealth;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.SesFixture;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * A database that goes away and comes back: ses's threads keep trying, {@code health()} shows the outage, and mail
 * flows again by itself once the database answers.
 */
class OutageTest {
    /** A data source that refuses connections while {@link #down} is set. */
    static final class FlakyDataSource implements DataSource {
        final AtomicBoolean down = new AtomicBoolean();
        private final DataSource target;

        FlakyDataSource(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down.get()) {
                throw new SQLException("Connection refused: the database is down", "08001");
            }
            return target.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return target.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            target.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            target.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return target.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return target.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return target.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return target.isWrapperFor(iface);
        }
    }

    @Test
    void mailFlowsAgainByItselfWhenTheDatabaseComesBack() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:outage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        FlakyDataSource db = new FlakyDataSource(h2);
        JdbcStore store = JdbcStore.create(db);
        String recipient = "delivered@" + MailboxSimulator.DOMAIN;
        String id;
        SesFixture setup = SesFixture.create(store, b -> b);
        try (setup) {
            long tpl = setup.textTemplate("hello");
            id = setup.account().send(setup.message(tpl, "s").to(recipient).build()).messageId();
        }

        db.down.set(true);
        MailboxSimulator mailboxes = MailboxSimulator.create();
        try (Ses ses = Ses.builder().store(store).transport(mailboxes).clock(setup.clock()).workers(2)
                .node("outage").build()) {
            waitFor("the workers to meet the outage", () -> ses.health().workers().stream()
                    .anyMatch(w -> w.failures() > 0));
            SesHealth during = ses.health();
            assertThat(during.healthy()).isFalse();
            assertThat(during.backlog()).isEmpty();
            assertThat(during.lastError()).hasValueSatisfying(e -> assertThat(e).contains("database is down"));
            assertThat(during.lastErrorAt()).isPresent();
            assertThat(during.workers()).allMatch(SesHealth.Worker::alive);

            db.down.set(false);
            waitFor("the message to go out", () -> !mailboxes.mailbox(recipient).isEmpty());
            // A worker that has not had its turn during the outage shows no failure, and no success yet either.
            waitFor("every worker to succeed again", () -> ses.health().healthy() && ses.health().workers().stream()
                    .allMatch(w -> w.lastSuccess().isPresent()));
            SesHealth after = ses.health();
            assertThat(after.workers()).hasSize(4).allMatch(SesHealth.Worker::alive)
                    .allMatch(w -> w.lastSuccess().isPresent());
            assertThat(after.lastSuccess()).isPresent();
            assertThat(after.backlog()).hasValueSatisfying(b -> {
                assertThat(b.queued()).isZero();
                assertThat(b.sending()).isZero();
            });
            assertThat(ses.account(SesFixture.ACCOUNT).deliveries().byMessage(id).get(0).state())
                    .isEqualTo(MessageState.DELIVERED);
            assertThat(mailboxes.mailbox(recipient)).hasSize(1);
        }
        store.close();
    }

    /** Waits, at most 30 seconds, for what real threads do. */
    private static void waitFor(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }
}
