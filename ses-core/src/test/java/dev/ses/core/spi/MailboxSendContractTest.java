package dev.ses.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a store's {@link MailboxSendRepository}. An implementation's test extends this class and supplies
 * a fresh, empty store per test.
 */
public abstract class MailboxSendContractTest {
    protected static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123Z");
    private static final Duration HOUR = Duration.ofHours(1);

    protected Store store;

    /** A new, empty store. */
    protected abstract Store newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private MailboxSendRepository sends() {
        return store.mailboxSends();
    }

    private Optional<Instant> admit(String mailbox, Instant now, int limit) {
        List<Optional<Instant>> results = sends().admitAll(List.of(mailbox), now, HOUR, limit);
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    private static Instant minutes(double m) {
        return T0.plusMillis((long) (m * 60_000));
    }

    @Test
    void aMailboxTakesUpToTheLimitAndTheNextWaitsForTheOldestToLeave() {
        assertThat(admit("ann@acme.test", minutes(0), 3)).isEmpty();
        assertThat(admit("ann@acme.test", minutes(10), 3)).isEmpty();
        assertThat(admit("ann@acme.test", minutes(20), 3)).isEmpty();
        assertThat(admit("ann@acme.test", minutes(30), 3)).contains(minutes(60));
        assertThat(admit("bob@acme.test", minutes(30), 3)).as("another mailbox").isEmpty();

        assertThat(admit("ann@acme.test", minutes(60).minusMillis(1), 3)).contains(minutes(60));
        assertThat(admit("ann@acme.test", minutes(60), 3)).as("the first send has left").isEmpty();
        assertThat(admit("ann@acme.test", minutes(65), 3)).contains(minutes(70));
    }

    /**
     * A window opened by a mailbox's first mail let 19 mails through in 61 seconds: 9 just before the window's end, 10
     * just after. A sliding window counts the 9 on both sides of that instant.
     */
    @Test
    void noHourEverHoldsMoreThanTheLimitAcrossWhatWasAWindowsEnd() {
        List<Instant> admitted = new ArrayList<>();
        List<Instant> attempts = new ArrayList<>();
        attempts.add(minutes(0));
        for (int i = 0; i < 9; i++) {
            attempts.add(minutes(59).plusSeconds(i));
        }
        for (int i = 0; i < 10; i++) {
            attempts.add(minutes(60).plusSeconds(1 + i));
        }
        for (Instant at : attempts) {
            if (admit("ann@acme.test", at, 10).isEmpty()) {
                admitted.add(at);
            }
        }
        assertThat(admitted).as("the first mail, the nine, and one in the place the first left").hasSize(11);
        assertThat(admitted.get(10)).isEqualTo(minutes(60).plusSeconds(1));
        for (Instant start : admitted) {
            assertThat(admitted).filteredOn(t -> !t.isBefore(start) && t.isBefore(start.plus(HOUR)))
                    .as("sends in the hour from %s", start).hasSizeLessThanOrEqualTo(10);
        }
        assertThat(admit("ann@acme.test", minutes(61), 10)).contains(minutes(119));
    }

    @Test
    void oneCallCountsItsOwnEarlierEntriesAndAnswersInOrder() {
        Instant now = minutes(0);
        assertThat(sends().admitAll(List.of("ann@acme.test", "bob@acme.test", "Ann@Acme.Test", "ann@acme.test",
                "bob@acme.test"), now, HOUR, 2)).containsExactly(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(now.plus(HOUR)), Optional.empty());
        assertThat(admit("ann@acme.test", minutes(1), 2)).contains(now.plus(HOUR));
        assertThat(admit("bob@acme.test", minutes(1), 2)).contains(now.plus(HOUR));
        assertThat(sends().admitAll(List.of(), now, HOUR, 2)).isEmpty();
    }

    @Test
    void mailboxesAreOneWhateverTheirCase() {
        assertThat(admit("Ann@Example.ORG", minutes(0), 2)).isEmpty();
        assertThat(admit("ann@example.org", minutes(1), 2)).isEmpty();
        assertThat(admit("ANN@EXAMPLE.ORG", minutes(2), 2)).contains(minutes(60));
        sends().release(List.of("aNN@example.org"), minutes(1));
        assertThat(admit("ann@Example.org", minutes(2), 2)).isEmpty();
    }

    /** With more sends counting than the limit (it was lowered), one fits once all but limit - 1 have left. */
    @Test
    void theWaitIsForAsManyToLeaveAsKeepTheCountAtTheLimit() {
        for (int i = 0; i < 5; i++) {
            assertThat(admit("ann@acme.test", minutes(i), 5)).isEmpty();
        }
        assertThat(admit("ann@acme.test", minutes(10), 2)).contains(minutes(63));
        assertThat(admit("ann@acme.test", minutes(10), 5)).contains(minutes(60));
    }

    @Test
    void aSendRecordedAheadOfTheClockCountsToo() {
        assertThat(admit("ann@acme.test", minutes(10), 1)).isEmpty();
        assertThat(admit("ann@acme.test", minutes(0), 1)).contains(minutes(70));
    }

    @Test
    void aReleasedSendStopsCountingAndAReleaseOfNothingIsPassedOver() {
        Instant now = minutes(0);
        assertThat(sends().admitAll(List.of("ann@acme.test", "ann@acme.test", "ann@acme.test", "bob@acme.test"),
                now, HOUR, 3)).containsOnly(Optional.empty());
        sends().release(List.of("ann@acme.test", "ann@acme.test", "carl@acme.test"), now);
        sends().release(List.of("bob@acme.test"), now.plusMillis(1));
        sends().release(List.of(), now);
        assertThat(sends().admitAll(List.of("ann@acme.test", "ann@acme.test", "ann@acme.test"), minutes(1), HOUR, 3))
                .containsExactly(Optional.empty(), Optional.empty(), Optional.of(minutes(60)));
        assertThat(sends().admitAll(List.of("bob@acme.test", "bob@acme.test", "bob@acme.test", "bob@acme.test"),
                minutes(1), HOUR, 3)).containsExactly(Optional.empty(), Optional.empty(), Optional.of(minutes(60)),
                Optional.of(minutes(60)));

        sends().release(List.of("ann@acme.test", "ann@acme.test", "ann@acme.test"), minutes(1));
        assertThat(admit("ann@acme.test", minutes(2), 3)).as("two given back at minute 1, the third had none")
                .isEmpty();
        assertThat(admit("ann@acme.test", minutes(2), 3)).isEmpty();
        assertThat(admit("ann@acme.test", minutes(2), 3)).contains(minutes(60));
    }

    @Test
    void admissionsAndReleasesRollBackWithTheirTransaction() {
        assertThat(admit("ann@acme.test", minutes(0), 2)).isEmpty();
        assertThatThrownBy(() -> store.inTransaction(() -> {
            assertThat(admit("ann@acme.test", minutes(1), 2)).isEmpty();
            assertThat(admit("ann@acme.test", minutes(1), 2)).as("seen in its own transaction")
                    .contains(minutes(60));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThatThrownBy(() -> store.inTransaction(() -> {
            sends().release(List.of("ann@acme.test"), minutes(0));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(admit("ann@acme.test", minutes(2), 2)).isEmpty();
        assertThat(admit("ann@acme.test", minutes(2), 2)).contains(minutes(60));
    }

    @Test
    void pruningForgetsOnlyOlderSendsAndAtMostTheLimit() {
        for (int i = 0; i < 5; i++) {
            assertThat(admit(i % 2 == 0 ? "ann@acme.test" : "bob@acme.test", minutes(i), 10)).isEmpty();
        }
        assertThat(admit("ann@acme.test", minutes(70), 10)).isEmpty();

        Instant cut = minutes(70);
        assertThat(sends().pruneBefore(cut, 3)).isEqualTo(3);
        assertThat(sends().pruneBefore(cut, 3)).isEqualTo(2);
        assertThat(sends().pruneBefore(cut, 3)).isZero();
        assertThat(admit("ann@acme.test", minutes(71), 2)).as("the send at minute 70 still counts").isEmpty();
        assertThat(admit("ann@acme.test", minutes(71), 2)).contains(minutes(130));
        assertThat(admit("bob@acme.test", minutes(71), 1)).isEmpty();
    }

    @Test
    void aBadWindowOrLimitIsRefused() {
        assertThatThrownBy(() -> sends().admitAll(List.of("ann@acme.test"), T0, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> sends().admitAll(List.of("ann@acme.test"), T0, HOUR, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }

    /**
     * Threads admitting to the same mailboxes at once, in opposite orders, never pass the limit. Each thread's clock
     * reads a millisecond apart, so that sends that should have waited would be rows of their own, not duplicates.
     */
    @Test
    void concurrentAdmissionsNeverPassTheLimit() throws Exception {
        int threads = 4;
        int rounds = 15;
        int limit = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier together = new CyclicBarrier(threads);
            List<Callable<List<String>>> calls = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<String> order = new ArrayList<>(List.of("ann@acme.test", "Bob@acme.test", "new" + t + "@x.test"));
                if (t % 2 == 1) {
                    Collections.reverse(order);
                }
                Instant now = T0.plusMillis(t);
                calls.add(() -> {
                    List<String> admitted = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        together.await(30, TimeUnit.SECONDS);
                        List<Optional<Instant>> results = sends().admitAll(order, now, HOUR, limit);
                        for (int i = 0; i < order.size(); i++) {
                            if (results.get(i).isEmpty()) {
                                admitted.add(order.get(i).toLowerCase(Locale.ROOT));
                            } else {
                                assertThat(results.get(i).get()).isBetween(T0.plus(HOUR), now.plus(HOUR));
                            }
                        }
                    }
                    return admitted;
                });
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : pool.invokeAll(calls)) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(all).filteredOn("ann@acme.test"::equals).hasSize(limit);
            assertThat(all).filteredOn("bob@acme.test"::equals).hasSize(limit);
            for (int t = 0; t < threads; t++) {
                assertThat(all).filteredOn(("new" + t + "@x.test")::equals).hasSize(limit);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * An admission inside a transaction holds its mailbox until the transaction ends: another waits for it, then
     * counts what it recorded.
     */
    @Test
    void anAdmissionWaitsForATransactionHoldingItsMailbox() throws Exception {
        assertThat(admit("ann@acme.test", minutes(0), 2)).isEmpty();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch admitted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<Optional<Instant>> first = pool.submit(() -> store.inTransaction(() -> {
                Optional<Instant> mine = admit("ann@acme.test", minutes(1), 2);
                admitted.countDown();
                await(release);
                return mine;
            }));
            assertThat(admitted.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Optional<Instant>> second = pool.submit(() -> admit("ann@acme.test", minutes(1), 2));
            try {
                second.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException expected) {
                // The second admission waits for the first transaction: what this test is about.
            }
            assertThat(second.isDone()).isFalse();
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).isEmpty();
            assertThat(second.get(30, TimeUnit.SECONDS)).contains(minutes(60));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
