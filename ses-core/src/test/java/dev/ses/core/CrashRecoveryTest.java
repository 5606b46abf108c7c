package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.RecipientResult;
import dev.ses.core.spi.TransportContext;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.ManualClock;
import dev.ses.core.testing.SimulatedMail;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An engine that dies mid-task loses nothing: the next one on the same store finishes the task. One that stalls
 * past its lease does not undo the work of the node that took over.
 */
class CrashRecoveryTest {
    /** Stands for the JVM dying: not an exception any code of ours catches. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** Hands messages to the simulator and dies after a given number of them, mid-chunk. */
    static final class DyingTransport implements MailTransport {
        private final MailboxSimulator simulator;
        private final AtomicInteger left;

        DyingTransport(MailboxSimulator simulator, int dieAfter) {
            this.simulator = simulator;
            this.left = new AtomicInteger(dieAfter);
        }

        @Override
        public void start(TransportContext context) {
            simulator.start(context);
        }

        @Override
        public List<RecipientResult> send(OutboundMail mail) {
            if (left.getAndDecrement() <= 0) {
                throw new Crash();
            }
            return simulator.send(mail);
        }
    }

    // Shared by the engines of one test: JUnit makes a new instance for each test.
    private final InMemoryStore store = new InMemoryStore();
    private final ManualClock clock = ManualClock.at("2026-04-01T08:00:00Z");
    private final StaticDnsResolver dns = new StaticDnsResolver();
    private final MailboxSimulator mailboxes = MailboxSimulator.create();

