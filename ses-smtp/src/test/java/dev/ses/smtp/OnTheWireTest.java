package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.Attachment;
import dev.ses.core.MessageState;
import dev.ses.core.QuotaPolicy;
import dev.ses.core.SendReceipt;
import dev.ses.core.SendRequest;
import dev.ses.core.SenderDomain;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.TemplateType;
import dev.ses.core.WarmupPolicy;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.Outcome;
import dev.ses.core.spi.RecipientResult;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.james.jdkim.DKIMVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ses puts on the wire, against a scripted server as strict as real receivers: lines of at most 998 octets,
 * SIZE, 8BITMIME, STARTTLS with a certificate the client may not trust, and MX hosts that refuse for a while or do
 * not exist.
 */
class OnTheWireTest {
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

    private ScriptedSmtpServer server(ScriptedSmtpServer.Script script) throws Exception {
        return track(new ScriptedSmtpServer(script));
    }

    private SmtpTransport relay(ScriptedSmtpServer server) {
        return track(SmtpTransport.relay("127.0.0.1", server.port()).heloName("client.example.test")
                .readTimeout(Duration.ofSeconds(20)).build());
    }

    private static RecipientResult only(List<RecipientResult> results) {
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    /** A message whose headers all need care: a long token, an encoded word's look-alike, a quoted display name. */
    private static OutboundMail longHeaders(String id) {
        OutboundMail m = Mails.text(id, "ann@example.net");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Token", "t".repeat(990));
        headers.put("X-Note", "=?utf-8?q?not_decoded?=  twice spaced ");
        return new OutboundMail(m.messageId(), m.envelopeFrom(), m.fromAddress(), "Acme  \"Shop\"", m.to(), m.cc(),
                m.replyTo(), m.envelopeRecipients(), "s".repeat(990), m.text(), m.html(), headers, m.attachments(),
                m.date(), m.dkim(), m.metadata());
    }

    private static OutboundMail withAttachment(OutboundMail m, Attachment a) {
        return new OutboundMail(m.messageId(), m.envelopeFrom(), m.fromAddress(), m.fromName(), m.to(), m.cc(),
                m.replyTo(), m.envelopeRecipients(), m.subject(), m.text(), m.html(), m.headers(), List.of(a),
                m.date(), m.dkim(), m.metadata());
    }

    @Test
    void aLongSubjectAndHeaderReachAServerThatRefusesLongLinesIntactAndSigned() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() { });
        SmtpTransport smtp = relay(server);
        DkimKey rsa = Mails.rsaKey("s2048");

        assertThat(only(smtp.send(longHeaders("w1"))).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(only(smtp.send(Mails.withKey(longHeaders("w2"), rsa))).outcome()).isEqualTo(Outcome.DELIVERED);

        assertThat(server.accepted()).hasSize(2);
        for (ScriptedSmtpServer.Received r : server.accepted()) {
            assertThat(r.text().split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
            MimeMessage m = parse(r.data());
            assertThat(m.getSubject()).isEqualTo("s".repeat(990));
            assertThat(MimeUtility.decodeText(MimeUtility.unfold(m.getHeader("X-Token", null))))
                    .isEqualTo("t".repeat(990));
            assertThat(MimeUtility.decodeText(MimeUtility.unfold(m.getHeader("X-Note", null))))
                    .isEqualTo("=?utf-8?q?not_decoded?=  twice spaced ");
            assertThat(((jakarta.mail.internet.InternetAddress) m.getFrom()[0]).getPersonal())
                    .isEqualTo("Acme  \"Shop\"");
        }
        DKIMVerifier jdkim = new DKIMVerifier((method, selector, domain) -> List.of(rsa.recordValue()));
        assertThat(jdkim.verify(new ByteArrayInputStream(server.accepted().get(1).data()))).hasSize(1);
    }

    @DkimPyTest
    void encodedHeadersVerifyWithDkimpy(@TempDir Path dir) throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() { });
        SmtpTransport smtp = relay(server);
        DkimKey rsa = Mails.rsaKey("s2048");
        DkimKey ed = Mails.ed25519Key("ed1");
        assertThat(only(smtp.send(Mails.withKey(longHeaders("w3"), rsa))).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(only(smtp.send(Mails.withKey(longHeaders("w4"), ed))).outcome()).isEqualTo(Outcome.DELIVERED);
        DkimPy dkimpy = new DkimPy(dir);
        assertThat(dkimpy.verifies(server.accepted().get(0).data(), rsa.recordValue())).isTrue();
        assertThat(dkimpy.verifies(server.accepted().get(1).data(), ed.recordValue())).isTrue();
    }

