package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.BounceType;
import dev.ses.core.DeliveryStatus;
import dev.ses.core.MessageState;
import dev.ses.core.spi.InboundReport;
import dev.ses.core.spi.StoredReport;
import dev.ses.core.testing.SesFixture;
import dev.ses.core.testing.SimulatedMail;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inbound listener with Angus Mail as the sending client, on 127.0.0.1. */
class InboundListenerTest {
    private static final String RECIPIENT = "ann@example.org";

    private SesFixture f;
    private InboundListener listener;
    private String messageId;
    private SimulatedMail sent;

    @BeforeEach
    void sendOne() {
        f = SesFixture.create(b -> b.reportParser(MailReports.parser()));
        messageId = f.account().send(f.message(f.textTemplate("Hello"), "Your order has shipped").to(RECIPIENT)
                .build()).messageId();
        f.runDueWork();
        sent = f.simulator().mailbox(RECIPIENT).get(0);
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
        f.close();
    }

    private InboundListener start(InboundListener.Builder b) {
        listener = b.bind(InetAddress.getLoopbackAddress(), 0).returnPathDomain(SesFixture.DOMAIN).build();
        listener.start();
        return listener;
    }

    private byte[] report(String file) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/reports/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)
                    .replace("{{RP}}", sent.returnPath()).replace("{{MID}}", sent.messageId())
                    .replace("{{RCPT}}", RECIPIENT).replace("{{MX}}", "mx.example.org")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private Session session(Properties extra) {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(listener.port()));
        p.put("mail.smtp.from", "");
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "10000");
        p.putAll(extra);
        return Session.getInstance(p);
    }

    private void send(Session session, byte[] raw, String rcpt) throws MessagingException {
        MimeMessage msg = new MimeMessage(session, new ByteArrayInputStream(raw));
        try (Transport t = session.getTransport("smtp")) {
            t.connect();
            t.sendMessage(msg, new Address[] {new InternetAddress(rcpt)});
        }
    }

    @Test
    void aBounceSentToTheReturnPathIsStoredAndRecordedBeforeThe250() throws Exception {
        start(InboundListener.builder(f.ses()));
        byte[] raw = report("postfix-user-unknown.eml");
        send(session(new Properties()), raw, sent.returnPath());

        // sendMessage returned on the 250: the report is stored and applied by then.
        assertThat(listener.accepted()).isEqualTo(1);
        StoredReport stored = f.ses().reports(StoredReport.Status.APPLIED, 0, 10).get(0);
        assertThat(stored.kind()).contains(InboundReport.Kind.DELIVERY_STATUS);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        new MimeMessage(session(new Properties()), new ByteArrayInputStream(raw)).writeTo(expected);
        assertThat(new String(stored.raw(), StandardCharsets.ISO_8859_1))
                .isEqualTo(expected.toString(StandardCharsets.ISO_8859_1));
        DeliveryStatus s = f.account().deliveries().byMessage(messageId).get(0);
        assertThat(s.state()).isEqualTo(MessageState.BOUNCED);
        assertThat(s.bounceType()).contains(BounceType.HARD);
        assertThat(f.account().blocklist().isBlocked(RECIPIENT)).isTrue();
    }

    @Test
    void aRecipientOfAnotherDomainIsRefusedWith550() throws Exception {
        start(InboundListener.builder(f.ses()));
        assertThatThrownBy(() -> send(session(new Properties()), report("postfix-user-unknown.eml"),
                "bounce+x=00@elsewhere.test"))
                .isInstanceOf(SendFailedException.class)
                .satisfies(e -> assertThat(e.toString() + e.getCause()).contains("550 5.1.1"));
        assertThat(listener.accepted()).isZero();
        assertThat(f.ses().reports(StoredReport.Status.APPLIED, 0, 10)).isEmpty();
        assertThat(f.account().deliveries().byMessage(messageId).get(0).state()).isEqualTo(MessageState.DELIVERED);
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedAndTheSessionGoesOn() throws Exception {
        start(InboundListener.builder(f.ses()).maxMessageSize(8192));
        byte[] big = ("From: a@b.test\r\nTo: " + sent.returnPath() + "\r\nSubject: big\r\n\r\n"
                + "x".repeat(70).concat("\r\n").repeat(300)).getBytes(StandardCharsets.US_ASCII);
        Session session = session(new Properties());
        try (Transport t = session.getTransport("smtp")) {
            t.connect();
            assertThatThrownBy(() -> t.sendMessage(new MimeMessage(session, new ByteArrayInputStream(big)),
                    new Address[] {new InternetAddress(sent.returnPath())}))
                    .isInstanceOf(MessagingException.class)
                    .satisfies(e -> assertThat(e.toString() + e.getCause()).contains("552"));
            // The same connection still takes a report that fits.
            t.sendMessage(new MimeMessage(session, new ByteArrayInputStream(report("postfix-delayed.eml"))),
                    new Address[] {new InternetAddress(sent.returnPath())});
        }
        assertThat(listener.accepted()).isEqualTo(1);
    }

    @Test
    void withACertificateItOffersStartTlsAndCanRequireIt() throws Exception {
        start(InboundListener.builder(f.ses()).startTls(TestTls.greenMailServer()).requireTls());
        assertThatThrownBy(() -> send(session(new Properties()), report("postfix-user-unknown.eml"),
                sent.returnPath()))
                .isInstanceOf(MessagingException.class)
                .satisfies(e -> assertThat(e.toString() + e.getCause()).contains("530"));
        assertThat(listener.accepted()).isZero();

        Properties tls = new Properties();
        tls.put("mail.smtp.starttls.enable", "true");
        tls.put("mail.smtp.starttls.required", "true");
        tls.put("mail.smtp.ssl.socketFactory", TestTls.trustAll().getSocketFactory());
        tls.put("mail.smtp.ssl.checkserveridentity", "false");
        send(session(tls), report("postfix-user-unknown.eml"), sent.returnPath());
        assertThat(listener.accepted()).isEqualTo(1);
        assertThat(f.account().deliveries().byMessage(messageId).get(0).state()).isEqualTo(MessageState.BOUNCED);
    }

    /** The {@code mailto:} address of a copy's {@code List-Unsubscribe} header. */
    private static String mailtoUnsubscribe(SimulatedMail copy) {
        String header = copy.headers().get("List-Unsubscribe");
        int start = header.indexOf("<mailto:") + "<mailto:".length();
        return header.substring(start, header.indexOf('>', start));
    }

    private static byte[] unsubscribeMail(String to, String id) {
        return ("From: Ann <ann@example.org>\r\nTo: " + to + "\r\nSubject: unsubscribe\r\nMessage-ID: <" + id
                + "@example.org>\r\n\r\nunsubscribe\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void send(Session session, byte[] raw, String... rcpts) throws MessagingException {
        MimeMessage msg = new MimeMessage(session, new ByteArrayInputStream(raw));
        Address[] to = new Address[rcpts.length];
        for (int i = 0; i < rcpts.length; i++) {
            to[i] = new InternetAddress(rcpts[i]);
        }
        try (Transport t = session.getTransport("smtp")) {
            t.connect();
            t.sendMessage(msg, to);
        }
    }

    @Test
    void mailToTheUnsubscribeAddressUnsubscribesTheCopysRecipientOnce() throws Exception {
        try (SesFixture g = SesFixture.create(b -> b.reportParser(MailReports.parser())
                .trackingBaseUrl("https://track.example.test"))) {
            String id = g.account().send(g.message(g.textTemplate("Hello"), "News").to(RECIPIENT)
                    .tracking(dev.ses.core.MessageTracking.BULK).build()).messageId();
            g.runDueWork();
            String mailto = mailtoUnsubscribe(g.simulator().mailbox(RECIPIENT).get(0));
            assertThat(mailto).startsWith("unsubscribe+").endsWith("@" + SesFixture.DOMAIN);
            listener = InboundListener.builder(g.ses()).bind(InetAddress.getLoopbackAddress(), 0)
                    .returnPathDomain(SesFixture.DOMAIN).build();
            listener.start();

            send(session(new Properties()), unsubscribeMail(mailto, "u1"), mailto);
            assertThat(listener.accepted()).isEqualTo(1);
            assertThat(g.account().deliveries().byMessage(id).get(0).unsubscribed()).isTrue();
            StoredReport stored = g.ses().reports(StoredReport.Status.APPLIED, 0, 10).get(0);
            assertThat(stored.detail()).contains("unsubscribe address");
            String next = g.account().send(g.message(g.textTemplate("Again"), "More").to(RECIPIENT).build())
                    .messageId();
            g.runDueWork();
            assertThat(g.account().deliveries().byMessage(next).get(0).state()).isEqualTo(MessageState.REJECTED);

            // Sent again (another message, the same address): nothing more is recorded.
            send(session(new Properties()), unsubscribeMail(mailto, "u2"), mailto);
            assertThat(g.ses().reports(StoredReport.Status.INFORMATIONAL, 0, 10)).hasSize(1);
            assertThat(g.events().stream().filter(e -> e.type() == dev.ses.core.EventType.UNSUBSCRIBED))
                    .hasSize(1);

            // An altered token unsubscribes nobody.
            String altered = mailto.replace("unsubscribe+", "unsubscribe+x");
            send(session(new Properties()), unsubscribeMail(altered, "u3"), altered);
            assertThat(g.ses().reports(StoredReport.Status.FORGED, 0, 10)).hasSize(1);
        }
    }

    @Test
    void aMessageForSeveralRecipientsIsOneReportThatActsForEachOfThem() throws Exception {
        String bob = "bob@example.org";
        try (SesFixture g = SesFixture.create(b -> b.reportParser(MailReports.parser())
                .trackingBaseUrl("https://track.example.test"))) {
            String id = g.account().send(g.message(g.textTemplate("Hello"), "News").to(RECIPIENT, bob)
                    .tracking(dev.ses.core.MessageTracking.BULK).build()).messageId();
            g.runDueWork();
            String ann = mailtoUnsubscribe(g.simulator().mailbox(RECIPIENT).get(0));
            String bobs = mailtoUnsubscribe(g.simulator().mailbox(bob).get(0));
            listener = InboundListener.builder(g.ses()).bind(InetAddress.getLoopbackAddress(), 0)
                    .returnPathDomain(SesFixture.DOMAIN).build();
            listener.start();

            send(session(new Properties()), unsubscribeMail(ann + ", " + bobs, "both"), ann, bobs);
            assertThat(listener.accepted()).isEqualTo(1);
            assertThat(g.ses().reports(StoredReport.Status.APPLIED, 0, 10)).hasSize(1);
            assertThat(g.account().deliveries().byMessage(id)).allSatisfy(d -> assertThat(d.unsubscribed())
                    .as(d.recipient()).isTrue());
        }
    }

    @Test
    void theBuilderChecksItsSettings() {
        assertThatThrownBy(() -> InboundListener.builder(f.ses()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("returnPathDomain");
        assertThatThrownBy(() -> InboundListener.builder(f.ses()).maxMessageSize(10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> InboundListener.builder(f.ses()).requireTls())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("startTls");
        assertThatThrownBy(() -> InboundListener.builder(f.ses()).returnPathDomain("a@b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("returnPathDomain");
    }
}
