package dev.ses.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.MessageState;
import dev.ses.core.RecipientGroup;
import dev.ses.core.SendTask;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.TaskProgress;
import dev.ses.core.TaskRequest;
import dev.ses.core.TaskStatus;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.ManualClock;
import dev.ses.core.testing.SesFixture;
import dev.ses.core.testing.SimulatedMail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine on H2 stopped in the middle of a task, and the next start on the same file finishing it: nothing lost,
 * and sent twice only what was in flight when it stopped.
 */
class H2RestartTest {
    private static final int RECIPIENTS = 3_000;
    private static final int CLAIM = 100;
    private static final String DOMAIN = "x.test";

    @TempDir
    Path dir;

    /** Imports the recipients and creates a BATCH task; returns its id. Leaves the store closed. */
    private long prepare(Path data) {
        try (JdbcStore store = JdbcStore.h2(data);
             SesFixture f = SesFixture.create(store, b -> Nodes.configure(b, Long.MAX_VALUE))) {
            long template = f.textTemplate("Hello {{name}}");
            RecipientGroup group = f.account().groups().create("customers", "");
            assertThat(f.account().groups().importCsv(group.id(), Nodes.csv(RECIPIENTS, DOMAIN)).added())
                    .isEqualTo(RECIPIENTS);
            return f.account().tasks().create(TaskRequest.batch(f.sender(), group.id(), template, "Hi {{name}}")).id();
        }
    }

    private static Set<String> everyone() {
        return IntStream.range(0, RECIPIENTS).mapToObj(i -> "r" + i + "@" + DOMAIN).collect(Collectors.toSet());
    }

    /** Starts a new engine on the file at an instant and runs it until nothing is due. */
    private static List<String> finish(Path data, long taskId, Duration afterStart) {
        ManualClock clock = ManualClock.at(SesFixture.START).advance(afterStart);
        MailboxSimulator simulator = MailboxSimulator.create();
        try (JdbcStore store = JdbcStore.h2(data);
             Ses ses = Nodes.configure(Ses.builder(), Long.MAX_VALUE).store(store).transport(simulator)
                     .clock(clock).node("after").build()) {
            ses.runDueWork();
            SesAccount account = ses.account(SesFixture.ACCOUNT);
            SendTask task = account.tasks().get(taskId);
            assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
            TaskProgress progress = account.tasks().progress(taskId);
            assertThat(progress.requests()).isEqualTo(RECIPIENTS);
            assertThat(progress.count(MessageState.DELIVERED)).isEqualTo(RECIPIENTS);
            assertThat(store.messages().nextDue()).isEmpty();
        }
        return simulator.delivered().stream().map(SimulatedMail::recipient).toList();
    }

    @Test
    void aTaskInterruptedByAKilledProcessCompletesAfterARestart() throws Exception {
        Path data = dir.resolve("ses-data");
        long taskId = prepare(data);

        Path accepted = dir.resolve("accepted.txt");
        Process node = Nodes.launch(CrashingNode.class, dir.resolve("crashing-node.log"), data.toString(),
                accepted.toString(), "1000", String.valueOf(CLAIM), Instant.parse(SesFixture.START).toString());
        assertThat(node.waitFor(2, TimeUnit.MINUTES)).as("the node ends").isTrue();
        assertThat(node.exitValue()).as(Files.readString(dir.resolve("crashing-node.log")))
                .isEqualTo(CrashingNode.HALTED);
        List<String> before = Files.readAllLines(accepted);
        assertThat(before).hasSizeBetween(1000, 1000 + CLAIM - 1).doesNotHaveDuplicates();

        // Past the leases of the dead node.
        List<String> after = finish(data, taskId, Duration.ofMinutes(6));
        Set<String> delivered = new HashSet<>(before);
        delivered.addAll(after);
        assertThat(delivered).isEqualTo(everyone());
        assertThat(after).doesNotHaveDuplicates();
        // Only the chunk the transport had accepted when the process died, whose outcome was never recorded, goes
        // out again.
        assertThat(before.size() + after.size() - RECIPIENTS).isBetween(1, CLAIM);
    }

    @Test
    void aTaskLeftByAnEngineThatWasNeverClosedCompletesAfterARestart() {
        Path data = dir.resolve("ses-data");
        long taskId = prepare(data);
        // An engine that starts the task and sends what today's quota allows, then is dropped: its store is closed
        // under it, as when its process ends, but the engine is not.
        MailboxSimulator first = MailboxSimulator.create();
        ManualClock clock = ManualClock.at(SesFixture.START);
        List<String> before = new ArrayList<>();
        try (JdbcStore store = JdbcStore.h2(data)) {
            Ses dropped = Nodes.configure(Ses.builder(), 1_200).store(store).transport(first).clock(clock)
                    .node("dropped").claimSize(CLAIM).build();
            dropped.runDueWork();
            first.delivered().forEach(m -> before.add(m.recipient()));
            assertThat(before).hasSize(1_200);
        }
        // The rest waited for the next day's quota.
        List<String> after = finish(data, taskId, Duration.ofDays(1));
        assertThat(after).hasSize(RECIPIENTS - 1_200);
        Set<String> delivered = new HashSet<>(before);
        delivered.addAll(after);
        assertThat(delivered).isEqualTo(everyone());
    }
}
