package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.DomainPolicy;
import dev.ses.core.MessageTracking;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.TemplateType;
import dev.ses.core.SendRequest;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.RecipientResult;
import dev.ses.core.testing.ManualClock;
import dev.ses.smtp.internal.DkimSigner;
import dev.ses.smtp.internal.MimeWriter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bulk message as the engine renders it, written and signed as the SMTP transport does: its one-click unsubscribe
 * headers ({@code List-Unsubscribe} with the signed HTTPS URL and the mailto address, {@code List-Unsubscribe-Post})
 * are inside the DKIM signature, as independent verifiers read it.
 */
class UnsubscribeHeadersSignedTest {
    private static final String DOMAIN = "mail.example.test";

    /** Keeps what the engine hands over, and accepts every recipient. */
    private static final class Capture implements MailTransport {
        final List<OutboundMail> mails = new CopyOnWriteArrayList<>();

        @Override
        public List<RecipientResult> send(OutboundMail mail) {
            mails.add(mail);
            return mail.envelopeRecipients().stream().map(r -> RecipientResult.fromReply(r, 250, "2.0.0 OK"))
                    .toList();
        }
    }

    @TempDir
    Path dir;

    private final Capture capture = new Capture();
    private Ses ses;

    @BeforeEach
    void send() {
        StaticDnsResolver dns = new StaticDnsResolver();
        ses = Ses.builder().transport(capture).dns(dns).clock(ManualClock.at("2026-01-05T09:00:00Z")).workers(0)
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.RSA_SHA256))
                .trackingBaseUrl("https://track.example.test").build();
        SesAccount acme = ses.account("acme");
        dns.publish(acme.domains().create(DOMAIN));
        acme.domains().verify(DOMAIN);
        acme.addresses().create(DOMAIN, "news", "News");
        long tpl = acme.templates().create("news", TemplateType.HTML, "<p>News <a href=\"https://shop.example/\">"
                + "shop</a></p>").id();
        acme.send(SendRequest.builder().from("news@" + DOMAIN).template(tpl).subject("News").to("ann@example.net")
                .tracking(MessageTracking.BULK).build());
        ses.runDueWork();
    }

    @AfterEach
    void close() {
        ses.close();
    }

    private byte[] signed() {
        OutboundMail mail = capture.mails.get(0);
        return new DkimSigner().sign(new MimeWriter().write(mail), mail.dkim().orElseThrow(), DOMAIN, mail.date());
    }

    @Test
    void bothUnsubscribeHeadersAreSignedAndVerify() throws Exception {
        byte[] message = signed();
        String text = new String(message, StandardCharsets.US_ASCII);
        assertThat(text).containsPattern("List-Unsubscribe: <https://track\\.example\\.test/u/[^>]+>,\\s+<mailto:"
                + "unsubscribe\\+[^>]+@mail\\.example\\.test>");
        assertThat(text).contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
        DkimKey key = capture.mails.get(0).dkim().orElseThrow();

        List<SignatureRecord> records = new DKIMVerifier((method, selector, domain) -> List.of(key.recordValue()))
                .verify(new ByteArrayInputStream(message));

        assertThat(records).hasSize(1);
        assertThat(records.get(0).getHeaders().stream().map(CharSequence::toString))
                .contains("list-unsubscribe", "list-unsubscribe-post");
    }

    @DkimPyTest
    void dkimpyVerifiesTheSignedUnsubscribeHeaders() throws Exception {
        byte[] message = signed();
        DkimKey key = capture.mails.get(0).dkim().orElseThrow();
        DkimPy dkimpy = new DkimPy(dir);

        assertThat(dkimpy.verifies(message, key.recordValue())).isTrue();
        String changed = new String(message, StandardCharsets.ISO_8859_1).replaceFirst("/u/", "/u/x");
        assertThat(dkimpy.verifies(changed.getBytes(StandardCharsets.ISO_8859_1), key.recordValue()))
                .as("a changed unsubscribe URL breaks the signature").isFalse();
    }
}
