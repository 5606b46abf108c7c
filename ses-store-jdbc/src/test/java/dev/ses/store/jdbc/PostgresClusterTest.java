package dev.ses.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.ses.core.MessageState;
import dev.ses.core.RecipientGroup;
import dev.ses.core.Ses;
import dev.ses.core.TaskProgress;
import dev.ses.core.TaskRequest;
import dev.ses.core.TaskStatus;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.SesFixture;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes, each in a JVM of its own with its own pool, on one PostgreSQL database, sending one 10,000-recipient
 * task to a real SMTP server under a domain limit of 4,000 a day: each day exactly the limit goes out, across the
 * three, and in the end every recipient has exactly one mail.
 */
class PostgresClusterTest {
    private static final int RECIPIENTS = 10_000;
    private static final long DAILY_LIMIT = 4_000;
    private static final int NODES = 3;

    @TempDir
    Path dir;

    private GreenMail smtp;

    @BeforeEach
    void startSmtp() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stopSmtp() {
        smtp.stop();
    }

    /** How many mails each recipient received so far. */
    private Map<String, Integer> received() throws MessagingException {
        Map<String, Integer> byRecipient = new HashMap<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            String to = ((InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0]).getAddress();
            byRecipient.merge(to, 1, Integer::sum);
        }
        return byRecipient;
    }

    /** Runs the three nodes at once with their clocks at an instant, until each has nothing left to do then. */
    private void runNodes(PostgresServer server, String schema, Instant at, int day) throws Exception {
        List<Process> nodes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            Path log = dir.resolve("node-" + n + "-day-" + day + ".log");
            logs.add(log);
            nodes.add(Nodes.launch(SmtpNode.class, log, server.url(schema), server.user(), server.password(),
                    String.valueOf(smtp.getSmtp().getPort()), "node-" + n, at.toString(),
                    String.valueOf(DAILY_LIMIT)));
        }
        for (int n = 0; n < NODES; n++) {
            Process p = nodes.get(n);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            assertThat(p.exitValue()).as(Files.readString(logs.get(n))).isZero();
        }
    }

    @Test
    void threeNodesSendATaskOnceEachWithinTheDailyLimit() throws Exception {
        PostgresServer server = PostgresServer.get();
        String schema = server.newSchema();
        long taskId;
        try (JdbcStore store = JdbcStore.postgres(server.url(schema), server.user(), server.password());
             SesFixture f = SesFixture.create(store, b -> Nodes.configure(b, DAILY_LIMIT))) {
            long template = f.textTemplate("Hello {{name}}");
            RecipientGroup group = f.account().groups().create("customers", "");
            assertThat(f.account().groups().importCsv(group.id(), Nodes.csv(RECIPIENTS, "x.test")).added())
                    .isEqualTo(RECIPIENTS);
            taskId = f.account().tasks().create(TaskRequest.batch(f.sender(), group.id(), template, "Hi {{name}}"))
                    .id();
        }
        Instant start = Instant.parse(SesFixture.START);

        runNodes(server, schema, start, 1);
        Map<String, Integer> first = received();
        assertThat(first.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(DAILY_LIMIT);
        assertThat(first).hasSize((int) DAILY_LIMIT);

        runNodes(server, schema, start.plus(Duration.ofDays(1)), 2);
        assertThat(smtp.getReceivedMessages()).hasSize((int) (2 * DAILY_LIMIT));
        runNodes(server, schema, start.plus(Duration.ofDays(2)), 3);

        Map<String, Integer> all = received();
        assertThat(all).hasSize(RECIPIENTS);
        assertThat(all.values()).containsOnly(1);
        assertThat(all.keySet()).allMatch(to -> to.matches("r\\d+@x\\.test"));
        try (JdbcStore store = JdbcStore.postgres(server.url(schema), server.user(), server.password());
             Ses observer = Nodes.configure(Ses.builder(), DAILY_LIMIT).store(store)
                     .transport(MailboxSimulator.create()).clock(Clock.fixed(start, ZoneOffset.UTC))
                     .node("observer").build()) {
            TaskProgress progress = observer.account(SesFixture.ACCOUNT).tasks().progress(taskId);
            assertThat(progress.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(progress.count(MessageState.DELIVERED)).isEqualTo(RECIPIENTS);
        }
    }
}
