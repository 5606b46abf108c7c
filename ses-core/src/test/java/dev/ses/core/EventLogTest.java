package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.spi.Feedback;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.SesFixture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine's event log: written with each change, read by listeners through their cursor, kept for a while. */
class EventLogTest {
    /** Stands for the JVM dying while listeners are told: not an exception any code of ours catches. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void eventsCommittedBeforeACrashReachTheListenersOfTheNextInstance() {
        InMemoryStore store = new InMemoryStore();
        SesFixture first = SesFixture.create(store, b -> b.listener(e -> {
            throw new Crash();
        }));
        long tpl = first.textTemplate("hello");
        String id = first.account().send(first.message(tpl, "s").to("ann@acme.test").build()).messageId();
        assertThatThrownBy(first::runDueWork).isInstanceOf(Crash.class);
        assertThat(first.simulator().mailbox("ann@acme.test")).hasSize(1);
        // The first instance is dropped without close(), as a dead JVM would leave it.

        List<SesEvent> heard = new CopyOnWriteArrayList<>();
        try (Ses second = Ses.builder().store(store).transport(MailboxSimulator.create()).clock(first.clock())
                .workers(0).node("second").listener(heard::add).build()) {
            second.runDueWork();
            assertThat(heard).extracting(SesEvent::type).containsExactly(EventType.QUEUED, EventType.DELIVERED);
            assertThat(heard).allSatisfy(e -> assertThat(e.messageId()).isEqualTo(id));
            second.runDueWork();
            assertThat(heard).as("each event once the cursor moved past it").hasSize(2);
        }
    }

    @Test
    void anEventCarriesWhatConsumersNeed() {
        try (SesFixture f = SesFixture.create()) {
            f.simulator().rule("gone@acme.test").hardBounce("550 5.1.1 no such user");
            long tpl = f.textTemplate("hello");
            String id = f.account().send(f.message(tpl, "s").to("Gone@ACME.test").build()).messageId();
            f.runDueWork();

            List<LoggedEvent> logged = f.store().events().ofMessage(SesFixture.ACCOUNT, id);
            assertThat(logged).extracting(e -> e.event().type()).containsExactly(EventType.QUEUED, EventType.BOUNCED);
            SesEvent bounce = logged.get(1).event();
            assertThat(bounce.account()).isEqualTo(SesFixture.ACCOUNT);
            assertThat(bounce.from()).isEqualTo(SesFixture.SENDER);
            assertThat(bounce.senderDomain()).isEqualTo(SesFixture.DOMAIN);
            assertThat(bounce.recipientDomain()).isEqualTo("acme.test");
            assertThat(bounce.templateId()).isEqualTo(tpl);
            assertThat(bounce.attempt()).isEqualTo(1);
            assertThat(bounce.bounceType()).contains(BounceType.HARD);
            assertThat(bounce.enhancedCode()).contains("5.1.1");
            assertThat(bounce.at()).isEqualTo(f.clock().instant());
            assertThat(f.events()).extracting(SesEvent::type).containsExactly(EventType.QUEUED, EventType.BOUNCED);
        }
    }

    @Test
    void feedbackIsRecordedOnceWhenTheCallReturnsAndUnknownMessagesChangeNothing() {
        try (SesFixture f = SesFixture.create()) {
            long tpl = f.textTemplate("hello");
            String id = f.account().send(f.message(tpl, "s").to("ann@acme.test").build()).messageId();
            f.runDueWork();
            String messageId = f.simulator().mailbox("ann@acme.test").get(0).messageId();
            Feedback click = new Feedback(Feedback.Type.CLICKED, "<" + messageId + ">", "ANN@acme.test",
                    f.clock().instant(), Optional.of("https://acme.test/offer"), Optional.of("Mozilla/5.0"));

            assertThat(f.ses().report(click)).isEqualTo(FeedbackResult.APPLIED);
            // Durable before any pump: the row and the log show it already.
            assertThat(f.account().deliveries().byMessage(id).get(0).clicked()).isTrue();
            assertThat(f.ses().report(click)).isEqualTo(FeedbackResult.DUPLICATE);
            assertThat(f.ses().report(new Feedback(Feedback.Type.OPENED, "nosuch@" + SesFixture.DOMAIN,
                    "ann@acme.test", f.clock().instant(), Optional.empty(), Optional.empty())))
                    .isEqualTo(FeedbackResult.UNMATCHED);
            assertThat(f.ses().report(new Feedback(Feedback.Type.OPENED, messageId, "bob@acme.test",
                    f.clock().instant(), Optional.empty(), Optional.empty()))).isEqualTo(FeedbackResult.UNMATCHED);

            List<LoggedEvent> logged = f.store().events().ofMessage(SesFixture.ACCOUNT, id);
            // A click without an open implies one.
            assertThat(logged).extracting(e -> e.event().type())
                    .containsExactly(EventType.QUEUED, EventType.DELIVERED, EventType.OPENED, EventType.CLICKED);
            SesEvent clicked = logged.get(3).event();
            assertThat(clicked.first()).isTrue();
            assertThat(logged.get(2).event().first()).isTrue();
            assertThat(clicked.link()).contains("https://acme.test/offer");
            assertThat(clicked.userAgent()).contains("Mozilla/5.0");

            f.runDueWork();
            assertThat(f.events()).extracting(SesEvent::type)
                    .containsExactly(EventType.QUEUED, EventType.DELIVERED, EventType.OPENED, EventType.CLICKED);
        }
    }

    @Test
    void aLateBounceReportedTwiceBlocklistsOnceAndIsOneEvent() {
        try (SesFixture f = SesFixture.create()) {
            long tpl = f.textTemplate("hello");
            String id = f.account().send(f.message(tpl, "s").to("ann@acme.test").build()).messageId();
            f.runDueWork();
            String messageId = f.simulator().mailbox("ann@acme.test").get(0).messageId();
            Feedback bounce = new Feedback(Feedback.Type.BOUNCED, messageId, "ann@acme.test", f.clock().instant(),
                    Optional.of("550 5.2.1 mailbox disabled"), Optional.empty());
            assertThat(f.ses().report(bounce)).isEqualTo(FeedbackResult.APPLIED);
            assertThat(f.ses().report(bounce)).isEqualTo(FeedbackResult.DUPLICATE);
            assertThat(f.account().deliveries().byMessage(id).get(0).state()).isEqualTo(MessageState.BOUNCED);
            assertThat(f.account().blocklist().isBlocked("ann@acme.test")).isTrue();
            assertThat(f.store().events().ofMessage(SesFixture.ACCOUNT, id)).extracting(e -> e.event().type())
                    .containsExactly(EventType.QUEUED, EventType.DELIVERED, EventType.BOUNCED);
        }
    }

    @Test
    void eventsPastTheirRetentionArePruned() {
        try (SesFixture f = SesFixture.create(b -> b.eventRetention(Duration.ofDays(30)))) {
            long tpl = f.textTemplate("hello");
            String old = f.account().send(f.message(tpl, "s").to("ann@acme.test").build()).messageId();
            f.runDueWork();
            f.clock().advance(Duration.ofDays(20));
            String recent = f.account().send(f.message(tpl, "s").to("bob@acme.test").build()).messageId();
            f.runDueWork();
            assertThat(f.store().events().ofMessage(SesFixture.ACCOUNT, old)).hasSize(2);

            f.advance(Duration.ofDays(11));
            assertThat(f.store().events().ofMessage(SesFixture.ACCOUNT, old)).isEmpty();
            assertThat(f.store().events().ofMessage(SesFixture.ACCOUNT, recent)).hasSize(2);
        }
    }

    @Test
    void pruningKeepsUpWithABusyLogInBoundedSteps() {
        try (SesFixture f = SesFixture.create()) {
            java.time.Instant old = f.clock().instant().minus(Duration.ofDays(31));
            List<LoggedEvent> backlog = new java.util.ArrayList<>();
            for (int i = 0; i < 12_500; i++) {
                backlog.add(LoggedEvent.of("old" + i, new SesEvent(EventType.DELIVERED, SesFixture.ACCOUNT, "m", i,
                        "r@acme.test", SesFixture.SENDER, SesFixture.DOMAIN, 1, Optional.empty(), Optional.empty(), 1,
                        old, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())));
            }
            f.store().events().append(backlog);

            // The fixture's domain verification left its own, recent entry: retention keeps it.
            f.runDueWork();
            assertThat(f.store().events().after(0, 20_000)).as("one pump deletes ten batches")
                    .filteredOn(e -> e.event().type() == EventType.DELIVERED).hasSize(2_500);
            f.runDueWork();
            assertThat(f.store().events().after(0, 20_000)).as("the next pump goes on at once")
                    .extracting(e -> e.event().type()).containsExactly(EventType.DOMAIN_STATUS);
        }
    }

    @Test
    void aSlowListenerDoesNotHoldUpSending() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch listening = new CountDownLatch(1);
        SesFixture f = SesFixture.create(b -> b.workers(2).node("slow-listener").listener(e -> {
            listening.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            long tpl = f.textTemplate("hello");
            f.account().send(f.message(tpl, "s").to("ann@acme.test").build());
            assertThat(listening.await(30, TimeUnit.SECONDS)).as("the listener heard the first event").isTrue();
            // The listener now blocks its thread; the dispatchers keep sending.
            f.account().send(f.message(tpl, "s").to("bob@acme.test").build());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (f.simulator().mailbox("bob@acme.test").isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(f.simulator().mailbox("bob@acme.test")).as("sent while the listener is stuck").hasSize(1);
        } finally {
            release.countDown();
            f.close();
        }
    }

    @Test
    void aListenerThatThrowsIsSkippedAndTheOthersStillHear() {
        List<SesEvent> heard = new CopyOnWriteArrayList<>();
        try (SesFixture f = SesFixture.create(b -> b.listener(e -> {
            throw new IllegalStateException("listener bug");
        }).listener(heard::add))) {
            long tpl = f.textTemplate("hello");
            f.account().send(f.message(tpl, "s").to("ann@acme.test").build());
            f.runDueWork();
            f.account().send(f.message(tpl, "s").to("bob@acme.test").build());
            f.runDueWork();
            assertThat(heard).extracting(SesEvent::type).containsExactly(EventType.QUEUED, EventType.DELIVERED,
                    EventType.QUEUED, EventType.DELIVERED);
            assertThat(f.simulator().delivered()).hasSize(2);
            assertThat(f.ses().health().lastError()).isEmpty();
        }
    }

    @Test
    void threadsPumpingOneInstanceAtOnceHandEachEventToTheListenersOnce() throws Exception {
        List<SesEvent> heard = new CopyOnWriteArrayList<>();
        try (SesFixture f = SesFixture.create(b -> b.listener(heard::add).claimSize(10))) {
            long tpl = f.textTemplate("hello");
            for (int i = 0; i < 200; i++) {
                f.account().send(f.message(tpl, "s").to("r" + i + "@acme.test").build());
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    runs.add(pool.submit(f::runDueWork));
                }
                for (java.util.concurrent.Future<Integer> r : runs) {
                    r.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            f.runDueWork();
            assertThat(heard).hasSize(400);
            assertThat(heard.stream().map(e -> e.type() + " " + e.deliveryId()).distinct()).hasSize(400);
        }
    }

    @Test
    void retentionIsChecked() {
        assertThatThrownBy(() -> Ses.builder().eventRetention(Duration.ofMinutes(59)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventRetention");
    }
}
