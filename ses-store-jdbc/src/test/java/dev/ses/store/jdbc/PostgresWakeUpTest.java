package dev.ses.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.DomainPolicy;
import dev.ses.core.RecipientGroup;
import dev.ses.core.Ses;
import dev.ses.core.SesHealth;
import dev.ses.core.TaskRequest;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.RecipientResult;
import dev.ses.core.testing.SesFixture;
import dev.ses.store.jdbc.internal.DueWork;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL schema, each with its own pool: a task created on one reaches the other's idle
 * workers through {@code LISTEN}/{@code NOTIFY}. The idle node polls only once an hour, so only the notice can
 * wake it within the test's timeout; and a notice is what the test waits for, not a time.
 */
class PostgresWakeUpTest {
    /** Accepts every recipient and hands each mail to the test. */
    static final class HandingTransport implements MailTransport {
        final BlockingQueue<OutboundMail> sent = new LinkedBlockingQueue<>();

        @Override
        public List<RecipientResult> send(OutboundMail mail) {
            sent.add(mail);
            List<RecipientResult> results = new ArrayList<>();
            for (String r : mail.envelopeRecipients()) {
                results.add(RecipientResult.fromReply(r, 250, "2.0.0 OK"));
            }
            return results;
        }
    }

    private static Ses idleNode(JdbcStore store, SesFixture f, MailTransport transport) {
        return Ses.builder().store(store).transport(transport).clock(f.clock()).node("idle-node").workers(1)
                .idlePoll(Duration.ofHours(1))
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256)).build();
    }

    /** Waits, with a generous bound, until the node's dispatcher has finished its first look for work. */
    private static void awaitFirstPump(Ses node) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (node.health().workers().stream().filter(w -> w.name().startsWith("ses-dispatcher"))
                .map(SesHealth.Worker::lastSuccess).anyMatch(java.util.Optional::isEmpty)) {
            assertThat(System.nanoTime()).as("the idle node's first pump").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static long task(SesFixture f, String name, String recipient) {
        long template = f.textTemplate("Hello {{name}}");
        RecipientGroup g = f.account().groups().create(name, "");
        f.account().groups().importCsv(g.id(), new StringReader("email,name\n" + recipient + ",Ann\n"));
        return f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), template, "Hi {{name}}")).id();
    }

    @Test
    void aTaskCreatedOnOneNodeIsSentByAnotherIdleNodeWithoutWaitingForItsPoll() throws Exception {
        PostgresServer server = PostgresServer.get();
        String schema = server.newSchema();
        HandingTransport idleTransport = new HandingTransport();
        try (JdbcStore creatorStore = JdbcStore.postgres(server.url(schema), server.user(), server.password());
             SesFixture creator = SesFixture.create(creatorStore, b -> b.node("creator"));
             JdbcStore idleStore = JdbcStore.postgres(server.url(schema), server.user(), server.password());
             Ses idle = idleNode(idleStore, creator, idleTransport)) {
            awaitFirstPump(idle);

            task(creator, "first", "ann@x.test");

            OutboundMail mail = idleTransport.sent.poll(60, TimeUnit.SECONDS);
            assertThat(mail).as("the idle node sent the task's mail").isNotNull();
            assertThat(mail.envelopeRecipients()).containsExactly("ann@x.test");
            assertThat(creator.simulator().delivered()).as("the creating node sends nothing").isEmpty();
        }
    }

    @Test
    void aListeningConnectionThatIsEndedIsOpenedAgainAndNoticesFlowOnIt() throws Exception {
        PostgresServer server = PostgresServer.get();
        String schema = server.newSchema();
        HandingTransport idleTransport = new HandingTransport();
        try (JdbcStore creatorStore = JdbcStore.postgres(server.url(schema), server.user(), server.password());
             SesFixture creator = SesFixture.create(creatorStore, b -> b.node("creator"));
             JdbcStore idleStore = JdbcStore.postgres(server.url(schema), server.user(), server.password());
             Ses idle = idleNode(idleStore, creator, idleTransport)) {
            awaitFirstPump(idle);
            task(creator, "first", "ann@x.test");
            assertThat(idleTransport.sent.poll(60, TimeUnit.SECONDS)).isNotNull();

            // The server ends the listening backend, as a restart or an administrator would.
            assertThat(endListeners(creatorStore)).as("listening backends ended").isPositive();
            task(creator, "second", "bob@x.test");

            OutboundMail mail = idleTransport.sent.poll(60, TimeUnit.SECONDS);
            assertThat(mail).as("the idle node listened again and sent the second task").isNotNull();
            assertThat(mail.envelopeRecipients()).containsExactly("bob@x.test");
            assertThat(idle.health().workers()).allMatch(SesHealth.Worker::alive);
        }
    }

    /** Ends every backend that listens for due work on this database; how many were ended. */
    private static int endListeners(JdbcStore store) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid)) "
                     + "FROM pg_stat_activity WHERE application_name = '" + DueWork.APPLICATION_NAME + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
