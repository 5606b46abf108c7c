package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.Outcome;
import dev.ses.core.spi.RecipientResult;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport against GreenMail, a real SMTP server: content, encoding, implicit TLS and AUTH. */
class GreenMailTest {
    private GreenMail greenMail;
    private final List<SmtpTransport> transports = new ArrayList<>();

    @BeforeEach
    void start() {
        ServerSetup smtp = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        ServerSetup smtps = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS);
        // The TLS listener's start can take more than the default 2 s on a loaded machine.
        smtp.setServerStartupTimeout(30_000);
        smtps.setServerStartupTimeout(30_000);
        greenMail = new GreenMail(new ServerSetup[] {smtp, smtps});
        greenMail.withConfiguration(GreenMailConfiguration.aConfig().withUser("joe@mail.example.test", "joe", "s3cret"));
        greenMail.start();
    }

    @AfterEach
    void stop() {
        transports.forEach(SmtpTransport::close);
        greenMail.stop();
    }

    private SmtpTransport track(SmtpTransport t) {
        transports.add(t);
        return t;
    }

    @Test
    void batchArrivesCompleteAndCorrectlyEncoded() throws Exception {
        SmtpTransport smtp = track(SmtpTransport.relay("127.0.0.1", greenMail.getSmtp().getPort()).build());
        List<OutboundMail> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(Mails.rich("g" + i, "lisi" + i + "@example.net"));
        }

        List<List<RecipientResult>> results = smtp.sendAll(batch);

        assertThat(results).allSatisfy(r -> assertThat(r).singleElement()
                .satisfies(x -> assertThat(x.outcome()).isEqualTo(Outcome.DELIVERED)));
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(5);
        for (MimeMessage m : received) {
            assertThat(m.getSubject()).isEqualTo("你好，李四：您的订单已发货 ✓");
            assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("张三 商店");
            InternetAddress to = (InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0];
            assertThat(to.getPersonal()).isEqualTo("李四");
            assertThat(m.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
            MimeMultipart mixed = (MimeMultipart) m.getContent();
            MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
            assertThat((String) alternative.getBodyPart(0).getContent()).contains("您的订单已发货。");
            assertThat((String) alternative.getBodyPart(1).getContent()).contains("<b>李四</b>");
            assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("发票 invoice.pdf");
            assertThat(mixed.getBodyPart(1).getInputStream().readAllBytes())
                    .isEqualTo(batch.get(0).attachments().get(0).content());
        }
        assertThat(greenMail.getReceivedMessagesForDomain("lisi3@example.net")).hasSize(1);
    }

    @Test
    void implicitTlsWithAuthDelivers() throws Exception {
        SmtpTransport smtp = track(SmtpTransport.relay("127.0.0.1", greenMail.getSmtps().getPort())
                .implicitTls().sslContext(TestTls.trustAll()).checkServerIdentity(false)
                .auth("joe", "s3cret").build());
        RecipientResult r = smtp.send(Mails.text("t1", "ann@example.net")).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void wrongPasswordDefersWithTheServersReason() throws Exception {
        SmtpTransport smtp = track(SmtpTransport.relay("127.0.0.1", greenMail.getSmtps().getPort())
                .implicitTls().sslContext(TestTls.trustAll()).checkServerIdentity(false)
                .auth("joe", "wrong").build());
        RecipientResult r = smtp.send(Mails.text("t2", "ann@example.net")).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(r.reply()).contains("535");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void tlsToAnUntrustedCertificateDefers() {
        SmtpTransport smtp = track(SmtpTransport.relay("127.0.0.1", greenMail.getSmtps().getPort())
                .implicitTls().build());
        RecipientResult r = smtp.send(Mails.text("t3", "ann@example.net")).get(0);
        assertThat(r.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(r.reply()).startsWith("TLS certificate of 127.0.0.1:" + greenMail.getSmtps().getPort()
                + " is not trusted");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
}
