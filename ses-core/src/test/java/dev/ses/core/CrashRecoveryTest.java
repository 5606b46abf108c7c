package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.spi.DkimKey;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An engine that dies mid-task loses nothing: the next one on the same store finishes the task. */
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

    @Test
    void aTaskInterruptedByACrashIsFinishedByTheNextEngineWithDuplicatesBoundedByWhatWasInFlight() {
        InMemoryStore store = new InMemoryStore();
        ManualClock clock = ManualClock.at("2026-04-01T08:00:00Z");
        StaticDnsResolver dns = new StaticDnsResolver();
        MailboxSimulator mailboxes = MailboxSimulator.create();
        int claimSize = 200;
        Ses first = Ses.builder().store(store).dns(dns).clock(clock).workers(0).claimSize(claimSize)
                .lease(Duration.ofMinutes(5)).node("first")
                .quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none()))
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256))
                .transport(new DyingTransport(mailboxes, 4_321)).build();
        SesAccount acme = first.account("acme");
        SenderDomain d = acme.domains().create("mail.acme.test");
        dns.publish(d);
        acme.domains().verify("mail.acme.test");
        acme.addresses().create("mail.acme.test", "news", "Acme");
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
        try (Ses second = Ses.builder().store(store).dns(dns).clock(clock).workers(0).claimSize(claimSize)
                .node("second").quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none()))
                .transport(new DyingTransport(mailboxes, Integer.MAX_VALUE)).build()) {
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
    }
}
