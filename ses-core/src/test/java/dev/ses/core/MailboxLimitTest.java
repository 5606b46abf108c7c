package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.ManualClock;
import dev.ses.core.testing.SesFixture;
import dev.ses.core.testing.SimulatedMail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The hourly limit per recipient mailbox: a sliding hour, counted in the store, shared by every node on it. */
class MailboxLimitTest {
    private static final Duration HOUR = Duration.ofHours(1);

    private final InMemoryStore store = new InMemoryStore();
    private final ManualClock clock = ManualClock.at(SesFixture.START);
    private final StaticDnsResolver dns = new StaticDnsResolver();

    /** The most mails that arrived in any hour, each arrival starting one. */
    private static long mostInAnHour(List<SimulatedMail> mails) {
        long most = 0;
        for (SimulatedMail start : mails) {
            Instant from = start.receivedAt();
            most = Math.max(most, mails.stream().map(SimulatedMail::receivedAt)
                    .filter(t -> !t.isBefore(from) && t.isBefore(from.plus(HOUR))).count());
        }
        return most;
    }

    /**
     * A window opened by a mailbox's first mail and closed an hour later let the nine mails sent just before its end
     * and the nine just after all through: 18 in 61 seconds. The hour now slides, so the nine before still count
     * after; the rest wait until they leave it.
     */
    @Test
    void nineteenMailsAcrossWhatWasAWindowsEndNeverPutMoreThanTenInAnHour() {
        try (SesFixture f = SesFixture.create(store, b -> b.clock(clock)
                .quotas(QuotaPolicy.defaults().withMailboxPerHour(10)))) {
            long tpl = f.textTemplate("x");
            f.account().send(f.message(tpl, "x").to("ann@acme.test").build());
            f.runDueWork();
            clock.advance(Duration.ofMinutes(59));
            for (int i = 0; i < 9; i++) {
                f.account().send(f.message(tpl, "x").to(i % 2 == 0 ? "ann@acme.test" : "Ann@acme.test").build());
            }
            f.runDueWork();
            assertThat(f.simulator().mailbox("ann@acme.test")).hasSize(10);

            clock.advance(Duration.ofSeconds(61));
            List<String> late = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                late.add(f.account().send(f.message(tpl, "x").to("ann@acme.test").build()).messageId());
            }
            f.runDueWork();
            assertThat(f.simulator().mailbox("ann@acme.test")).as("only the first mail has left the hour")
                    .hasSize(11);
            DeliveryStatus held = f.account().deliveries().byMessage(late.get(8)).get(0);
            assertThat(held.state()).isEqualTo(MessageState.QUEUED);
            assertThat(held.attempts()).isZero();
            assertThat(held.reply()).hasValueSatisfying(r -> assertThat(r)
                    .contains("rate limit for ann@acme.test: 10 mails in the last hour")
                    .contains(Instant.parse(SesFixture.START).plus(Duration.ofMinutes(119)).toString()));

            for (int minute = 0; minute < 180; minute++) {
                clock.advance(Duration.ofMinutes(1));
                f.runDueWork();
            }
            List<SimulatedMail> received = f.simulator().mailbox("ann@acme.test");
            assertThat(received).hasSize(19);
            assertThat(mostInAnHour(received)).isEqualTo(10);
        }
    }

    /** Each node kept its own count, so two nodes let twice the limit through; the store's count is theirs. */
    @Test
    void twoNodesOnOneStoreShareTheLimit() {
        MailboxSimulator first = MailboxSimulator.create();
        MailboxSimulator second = MailboxSimulator.create();
        try (Ses a = node("a", first); Ses b = node("b", second)) {
            SesAccount acme = a.account("acme");
            SenderDomain d = acme.domains().create("mail.acme.test");
            dns.publish(d);
            acme.domains().verify("mail.acme.test");
            acme.addresses().create("mail.acme.test", "news", "Acme");
            long tpl = acme.templates().create("t", TemplateType.TEXT, "x").id();

            for (int i = 0; i < 6; i++) {
                acme.send(SendRequest.builder().from("news@mail.acme.test").template(tpl).subject("x")
                        .to("ann@acme.test").build());
            }
            a.runDueWork();
            assertThat(first.mailbox("ann@acme.test")).hasSize(6);

            clock.advance(Duration.ofMinutes(30));
            SesAccount viaB = b.account("acme");
            for (int i = 0; i < 6; i++) {
                viaB.send(SendRequest.builder().from("news@mail.acme.test").template(tpl).subject("x")
                        .to("ANN@acme.test").build());
            }
            b.runDueWork();
            assertThat(second.mailbox("ann@acme.test")).as("four places were left in the hour").hasSize(4);

            clock.advance(Duration.ofMinutes(29));
            a.runDueWork();
            b.runDueWork();
            assertThat(first.mailbox("ann@acme.test").size() + second.mailbox("ann@acme.test").size())
                    .isEqualTo(10);
            clock.advance(Duration.ofMinutes(1));
            b.runDueWork();
            a.runDueWork();
            List<SimulatedMail> all = new ArrayList<>(first.mailbox("ann@acme.test"));
            all.addAll(second.mailbox("ann@acme.test"));
            assertThat(all).hasSize(12);
            assertThat(mostInAnHour(all)).isEqualTo(10);
        }
    }

    /**
     * A mail that cannot be rendered never reaches the mailbox, so its place in the hour goes to the next one. Its
     * request is written to the store directly: a send checks its template up front, so none of its own fails here.
     */
    @Test
    void aMailThatIsNotSentGivesItsPlaceBack() {
        try (SesFixture f = SesFixture.create(store, b -> b.clock(clock)
                .quotas(QuotaPolicy.defaults().withMailboxPerHour(2)))) {
            long tpl = f.textTemplate("x");
            MailRequest sent = store.requests().get(f.account().send(f.message(tpl, "x").to("ann@acme.test")
                    .build()).messageId()).orElseThrow();
            MailRequest broken = new MailRequest("broken", sent.account(), sent.addressId(), sent.fromAddress(),
                    sent.fromName(), sent.senderDomain(), sent.templateId(), sent.templateType(), "{{#open}}",
                    sent.subject(), Map.of(), sent.to(), sent.cc(), sent.replyTo(), sent.headers(), sent.attachments(),
                    sent.individual(), Optional.empty(), Optional.empty(), Optional.empty(), clock.instant());
            store.inTransaction(() -> {
                store.requests().insertIfAbsent(broken);
                return store.messages().insertAll(List.of(MessageRecord.queued(broken, "ann@acme.test", Map.of(),
                        clock.instant())));
            });
            f.runDueWork();
            DeliveryStatus failed = f.account().deliveries().byMessage("broken").get(0);
            assertThat(failed.state()).isEqualTo(MessageState.FAILED);
            assertThat(failed.reply()).hasValueSatisfying(r -> assertThat(r).startsWith("cannot render"));

            f.account().send(f.message(tpl, "x").to("ann@acme.test").build());
            f.runDueWork();
            assertThat(f.simulator().mailbox("ann@acme.test")).hasSize(2);
        }
    }

    private Ses node(String name, MailboxSimulator transport) {
        return Ses.builder().store(store).dns(dns).clock(clock).workers(0).node(name)
                .quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none()).withMailboxPerHour(10))
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256))
                .transport(transport).build();
    }
}
