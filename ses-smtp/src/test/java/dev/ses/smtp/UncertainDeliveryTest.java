package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.DeliveryStatus;
import dev.ses.core.MessageState;
import dev.ses.core.QuotaPolicy;
import dev.ses.core.SendRequest;
import dev.ses.core.SenderDomain;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.TemplateType;
import dev.ses.core.WarmupPolicy;
import dev.ses.core.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole engine against a server that never confirms the final dot: each attempt may have left a copy there,
 * so the message goes out at most twice, however long it is retried, and ends saying why it was not sent again.
 */
class UncertainDeliveryTest {
    private final ManualClock clock = ManualClock.at("2026-04-01T08:00:00Z");
    private final StaticDnsResolver dns = new StaticDnsResolver();
    private ScriptedSmtpServer server;
    private SmtpTransport smtp;
    private Ses ses;

    @AfterEach
    void stop() throws Exception {
        if (ses != null) {
            ses.close();
        }
        if (smtp != null) {
            smtp.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private SesAccount start(String endOfData) throws Exception {
        server = new ScriptedSmtpServer(new ScriptedSmtpServer.Script() {
            @Override
            public String endOfData(int connection, ScriptedSmtpServer.Received message) {
                return endOfData;
            }
        });
        smtp = SmtpTransport.relay("127.0.0.1", server.port()).dataTimeout(Duration.ofMillis(200)).build();
        ses = Ses.builder().transport(smtp).dns(dns).clock(clock).workers(0)
                .quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none())).build();
        SesAccount acme = ses.account("acme");
        SenderDomain d = acme.domains().create("mail.acme.test");
        dns.publish(d);
        acme.domains().verify(d.name());
        acme.addresses().create(d.name(), "news", "Acme");
        return acme;
    }

    private static String send(SesAccount acme) {
        long tpl = acme.templates().create("t", TemplateType.TEXT, "Your order has shipped").id();
        return acme.send(SendRequest.builder().from("news@mail.acme.test").template(tpl).subject("Shipped")
                .to("ann@example.net").build()).messageId();
    }

    /** Pumps the engine every ten minutes for four days: longer than any retry schedule. */
    private void runForDays() {
        for (int i = 0; i < 4 * 24 * 6; i++) {
            clock.advance(Duration.ofMinutes(10));
            ses.runDueWork();
        }
    }

    @Test
    void aFinalDotThatTimesOutTwiceIsReceivedTwiceAndTheMessageFails() throws Exception {
        SesAccount acme = start(ScriptedSmtpServer.HANG);
        String id = send(acme);

        ses.runDueWork();
        DeliveryStatus first = acme.deliveries().byMessage(id).get(0);
        assertThat(first.state()).isEqualTo(MessageState.DEFERRED);
        assertThat(first.reply()).hasValue(
                "uncertain: no reply to the end of data within 200ms: the server may have the message");
        assertThat(server.received()).hasSize(1);

        runForDays();

        DeliveryStatus last = acme.deliveries().byMessage(id).get(0);
        assertThat(last.state()).isEqualTo(MessageState.FAILED);
        assertThat(last.reply()).hasValue("uncertain: the server may have received it; not sent again: "
                + "no reply to the end of data within 200ms: the server may have the message");
        assertThat(last.attempts()).isEqualTo(2);
        assertThat(server.received()).hasSize(2);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aConnectionResetAfterEachFinalDotIsReceivedAtMostTwice() throws Exception {
        SesAccount acme = start(ScriptedSmtpServer.RESET);
        String id = send(acme);

        ses.runDueWork();
        runForDays();

        DeliveryStatus last = acme.deliveries().byMessage(id).get(0);
        assertThat(last.state()).isEqualTo(MessageState.FAILED);
        assertThat(last.reply()).hasValueSatisfying(r -> assertThat(r)
                .startsWith("uncertain: the server may have received it; not sent again: connection lost before "
                        + "the reply to the end of data"));
        assertThat(server.received()).hasSize(2);
    }
}
