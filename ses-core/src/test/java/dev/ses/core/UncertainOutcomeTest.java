package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.RecipientResult;
import dev.ses.core.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A transport that cannot tell whether the server has the message: sent again once, then failed, never bounced. */
class UncertainOutcomeTest {
    private final ManualClock clock = ManualClock.at("2026-04-01T08:00:00Z");
    private final StaticDnsResolver dns = new StaticDnsResolver();
    private final AtomicInteger sends = new AtomicInteger();
    private final MailTransport unsure = new MailTransport() {
        @Override
        public List<RecipientResult> send(OutboundMail mail) {
            sends.incrementAndGet();
            return mail.envelopeRecipients().stream()
                    .map(r -> RecipientResult.uncertain(r, "no reply to the end of data")).toList();
        }
    };
    private final Ses ses = Ses.builder().dns(dns).clock(clock).workers(0).transport(unsure)
            .quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none()))
            .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256)).build();

    @AfterEach
    void close() {
        ses.close();
    }

    @Test
    void anUncertainMessageIsSentOnceMoreAndThenFails() {
        SesAccount acme = ses.account("acme");
        SenderDomain d = acme.domains().create("mail.acme.test");
        dns.publish(d);
        acme.domains().verify(d.name());
        acme.addresses().create(d.name(), "news", "Acme");
        long tpl = acme.templates().create("t", TemplateType.TEXT, "hello").id();
        String id = acme.send(SendRequest.builder().from("news@mail.acme.test").template(tpl).subject("s")
                .to("ann@example.net").build()).messageId();

        ses.runDueWork();
        DeliveryStatus first = acme.deliveries().byMessage(id).get(0);
        assertThat(first.state()).isEqualTo(MessageState.DEFERRED);
        assertThat(first.reply()).hasValue("uncertain: no reply to the end of data");

        for (int i = 0; i < 4 * 24; i++) {
            clock.advance(Duration.ofHours(1));
            ses.runDueWork();
        }
        DeliveryStatus last = acme.deliveries().byMessage(id).get(0);
        assertThat(last.state()).isEqualTo(MessageState.FAILED);
        assertThat(last.reply())
                .hasValue("uncertain: the server may have received it; not sent again: no reply to the end of data");
        assertThat(last.attempts()).isEqualTo(2);
        assertThat(sends).hasValue(2);
    }
}