    @Test
    void mailFromDeclaresTheSizeAndAMessageOverTheServersLimitIsNotSent() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public long maxSize() {
                return 20_000;
            }
        });
        SmtpTransport smtp = relay(server);

        assertThat(only(smtp.send(Mails.text("z1", "ann@example.net"))).outcome()).isEqualTo(Outcome.DELIVERED);
        byte[] big = new byte[30_000];
        Arrays.fill(big, (byte) 'x');
        RecipientResult tooBig = only(smtp.send(withAttachment(Mails.text("z2", "ann@example.net"),
                new Attachment("big.bin", "application/octet-stream", big))));

        assertThat(tooBig.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(tooBig.reply()).contains("over the limit of 20000 octets").contains("SIZE");
        assertThat(server.received()).hasSize(1);
        assertThat(server.mailCommands()).singleElement()
                .isEqualTo("MAIL FROM:<bounce+z1@mail.example.test> SIZE=" + server.received().get(0).data().length);
        // The connection stays usable: nothing was sent for the large one.
        assertThat(only(smtp.send(Mails.text("z3", "ann@example.net"))).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void theEngineSettlesAMessageTooLargeForTheServerAsFailedNotAsABounce() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public long maxSize() {
                return 20_000;
            }
        });
        StaticDnsResolver dns = new StaticDnsResolver();
        Ses ses = track(Ses.builder().transport(relay(server)).dns(dns).workers(0)
                .quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none())).build());
        SesAccount acme = ses.account("acme");
        SenderDomain d = acme.domains().create("mail.acme.test");
        dns.publish(d);
        acme.domains().verify(d.name());
        acme.addresses().create(d.name(), "news", "Acme");
        long tpl = acme.templates().create("t", TemplateType.TEXT, "Your file").id();
        byte[] big = new byte[30_000];
        Arrays.fill(big, (byte) 'x');
        SendReceipt receipt = acme.send(SendRequest.builder().from("news@mail.acme.test").template(tpl)
                .subject("File").to("ann@example.net")
                .attach(new Attachment("big.bin", "application/octet-stream", big)).build());

        ses.runDueWork();

        assertThat(acme.deliveries().byMessage(receipt.messageId())).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(MessageState.FAILED);
            assertThat(s.reply()).hasValueSatisfying(r -> assertThat(r).contains("SIZE").contains("20000"));
        });
        assertThat(acme.blocklist().isBlocked("ann@example.net")).isFalse();
        assertThat(server.received()).isEmpty();
    }

    @Test
    void anAttachedEightBitMessageGoesAsEightBitToAServerThatTakesItAndIsNotSentToOneThatDoesNot()
            throws Exception {
        byte[] original = "From: a@example.net\r\nSubject: Grüße\r\n\r\nGrüße aus Köln\r\n"
                .getBytes(StandardCharsets.UTF_8);
        OutboundMail mail = withAttachment(Mails.text("r1", "ann@example.net"),
                new Attachment("original.eml", "message/rfc822", original));
        ScriptedSmtpServer eightBit = server(new ScriptedSmtpServer.Script() {
            @Override
            public boolean eightBitMime() {
                return true;
            }
        });
        assertThat(only(relay(eightBit).send(mail)).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(eightBit.mailCommands()).singleElement().asString().endsWith(" BODY=8BITMIME");
        String received = new String(eightBit.accepted().get(0).data(), StandardCharsets.UTF_8);
        assertThat(received).contains("Content-Type: message/rfc822").contains("Content-Transfer-Encoding: 8bit")
                .contains("Grüße aus Köln");

        ScriptedSmtpServer sevenBit = server(new ScriptedSmtpServer.Script() { });
        RecipientResult refused = only(relay(sevenBit).send(mail));
        assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(refused.reply()).contains("8BITMIME");
        assertThat(sevenBit.mailCommands()).isEmpty();
    }

    @Test
    void aCertificateTheClientDoesNotTrustIsTheRecordedReasonNotTheServersReadyReply() throws Exception {
        ScriptedSmtpServer server = track(new ScriptedSmtpServer(new ScriptedSmtpServer.Script() { },
                TestTls.greenMailServer()));
        SmtpTransport smtp = track(SmtpTransport.relay("127.0.0.1", server.port()).requireStartTls()
                .sslContext(SSLContext.getDefault()).build());
        RecipientResult r = only(smtp.send(Mails.text("t1", "ann@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(r.reply()).startsWith("TLS certificate of 127.0.0.1:" + server.port() + " is not trusted")
                .doesNotContain("220").doesNotContain("\n").doesNotContain("\r");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void aCertificateForAnotherHostIsAHostNameMismatch() throws Exception {
        ScriptedSmtpServer server = track(new ScriptedSmtpServer(new ScriptedSmtpServer.Script() { },
                TestTls.greenMailServer()));
        SmtpTransport smtp = track(SmtpTransport.relay("127.0.0.1", server.port()).requireStartTls()
                .sslContext(trusting(TestTls.greenMailKeyStore())).checkServerIdentity(true).build());
        RecipientResult r = only(smtp.send(Mails.text("t2", "ann@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(r.reply()).startsWith("TLS host name mismatch").doesNotContain("220").doesNotContain("\n");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void requiredStartTlsThatIsNotOfferedSaysSoInsteadOfQuotingTheEhloReply() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() { });
        SmtpTransport smtp = track(SmtpTransport.relay("127.0.0.1", server.port()).requireStartTls().build());
        RecipientResult r = only(smtp.send(Mails.text("t3", "ann@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(r.reply()).isEqualTo("STARTTLS is required but 127.0.0.1:" + server.port() + " does not offer it");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void aTemporaryRefusalFromThePreferredMxMovesOnToTheNextInTheSameAttempt() throws Exception {
        // Both MX hosts resolve to the one scripted server; its first connection plays the refusing preferred MX.
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String rcpt(int connection, String to) {
                return connection == 1 ? "421 4.7.0 mx1 closing, try later" : "250 2.1.5 OK";
            }
        });
        StaticDnsResolver dns = new StaticDnsResolver()
                .mx("example.net", 10, "mx1.example.net")
                .mx("example.net", 20, "mx2.example.net")
                .address("mx1.example.net", InetAddress.getByName("127.0.0.1"))
                .address("mx2.example.net", InetAddress.getByName("127.0.0.1"));
        SmtpTransport smtp = track(SmtpTransport.direct(dns).port(server.port()).build());

        List<RecipientResult> results = smtp.send(Mails.text("x1", "ann@example.net", "bob@example.net"));

        assertThat(results).extracting(RecipientResult::outcome).containsOnly(Outcome.DELIVERED);
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.accepted()).singleElement().satisfies(m -> {
            assertThat(m.connection()).isEqualTo(2);
            assertThat(m.to()).containsExactly("ann@example.net", "bob@example.net");
        });
    }

    @Test
    void theLastMxsTemporaryRefusalIsTheRecordedDeferral() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String rcpt(int connection, String to) {
                return "421 4.7.0 mx" + connection + " closing";
            }
        });
        StaticDnsResolver dns = new StaticDnsResolver()
                .mx("example.net", 10, "mx1.example.net")
                .mx("example.net", 20, "mx2.example.net")
                .address("mx1.example.net", InetAddress.getByName("127.0.0.1"))
                .address("mx2.example.net", InetAddress.getByName("127.0.0.1"));
        SmtpTransport smtp = track(SmtpTransport.direct(dns).port(server.port()).build());
        RecipientResult r = only(smtp.send(Mails.text("x2", "ann@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(r.reply()).isEqualTo("421 4.7.0 mx2 closing");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void anMxHostThatDoesNotExistIsSkippedAndWhenNoneExistsTheFailureIsPermanent() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() { });
        StaticDnsResolver dns = new StaticDnsResolver()
                .mx("example.net", 10, "gone.example.net")
                .mx("example.net", 20, "mx2.example.net")
                .address("mx2.example.net", InetAddress.getByName("127.0.0.1"))
                .mx("typo.example", 10, "mx.tpyo.example")
                .mx("typo.example", 20, "mx2.tpyo.example");
        SmtpTransport smtp = track(SmtpTransport.direct(dns).port(server.port()).build());

        assertThat(only(smtp.send(Mails.text("n1", "ann@example.net"))).outcome()).isEqualTo(Outcome.DELIVERED);
        RecipientResult none = only(smtp.send(Mails.text("n2", "bob@typo.example")));
        assertThat(none.outcome()).isEqualTo(Outcome.HARD_BOUNCE);
        assertThat(none.reply()).startsWith("550 5.4.4").contains("mx.tpyo.example").contains("mx2.tpyo.example");
    }

    /** A client context that trusts exactly the certificates of {@code keys}. */
    private static SSLContext trusting(KeyStore keys) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        for (String alias : java.util.Collections.list(keys.aliases())) {
            trust.setCertificateEntry(alias, keys.getCertificate(alias));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), new SecureRandom());
        return context;
    }
}
