package dev.ses.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.BounceType;
import dev.ses.core.EventType;
import dev.ses.core.SesEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a store's {@link EventRepository}. An implementation's test extends this class and supplies a
 * fresh, empty store per test.
 */
public abstract class EventLogContractTest {
    protected static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123Z");
    private static final Duration LEASE = Duration.ofMinutes(1);

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

    protected static SesEvent event(EventType type, String account, String messageId, long row, Instant at) {
        return new SesEvent(type, account, messageId, row, "r" + row + "@Example.ORG", "noreply@mail.acme.test",
                "mail.acme.test", 7, Optional.empty(), Optional.empty(), 1, at, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    private static LoggedEvent entry(String key, long row) {
        return LoggedEvent.of(key, event(EventType.DELIVERED, "acme", "m1", row, T0));
    }

    private EventRepository log() {
        return store.events();
    }

    @Test
    void appendsNumberEventsInOrderAndLeaveOutKeysTheLogHolds() {
        List<LoggedEvent> first = log().append(List.of(entry("a", 1), entry("b", 2), entry("a", 3)));
        assertThat(first).extracting(LoggedEvent::key).containsExactly("a", "b");
        assertThat(first.get(1).seq()).isGreaterThan(first.get(0).seq());

        List<LoggedEvent> second = log().append(List.of(entry("b", 4), entry("c", 5)));
        assertThat(second).extracting(LoggedEvent::key).containsExactly("c");
        assertThat(second.get(0).seq()).isGreaterThan(first.get(1).seq());
        assertThat(log().head()).isEqualTo(second.get(0).seq());
        assertThat(log().after(0, 10)).extracting(LoggedEvent::key).containsExactly("a", "b", "c");
        assertThat(log().after(0, 10)).extracting(e -> e.event().deliveryId()).containsExactly(1L, 2L, 5L);
        assertThat(log().append(List.of())).isEmpty();
    }

    @Test
    void anAppendRollsBackWithItsTransaction() {
        log().append(List.of(entry("kept", 1)));
        long head = log().head();
        assertThatThrownBy(() -> store.inTransaction(() -> {
            log().append(List.of(entry("undone", 2)));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(log().after(0, 10)).extracting(LoggedEvent::key).containsExactly("kept");
        assertThat(log().head()).isEqualTo(head);
        assertThat(log().append(List.of(entry("undone", 2)))).hasSize(1);
    }

    @Test
    void everyFieldReadsBackAsWritten() {
        SesEvent full = new SesEvent(EventType.BOUNCED, "acme", "req-1", 42, "Ann@Example.ORG",
                "noreply@mail.acme.test", "mail.acme.test", 9, Optional.of(3L), Optional.of(4L), 2, T0,
                Optional.of("550 5.1.1 no such user"), Optional.of(BounceType.HARD), Optional.of("https://x.test/a"),
                Optional.of("Mozilla/5.0"));
        SesEvent bare = event(EventType.QUEUED, "acme", "req-1", 43, T0.plusMillis(1));
        log().append(List.of(LoggedEvent.of("full", full), LoggedEvent.of("bare", bare)));

        List<LoggedEvent> read = log().after(0, 10);
        assertThat(read).extracting(LoggedEvent::event).containsExactly(full, bare);
        assertThat(read.get(0).event().recipientDomain()).isEqualTo("example.org");
        assertThat(read.get(0).event().enhancedCode()).contains("5.1.1");
        assertThat(read.get(1).event().enhancedCode()).isEmpty();
    }

    @Test
    void pagesAndMessagesReadInOrder() {
        List<LoggedEvent> batch = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            batch.add(LoggedEvent.of("e" + i, event(EventType.DELIVERED, i % 2 == 0 ? "other" : "acme",
                    "m" + (i % 3), i, T0)));
        }
        List<LoggedEvent> appended = log().append(batch);
        List<LoggedEvent> page = log().after(appended.get(2).seq(), 2);
        assertThat(page).extracting(LoggedEvent::key).containsExactly("e4", "e5");
        assertThat(log().after(log().head(), 10)).isEmpty();
        assertThat(log().ofMessage("acme", "m1")).extracting(LoggedEvent::key).containsExactly("e1", "e7");
        assertThat(log().ofMessage("other", "m1")).extracting(LoggedEvent::key).containsExactly("e4");
        assertThat(log().ofMessage("acme", "none")).isEmpty();
        assertThat(log().ofDelivery("acme", "m1", 7)).extracting(LoggedEvent::key).containsExactly("e7");
        assertThat(log().ofDelivery("other", "m1", 7)).isEmpty();
    }

    @Test
    void aQueuedGroupHasTheQueuedEventOfEachMessageAsTheLogWritesItForOne() {
        dev.ses.core.RecipientGroup g = store.groups().insert(StoreContractTest.group("acme", "all"));
        store.groups().addMembers(g.id(), List.of(StoreContractTest.row("b@X.test", 2),
                StoreContractTest.row("a@y.TEST", 3)));
        MailRequest base = StoreContractTest.request("acme", null);
        MailRequest r = new MailRequest(base.id(), base.account(), base.addressId(), base.fromAddress(),
                base.fromName(), base.senderDomain(), base.templateId(), base.templateType(), base.templateBody(),
                base.subject(), base.variables(), List.of(), List.of(), Optional.empty(), java.util.Map.of(),
                List.of(), true, Optional.of(5L), Optional.of(9L), Optional.empty(), T0);
        log().append(List.of(entry("before", 1)));
        store.inTransaction(() -> {
            store.requests().insertIfAbsent(r);
            return store.enqueueGroup(r, g.id(), T0.plusSeconds(5));
        });

        List<MessageRecord> rows = store.messages().byRun(9, 0, 10);
        List<LoggedEvent> logged = log().ofMessage("acme", r.id());
        assertThat(logged).extracting(e -> e.key() + " " + e.event())
                .containsExactlyElementsOf(rows.stream().map(m -> LoggedEvent.queued(m, r.fromAddress()))
                        .map(e -> e.key() + " " + e.event()).toList());
        assertThat(logged.get(0).event().recipientDomain()).isEqualTo("x.test");
        assertThat(logged.get(0).seq()).isGreaterThan(log().after(0, 1).get(0).seq());
        assertThat(log().head()).isEqualTo(logged.get(1).seq());
        assertThat(log().append(List.of(entry("after", 2)))).singleElement()
                .satisfies(e -> assertThat(e.seq()).isGreaterThan(logged.get(1).seq()));
    }

    @Test
    void aCursorIsHeldByOneNodeUntilItsLeaseExpiresOrItIsReleased() {
        assertThat(log().cursor("stats")).isEmpty();
        assertThat(log().claimCursor("stats", "n1", T0, LEASE)).contains(0L);
        assertThat(log().claimCursor("stats", "n2", T0.plusSeconds(30), LEASE)).isEmpty();
        assertThat(log().claimCursor("stats", "n1", T0.plusSeconds(30), LEASE)).contains(0L);
        assertThat(log().moveCursor("stats", "n1", 5, T0.plusSeconds(40), LEASE)).isTrue();
        assertThat(log().moveCursor("stats", "n2", 9, T0.plusSeconds(40), LEASE)).isFalse();
        assertThat(log().cursor("stats")).contains(5L);

        // n1's lease, last extended at +40s, runs out at +100s: n2 takes over, and n1 can no longer move it.
        assertThat(log().claimCursor("stats", "n2", T0.plusSeconds(99), LEASE)).isEmpty();
        assertThat(log().claimCursor("stats", "n2", T0.plusSeconds(101), LEASE)).contains(5L);
        assertThat(log().moveCursor("stats", "n1", 7, T0.plusSeconds(102), LEASE)).isFalse();
        log().releaseCursor("stats", "n1");
        assertThat(log().claimCursor("stats", "n1", T0.plusSeconds(103), LEASE)).isEmpty();

        log().releaseCursor("stats", "n2");
        assertThat(log().claimCursor("stats", "n1", T0.plusSeconds(104), LEASE)).contains(5L);
        assertThat(log().cursor("other")).isEmpty();
        assertThat(log().claimCursor("other", "n2", T0.plusSeconds(104), LEASE)).contains(0L);
    }

    @Test
    void aCursorMovesWithTheTransactionOfTheConsumersWork() {
        log().claimCursor("stats", "n1", T0, LEASE);
        assertThatThrownBy(() -> store.inTransaction(() -> {
            log().moveCursor("stats", "n1", 3, T0, LEASE);
            throw new IllegalStateException("consumer failed");
        })).hasMessage("consumer failed");
        assertThat(log().cursor("stats")).contains(0L);
    }

    @Test
    void pruningDeletesOnlyOlderEventsAndAtMostTheLimit() {
        List<LoggedEvent> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(LoggedEvent.of("old" + i, event(EventType.DELIVERED, "acme", "m", i, T0)));
        }
        batch.add(LoggedEvent.of("new", event(EventType.DELIVERED, "acme", "m", 9, T0.plus(Duration.ofDays(2)))));
        log().append(batch);

        Instant cut = T0.plus(Duration.ofDays(1));
        assertThat(log().pruneBefore(cut, Long.MAX_VALUE, 3)).isEqualTo(3);
        assertThat(log().pruneBefore(cut, Long.MAX_VALUE, 3)).isEqualTo(2);
        assertThat(log().pruneBefore(cut, Long.MAX_VALUE, 3)).isZero();
        assertThat(log().after(0, 10)).extracting(LoggedEvent::key).containsExactly("new");
        assertThat(log().ofMessage("acme", "m")).extracting(LoggedEvent::key).containsExactly("new");
    }

    @Test
    void pruningKeepsWhatNoCursorHasPassed() {
        List<LoggedEvent> appended = log().append(List.of(
                LoggedEvent.of("a", event(EventType.DELIVERED, "acme", "m", 1, T0)),
                LoggedEvent.of("b", event(EventType.DELIVERED, "acme", "m", 2, T0)),
                LoggedEvent.of("c", event(EventType.DELIVERED, "acme", "m", 3, T0))));
        Instant cut = T0.plus(Duration.ofDays(1));

        assertThat(log().pruneBefore(cut, appended.get(0).seq(), 10)).isEqualTo(1);
        assertThat(log().pruneBefore(cut, appended.get(0).seq(), 10)).isZero();
        assertThat(log().after(0, 10)).extracting(LoggedEvent::key).containsExactly("b", "c");
        assertThat(log().pruneBefore(cut, appended.get(2).seq(), 10)).isEqualTo(2);
        assertThat(log().after(0, 10)).isEmpty();
    }

    /**
     * Numbers follow commit order: while one transaction holds appended events, another's append waits, and once
     * both committed, no reader has ever seen an event below one it saw before. On a log numbered at insert time the
     * second transaction would commit number 2 while number 1 is still open, and a reader would skip number 1.
     */
    @Test
    void numbersFollowCommitOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch appended = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<List<LoggedEvent>> first = pool.submit(() -> store.inTransaction(() -> {
                List<LoggedEvent> mine = log().append(List.of(entry("first", 1)));
                appended.countDown();
                await(release);
                return mine;
            }));
            assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();
            Future<List<LoggedEvent>> second = pool.submit(() -> store.inTransaction(
                    () -> log().append(List.of(entry("second", 2)))));
            List<Long> seen = new ArrayList<>();
            try {
                second.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException expected) {
                // The second append waits for the first transaction: the order this test is about.
            }
            // Read while the first transaction is open, from a thread of its own (a read may wait for it too).
            Future<List<LoggedEvent>> during = pool.submit(() -> log().after(0, 10));
            release.countDown();
            long firstSeq = first.get(30, TimeUnit.SECONDS).get(0).seq();
            long secondSeq = second.get(30, TimeUnit.SECONDS).get(0).seq();
            during.get(30, TimeUnit.SECONDS).forEach(e -> seen.add(e.seq()));
            log().after(0, 10).forEach(e -> {
                if (!seen.contains(e.seq())) {
                    assertThat(seen).as("event %d appeared after a later one was read", e.seq())
                            .allMatch(s -> s < e.seq());
                    seen.add(e.seq());
                }
            });
            assertThat(secondSeq).isGreaterThan(firstSeq);
            assertThat(seen).containsExactly(firstSeq, secondSeq);
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
