package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.testing.SesFixture;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When a recurring task's runs start: in its zone, across daylight saving time changes. */
class TaskRecurrenceTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private SesFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    /** A fixture whose quota days, and so its tasks' default zone, are in {@code zone}. */
    private SesFixture fixture(ZoneId zone) {
        f = SesFixture.create(b -> b.quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none()).withZone(zone)));
        return f;
    }

    private TaskRequest recurring(Instant start, Duration every) {
        RecipientGroup g = f.account().groups().find("g").orElseGet(() -> {
            RecipientGroup created = f.account().groups().create("g", "");
            assertThat(f.account().groups().importCsv(created.id(),
                    new StringReader("email,name\nann@acme.test,Ann\n")).applied()).isTrue();
            return created;
        });
        return TaskRequest.recurring(f.sender(), g.id(), f.textTemplate("Hi {{name}}"), "x", start, every);
    }

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    /** Moves the clock to just before each instant (no run starts), then to it (one run starts). */
    private void expectRunsAt(SendTask task, List<Instant> starts) {
        for (int i = 0; i < starts.size(); i++) {
            f.clock().set(starts.get(i).minusSeconds(1));
            f.runDueWork();
            assertThat(f.account().tasks().runs(task.id())).as("before " + starts.get(i)).hasSize(i);
            f.clock().set(starts.get(i));
            f.runDueWork();
            assertThat(f.account().tasks().runs(task.id())).as("at " + starts.get(i)).hasSize(i + 1);
        }
        assertThat(f.account().tasks().runs(task.id())).extracting(TaskRun::startedAt)
                .containsExactlyElementsOf(starts);
    }

    @Test
    void everyDayAtNineInBerlinStaysAtNineAcrossTheMarchChange() {
        fixture(BERLIN);
        SendTask task = f.account().tasks().create(recurring(berlin("2026-03-27T09:00"), Duration.ofDays(1)));
        // Summer time begins on 29 March at 02:00: nine o'clock moves from 08:00 to 07:00 UTC.
        expectRunsAt(task, List.of(berlin("2026-03-27T09:00"), berlin("2026-03-28T09:00"),
                berlin("2026-03-29T09:00"), berlin("2026-03-30T09:00")));
        assertThat(berlin("2026-03-30T09:00")).isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
        assertThat(f.account().tasks().get(task.id()).nextRunAt()).contains(berlin("2026-03-31T09:00"));
    }

    @Test
    void everyDayAtNineInBerlinStaysAtNineAcrossTheOctoberChange() {
        fixture(BERLIN);
        SendTask task = f.account().tasks().create(recurring(berlin("2026-10-23T09:00"), Duration.ofDays(1)));
        expectRunsAt(task, List.of(berlin("2026-10-23T09:00"), berlin("2026-10-24T09:00"),
                berlin("2026-10-25T09:00"), berlin("2026-10-26T09:00")));
        assertThat(berlin("2026-10-26T09:00")).isEqualTo(Instant.parse("2026-10-26T08:00:00Z"));
    }

    @Test
    void aTaskTakesTheZoneOfTheQuotaDaysUnlessItNamesOne() {
        fixture(BERLIN);
        Instant start = berlin("2026-03-27T09:00");
        SendTask byDefault = f.account().tasks().create(recurring(start, Duration.ofDays(1)));
        assertThat(byDefault.zone()).isEqualTo(BERLIN);
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        SendTask named = f.account().tasks().create(recurring(start, Duration.ofDays(1)).withZone(tokyo));
        assertThat(f.account().tasks().get(named.id()).zone()).isEqualTo(tokyo);

        f.close();
        fixture(ZoneId.of("UTC"));
        assertThat(f.account().tasks().create(recurring(start, Duration.ofDays(1))).zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void aNamedZoneWinsOverTheQuotaDays() {
        fixture(ZoneId.of("UTC"));
        SendTask task = f.account().tasks().create(recurring(berlin("2026-03-28T09:00"), Duration.ofDays(2))
                .withZone(BERLIN));
        expectRunsAt(task, List.of(berlin("2026-03-28T09:00"), berlin("2026-03-30T09:00"),
                berlin("2026-04-01T09:00")));
    }

    @Test
    void anIntervalThatIsNotWholeDaysIsAFixedDuration() {
        fixture(BERLIN);
        Instant start = berlin("2026-03-28T21:00");
        SendTask task = f.account().tasks().create(recurring(start, Duration.ofHours(12)));
        // Twelve hours after 21:00 on the night the clocks go forward is 10:00 local.
        expectRunsAt(task, List.of(start, berlin("2026-03-29T10:00"), berlin("2026-03-29T22:00")));
        SendTask odd = f.account().tasks().create(recurring(berlin("2026-10-24T12:00"), Duration.ofHours(36)));
        expectRunsAt(odd, List.of(berlin("2026-10-24T12:00"), berlin("2026-10-25T23:00")));
    }

    @Test
    void aLocalTimeThatTheSpringChangeSkipsRunsLaterThatDayOnly() {
        fixture(BERLIN);
        SendTask task = f.account().tasks().create(recurring(berlin("2026-03-28T02:30"), Duration.ofDays(1)));
        expectRunsAt(task, List.of(berlin("2026-03-28T02:30"), Instant.parse("2026-03-29T01:30:00Z"),
                berlin("2026-03-30T02:30")));
        assertThat(ZonedDateTime.ofInstant(Instant.parse("2026-03-29T01:30:00Z"), BERLIN).toLocalTime())
                .hasToString("03:30");
    }

    @Test
    void runsMissedWhileNoEngineRanAreSkippedToTheNextFutureOccurrence() {
        fixture(BERLIN);
        SendTask task = f.account().tasks().create(recurring(berlin("2026-03-27T09:00"), Duration.ofDays(1)));
        f.clock().set(berlin("2026-03-27T09:00"));
        f.runDueWork();
        // Down from the 27th to the 30th at noon: the missed runs start once, late, and the next is tomorrow at 9.
        f.clock().set(berlin("2026-03-30T12:00"));
        f.runDueWork();
        assertThat(f.account().tasks().runs(task.id())).extracting(TaskRun::startedAt)
                .containsExactly(berlin("2026-03-27T09:00"), berlin("2026-03-30T12:00"));
        assertThat(f.account().tasks().get(task.id()).nextRunAt()).contains(berlin("2026-03-31T09:00"));
        f.clock().set(berlin("2026-03-31T09:00"));
        f.runDueWork();
        assertThat(f.account().tasks().runs(task.id())).hasSize(3);
    }
}
