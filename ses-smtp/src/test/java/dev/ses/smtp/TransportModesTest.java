package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ses.core.StaticDnsResolver;
import dev.ses.core.spi.DnsAnswer;
import dev.ses.core.spi.Outcome;
import dev.ses.core.spi.RecipientResult;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** STARTTLS, direct delivery through MX records, and the builder's checks. */
class TransportModesTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    @Test
    void requiredStartTlsUpgradesTheConnection() throws Exception {
        ScriptedSmtpServer server = track(new ScriptedSmtpServer(new ScriptedSmtpServer.Script() { },
                TestTls.greenMailServer()));
        SmtpTransport smtp = track(SmtpTransport.relay("127.0.0.1", server.port()).requireStartTls()
                .sslContext(TestTls.trustAll()).checkServerIdentity(false).build());
        for (int i = 0; i < 3; i++) {
            assertThat(smtp.send(Mails.text("tls" + i, "a@example.net")).get(0).outcome())
                    .isEqualTo(Outcome.DELIVERED);
        }
        assertThat(server.accepted()).hasSize(3);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void overStartTlsTheReplyToTheFinalDotHasItsOwnTimeout() throws Exception {
        ScriptedSmtpServer server = track(new ScriptedSmtpServer(new ScriptedSmtpServer.Script() {
            @Override
            public String endOfData(int connection, ScriptedSmtpServer.Received message) {
                return message.text().contains("Message-ID: <slow@") ? ScriptedSmtpServer.late(Duration.ofMillis(500),
                        "250 2.0.0 queued") : ScriptedSmtpServer.HANG;
            }
        }, TestTls.greenMailServer()));
        SmtpTransport smtp = track(SmtpTransport.relay("127.0.0.1", server.port()).requireStartTls()
                .sslContext(TestTls.trustAll()).checkServerIdentity(false).readTimeout(Duration.ofMillis(200))
                .dataTimeout(Duration.ofSeconds(1)).build());

        assertThat(smtp.send(Mails.text("slow", "a@example.net")).get(0).outcome()).isEqualTo(Outcome.DELIVERED);
        RecipientResult silent = smtp.send(Mails.text("silent", "a@example.net")).get(0);
        assertThat(silent.outcome()).isEqualTo(Outcome.UNCERTAIN);
        assertThat(silent.reply()).isEqualTo("no reply to the end of data within 1s: the server may have the message");
        assertThat(server.received()).hasSize(2);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void requiredStartTlsRefusesAServerWithoutIt() throws Exception {
        ScriptedSmtpServer server = track(new ScriptedSmtpServer(new ScriptedSmtpServer.Script() { }));
        SmtpTransport smtp = track(SmtpTransport.relay("127.0.0.1", server.port()).requireStartTls().build());
        RecipientResult r = smtp.send(Mails.text("tls9", "a@example.net")).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(server.accepted()).isEmpty();
    }

    @Test
    void opportunisticStartTlsSendsPlainWhenNotOffered() throws Exception {
        ScriptedSmtpServer server = track(new ScriptedSmtpServer(new ScriptedSmtpServer.Script() { }));
        SmtpTransport smtp = track(SmtpTransport.relay("127.0.0.1", server.port()).startTls().build());
        assertThat(smtp.send(Mails.text("tls10", "a@example.net")).get(0).outcome()).isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void directDeliveryFollowsMxRecordsInPreferenceOrder() throws Exception {
        ScriptedSmtpServer server = track(new ScriptedSmtpServer(new ScriptedSmtpServer.Script() { }));
        StaticDnsResolver dns = new StaticDnsResolver()
                // The preferred MX listens nowhere (127.0.0.2 is loopback, but the server is bound to 127.0.0.1).
                .mx("example.net", 20, "mx2.example.net")
                .mx("example.net", 10, "mx1.example.net")
                .address("mx1.example.net", InetAddress.getByName("127.0.0.2"))
                .address("mx2.example.net", InetAddress.getByName("127.0.0.1"))
                // No MX: the domain's own address is the mail host.
                .address("plain.example", InetAddress.getByName("127.0.0.1"))
                .txt("nomail.example", "v=spf1 -all")
                .mx("nullmx.example", 0, ".")
                .mx("broken.example", 10, "mx.broken.example")
                .fail("broken.example", DnsAnswer.Status.SERVFAIL);
        SmtpTransport smtp = track(SmtpTransport.direct(dns).port(server.port())
                .connectTimeout(Duration.ofSeconds(5)).build());

        List<RecipientResult> results = smtp.send(Mails.text("mx1", "ann@example.net", "bob@plain.example",
                "cat@missing.example", "dan@nomail.example", "eve@nullmx.example", "fay@broken.example",
                "gus@example.net"));

        assertThat(results).extracting(RecipientResult::recipient, RecipientResult::outcome).containsExactlyInAnyOrder(
                tuple("ann@example.net", Outcome.DELIVERED),
                tuple("gus@example.net", Outcome.DELIVERED),
                tuple("bob@plain.example", Outcome.DELIVERED),
                tuple("cat@missing.example", Outcome.HARD_BOUNCE),
                tuple("dan@nomail.example", Outcome.HARD_BOUNCE),
                tuple("eve@nullmx.example", Outcome.HARD_BOUNCE),
                tuple("fay@broken.example", Outcome.DEFERRED));
        assertThat(results).filteredOn(r -> r.recipient().startsWith("cat")).singleElement()
                .satisfies(r -> assertThat(r.reply()).startsWith("550 5.1.2"));
        assertThat(results).filteredOn(r -> r.recipient().startsWith("eve")).singleElement()
                .satisfies(r -> assertThat(r.reply()).startsWith("556 5.1.10"));
        // One transaction per domain: example.net's two recipients travel together.
        assertThat(server.accepted()).extracting(ScriptedSmtpServer.Received::to).containsExactlyInAnyOrder(
                List.of("ann@example.net", "gus@example.net"), List.of("bob@plain.example"));
    }

    @Test
    void directDeliveryDefersWhenNoMxAnswers() throws Exception {
        ScriptedSmtpServer server = track(new ScriptedSmtpServer(new ScriptedSmtpServer.Script() { }));
        int port = server.port();
        server.close();
        StaticDnsResolver dns = new StaticDnsResolver().mx("example.net", 10, "mx1.example.net")
                .address("mx1.example.net", InetAddress.getByName("127.0.0.1"));
        SmtpTransport smtp = track(SmtpTransport.direct(dns).port(port).build());
        RecipientResult r = smtp.send(Mails.text("mx2", "ann@example.net")).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(r.reply()).contains("mx1.example.net");
    }

    @Test
    void builderChecksEachSettingAtOnce() {
        assertThatThrownBy(() -> SmtpTransport.relay(" ", 25)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
        assertThatThrownBy(() -> SmtpTransport.relay("smtp.example.org", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port").hasMessageContaining("0");
        SmtpTransport.Builder b = SmtpTransport.relay("smtp.example.org", 587);
        assertThatThrownBy(() -> b.poolSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poolSize").hasMessageContaining("0");
        assertThatThrownBy(() -> b.maxMessagesPerConnection(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessagesPerConnection");
        assertThatThrownBy(() -> b.readTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("readTimeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> b.dataTimeout(Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataTimeout").hasMessageContaining("PT-0.005S");
        assertThatThrownBy(() -> b.dataTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("dataTimeout");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> b.writeTimeout(Duration.ofDays(365)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writeTimeout");
        assertThatThrownBy(() -> b.idleTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> b.auth("", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user");
        assertThatThrownBy(() -> b.heloName("two words")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heloName");
        b.startTls();
        assertThatThrownBy(b::implicitTls).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("implicitTls");
        assertThatThrownBy(() -> SmtpTransport.direct(new StaticDnsResolver()).auth("u", "p"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("auth");
    }

    @Test
    void aClosedTransportRefusesToSend() {
        SmtpTransport smtp = SmtpTransport.relay("127.0.0.1", 25).build();
        smtp.close();
        smtp.close();
        assertThatThrownBy(() -> smtp.send(Mails.text("c1", "a@example.net")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