    @Test
    void aTaskInterruptedByACrashIsFinishedByTheNextEngineWithDuplicatesBoundedByWhatWasInFlight() {
        int claimSize = 200;
        Ses first = engine("first", claimSize, new DyingTransport(mailboxes, 4_321));
        SesAccount acme = sender(first);
        RecipientGroup g = acme.groups().create("all", "");
        StringBuilder csv = new StringBuilder("email,n\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("r").append(i).append("@acme.test,").append(i).append('\n');
        }
        acme.groups().importCsv(g.id(), new StringReader(csv.toString()));
        long tpl = acme.templates().create("t", TemplateType.TEXT, "n={{n}}").id();
        SendTask task = acme.tasks().create(TaskRequest.batch("news@mail.acme.test", g.id(), tpl, "x"));

        assertThatThrownBy(first::runDueWork).isInstanceOf(Crash.class);
        int beforeCrash = mailboxes.delivered().size();
        assertThat(beforeCrash).isEqualTo(4_321);
        // The first engine is dropped without close(), as a dead JVM would leave it.

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        try (Ses second = engine("second", claimSize, new DyingTransport(mailboxes, Integer.MAX_VALUE))) {
            second.runDueWork();
            TaskProgress p = second.account("acme").tasks().progress(task.id());
            assertThat(p.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(p.count(MessageState.DELIVERED)).isEqualTo(10_000);
        }

        Map<String, Integer> copies = new HashMap<>();
        for (SimulatedMail m : mailboxes.delivered()) {
            copies.merge(m.recipient(), 1, Integer::sum);
            assertThat(m.text()).isEqualTo("n=" + m.recipient().substring(1, m.recipient().indexOf('@')));
        }
        assertThat(copies).hasSize(10_000);
        List<String> twice = new ArrayList<>();
        copies.forEach((r, n) -> {
            if (n > 1) {
                twice.add(r);
            }
        });
        assertThat(copies.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
        assertThat(twice).as("sent twice: only what the dead engine had handed over in its last chunk")
                .hasSizeLessThanOrEqualTo(claimSize);
        // The log holds one delivery per recipient: what the dead engine sent but never settled left no event.
        Map<Long, Integer> deliveries = new HashMap<>();
        long after = 0;
        List<LoggedEvent> page;
        while (!(page = store.events().after(after, 1_000)).isEmpty()) {
            page.stream().filter(e -> e.event().type() == EventType.DELIVERED)
                    .forEach(e -> deliveries.merge(e.event().deliveryId(), 1, Integer::sum));
            after = page.get(page.size() - 1).seq();
        }
        assertThat(deliveries).hasSize(10_000);
        assertThat(deliveries.values()).containsOnly(1);
    }

    @Test
    void aNodeWhoseLeaseRanOutWhileItSentDoesNotWriteOverTheNodeThatTookItsMessages() {
        Ses fast = engine("fast", 256, mailboxes);
        AtomicInteger slowSends = new AtomicInteger();
        // The slow node's send outlasts its lease: meanwhile the fast node claims the message and delivers it.
        // Then the slow node's own attempt comes back deferred.
        MailTransport stalls = new MailTransport() {
            @Override
            public List<RecipientResult> send(OutboundMail mail) {
                slowSends.incrementAndGet();
                clock.advance(Duration.ofMinutes(10));
                fast.runDueWork();
                return mail.envelopeRecipients().stream()
                        .map(r -> RecipientResult.fromReply(r, 451, "4.3.0 try again later")).toList();
            }
        };
        Ses slow = engine("slow", 256, stalls);
        SesAccount acme = sender(slow);
        long tpl = acme.templates().create("t", TemplateType.TEXT, "hello").id();
        String id = acme.send(SendRequest.builder().from("news@mail.acme.test").template(tpl).subject("s")
                .to("ann@acme.test").build()).messageId();

        slow.runDueWork();

        assertThat(slowSends).hasValue(1);
        DeliveryStatus status = acme.deliveries().byMessage(id).get(0);
        assertThat(status.state()).isEqualTo(MessageState.DELIVERED);
        // Had the slow node's deferral been written, the message would go out once more within the hour.
        for (int minute = 0; minute < 120; minute++) {
            clock.advance(Duration.ofMinutes(1));
            slow.runDueWork();
            fast.runDueWork();
        }
        assertThat(slowSends).hasValue(1);
        assertThat(mailboxes.mailbox("ann@acme.test")).hasSize(1);
        assertThat(acme.deliveries().byMessage(id).get(0).state()).isEqualTo(MessageState.DELIVERED);
        assertThat(store.events().ofMessage("acme", id)).as("nothing of the superseded claim is recorded")
                .extracting(e -> e.event().type()).containsExactly(EventType.QUEUED, EventType.DELIVERED);
        slow.close();
        fast.close();
    }

    @Test
    void feedbackAppliedWhileTheMessageIsStillBeingSentIsKeptWithItsOutcome() {
        mailboxes.rule("ann@acme.test").thenComplain(Duration.ZERO);
        mailboxes.rule("bob@acme.test").thenBounce("550 5.1.1 no such user (after acceptance)", Duration.ZERO);
        AtomicReference<Ses> self = new AtomicReference<>();
        AtomicBoolean nested = new AtomicBoolean();
        // Another dispatcher thread pumps while this one is still in its send: it picks up the follow-up that the
        // simulator made due at once, for a message whose row is still SENDING.
        MailTransport pumpsMeanwhile = new MailTransport() {
            @Override
            public void start(TransportContext context) {
                mailboxes.start(context);
            }

            @Override
            public List<RecipientResult> send(OutboundMail mail) {
                List<RecipientResult> results = mailboxes.send(mail);
                if (nested.compareAndSet(false, true)) {
                    self.get().runDueWork();
                    nested.set(false);
                }
                return results;
            }

            @Override
            public void runDueWork() {
                mailboxes.runDueWork();
            }
        };
        try (Ses ses = engine("one", 256, pumpsMeanwhile)) {
            self.set(ses);
            SesAccount acme = sender(ses);
            long tpl = acme.templates().create("t", TemplateType.TEXT, "hello").id();
            String toAnn = acme.send(SendRequest.builder().from("news@mail.acme.test").template(tpl).subject("s")
                    .to("ann@acme.test").build()).messageId();
            String toBob = acme.send(SendRequest.builder().from("news@mail.acme.test").template(tpl).subject("s")
                    .to("bob@acme.test").build()).messageId();

            ses.runDueWork();

            DeliveryStatus ann = acme.deliveries().byMessage(toAnn).get(0);
            assertThat(ann.state()).isEqualTo(MessageState.DELIVERED);
            assertThat(ann.complained()).isTrue();
            DeliveryStatus bob = acme.deliveries().byMessage(toBob).get(0);
            assertThat(bob.state()).isEqualTo(MessageState.BOUNCED);
            assertThat(bob.reply()).hasValueSatisfying(r -> assertThat(r).contains("5.1.1"));
            assertThat(acme.blocklist().isBlocked("bob@acme.test")).isTrue();
            clock.advance(Duration.ofHours(2));
            ses.runDueWork();
            assertThat(mailboxes.mailbox("ann@acme.test")).hasSize(1);
            assertThat(mailboxes.mailbox("bob@acme.test")).hasSize(1);
            // The complaint was recorded before the send settled; the bounce took the place of the delivery.
            assertThat(store.events().ofMessage("acme", toAnn)).extracting(e -> e.event().type())
                    .containsExactly(EventType.QUEUED, EventType.COMPLAINED, EventType.DELIVERED);
            assertThat(store.events().ofMessage("acme", toBob)).extracting(e -> e.event().type())
                    .containsExactly(EventType.QUEUED, EventType.BOUNCED);
        }
    }

    /** An engine on a shared store, pumped by hand, with a lease of five minutes. */
    private Ses engine(String node, int claimSize, MailTransport transport) {
        return Ses.builder().store(store).dns(dns).clock(clock).workers(0).claimSize(claimSize)
                .lease(Duration.ofMinutes(5)).node(node).quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none()))
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256))
                .transport(transport).build();
    }

    /** Account "acme" with the verified sender domain mail.acme.test and its address news@. */
    private SesAccount sender(Ses ses) {
        SesAccount acme = ses.account("acme");
        SenderDomain d = acme.domains().create("mail.acme.test");
        dns.publish(d);
        acme.domains().verify("mail.acme.test");
        acme.addresses().create("mail.acme.test", "news", "Acme");
        return acme;
    }
}
