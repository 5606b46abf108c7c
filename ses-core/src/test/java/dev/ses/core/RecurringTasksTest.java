package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.testing.SesFixture;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Recurring tasks whose runs overlap, day by day on a manual clock. */
class RecurringTasksTest {
    /** The sender domain's daily limit: a run of {@link #RECIPIENTS} takes three days. */
    private static final long PER_DAY = 100;
    private static final int RECIPIENTS = 250;
    /** The first run; the fixture's clock starts an hour before. */
    private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

    private final SesFixture f = SesFixture.create(b -> b.quotas(QuotaPolicy.defaults()
            .withWarmup(WarmupPolicy.none()).withDomainDailyLimit(PER_DAY)));

    @AfterEach
    void close() {
        f.close();
    }

    private SendTask daily(boolean twoRunsOnly) {
        RecipientGroup g = f.account().groups().create("daily", "");
        StringBuilder csv = new StringBuilder("email,name\n");
        for (int i = 0; i < RECIPIENTS; i++) {
            csv.append("user").append(i).append("@acme.test,Name ").append(i).append('\n');
        }
        assertThat(f.account().groups().importCsv(g.id(), new StringReader(csv.toString())).applied()).isTrue();
        TaskRequest request = TaskRequest.recurring(f.sender(), g.id(), f.textTemplate("Hi {{name}}"), "x", START,
                Duration.ofDays(1));
        return f.account().tasks().create(twoRunsOnly ? request.withEnd(START.plus(Duration.ofDays(1))) : request);
    }

    private void at(String instant) {
        f.clock().set(Instant.parse(instant));
        f.runDueWork();
    }

    /** Runs the first run for a day and a half: when the second starts, the first still has 50 for tomorrow. */
    private void startTheSecondRunWhileTheFirstWaits(SendTask task) {
        at("2026-01-05T10:00:00Z");
        at("2026-01-06T00:00:01Z");
        at("2026-01-06T10:00:00Z");
        assertThat(f.simulator().delivered()).hasSize(200);
        assertThat(f.account().tasks().runs(task.id())).hasSize(2).allSatisfy(r ->
                assertThat(r.completedAt()).isEmpty());
        assertThat(f.account().tasks().progress(task.id(), 1).cached()).isEqualTo(50);
        assertThat(f.account().tasks().progress(task.id(), 2).cached()).isEqualTo(RECIPIENTS);
    }

    @Test
    void aTaskIsCompletedOnlyWhenItsLastOpenRunSettles() {
        SendTask task = daily(true);
        startTheSecondRunWhileTheFirstWaits(task);

        // The first run's last 50 go, then 50 of the second: the first run completes, the second waits.
        at("2026-01-07T00:00:01Z");
        assertThat(f.simulator().delivered()).hasSize(300);
        assertThat(f.account().tasks().runs(task.id())).extracting(r -> r.completedAt().isPresent())
                .containsExactly(true, false);
        assertThat(f.account().tasks().get(task.id()).status()).isEqualTo(TaskStatus.SENDING);
        TaskProgress p = f.account().tasks().progress(task.id());
        assertThat(p.status()).as("the quota is spent").isEqualTo(TaskStatus.PAUSED);
        assertThat(p.count(MessageState.QUEUED)).isEqualTo(200);

        at("2026-01-08T00:00:01Z");
        assertThat(f.account().tasks().get(task.id()).status()).isEqualTo(TaskStatus.SENDING);
        at("2026-01-09T00:00:01Z");
        assertThat(f.simulator().delivered()).hasSize(2 * RECIPIENTS);
        assertThat(f.account().tasks().progress(task.id()).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void aTaskWhoseFirstRunCompletedCanStillBeCancelledWithItsOpenRun() {
        SendTask task = daily(true);
        startTheSecondRunWhileTheFirstWaits(task);
        at("2026-01-07T00:00:01Z");

        assertThat(f.account().tasks().cancel(task.id()).status()).isEqualTo(TaskStatus.CANCELLED);
        at("2026-01-08T00:00:01Z");
        assertThat(f.simulator().delivered()).hasSize(300);
        assertThat(f.account().tasks().progress(task.id(), 2).count(MessageState.CANCELLED)).isEqualTo(200);
        assertThat(f.account().tasks().runs(task.id())).allSatisfy(r -> assertThat(r.completedAt()).isPresent());
        assertThat(f.account().tasks().get(task.id()).status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void betweenRunsATaskWithAnOpenRunIsNotWaitingAndACancelStopsEveryOpenRun() {
        SendTask task = daily(false);
        startTheSecondRunWhileTheFirstWaits(task);
        at("2026-01-07T00:00:01Z");
        assertThat(f.account().tasks().get(task.id()).status()).as("run 2 is open").isEqualTo(TaskStatus.SENDING);
        assertThat(f.account().tasks().progress(task.id()).status()).isEqualTo(TaskStatus.PAUSED);

        at("2026-01-07T10:00:00Z");
        assertThat(f.account().tasks().runs(task.id())).extracting(r -> r.completedAt().isPresent())
                .containsExactly(true, false, false);
        f.account().tasks().cancel(task.id());
        at("2026-01-10T10:00:00Z");
        assertThat(f.simulator().delivered()).hasSize(300);
        assertThat(f.account().tasks().runs(task.id())).hasSize(3);
        assertThat(f.account().tasks().progress(task.id(), 2).count(MessageState.CANCELLED)).isEqualTo(200);
        assertThat(f.account().tasks().progress(task.id(), 3).count(MessageState.CANCELLED)).isEqualTo(RECIPIENTS);
        assertThat(f.account().tasks().progress(task.id()).status()).isEqualTo(TaskStatus.CANCELLED);
    }
}
