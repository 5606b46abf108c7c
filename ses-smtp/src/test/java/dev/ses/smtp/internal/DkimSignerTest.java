package dev.ses.smtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.OutboundMail;
import dev.ses.smtp.DkimPy;
import dev.ses.smtp.DkimPyTest;
import dev.ses.smtp.Mails;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DkimSignerTest {
    private static final DkimKey RSA = Mails.rsaKey("s2048");
    private static final DkimKey ED25519 = Mails.ed25519Key("ed1");

    @TempDir
    Path dir;

    private final MimeWriter writer = new MimeWriter();
    private final DkimSigner signer = new DkimSigner();

    private byte[] signed(OutboundMail mail, DkimKey key) {
        return signer.sign(writer.write(mail), key, "mail.example.test", Mails.DATE);
    }

    private static byte[] tamperBody(byte[] message) {
        String s = new String(message, StandardCharsets.ISO_8859_1);
        int body = s.indexOf("\r\n\r\n") + 4;
        return (s.substring(0, body) + "X" + s.substring(body)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] tamperSubject(byte[] message) {
        String s = new String(message, StandardCharsets.ISO_8859_1);
        return s.replaceFirst("Subject: [^\r]*", "Subject: changed").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void canonicalizationMatchesTheExampleOfRfc6376Section345() {
        byte[] headers = "A: X\r\nB : Y\t\r\n\tZ  \r\n".getBytes(StandardCharsets.US_ASCII);
        List<String> fields = DkimSigner.headerFields(headers, headers.length);
        assertThat(fields).hasSize(2);
        assertThat(DkimSigner.relaxedHeader(fields.get(0))).isEqualTo("a:X");
        assertThat(DkimSigner.relaxedHeader(fields.get(1))).isEqualTo("b:Y Z");
        byte[] message = "A: X\r\n\r\n C \r\nD \t E\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(DkimSigner.relaxedBody(message, DkimSigner.bodyStart(message)),
                StandardCharsets.US_ASCII)).isEqualTo(" C\r\nD E\r\n");
    }

    @Test
    void relaxedBodyMatchesAPlainReadingOfTheRule() {
        String[] pieces = {"a", "b", " ", "\t", "\r\n", "\r\n\r\n"};
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 2000; round++) {
            StringBuilder body = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                body.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] message = ("A: X\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
            // RFC 6376 3.4.4: runs of WSP become one SP, WSP at line ends goes, empty lines at the end go, and a
            // non-empty body ends in CRLF.
            StringBuilder expected = new StringBuilder();
            for (String line : body.toString().split("\r\n", -1)) {
                expected.append(line.replaceAll("[ \t]+", " ").replaceAll(" $", "")).append("\r\n");
            }
            String want = expected.toString().replaceAll("(\r\n)+$", "");
            want = want.isEmpty() ? "" : want + "\r\n";
            assertThat(new String(DkimSigner.relaxedBody(message, DkimSigner.bodyStart(message)),
                    StandardCharsets.US_ASCII)).as("body %s", body.toString().replace("\r\n", "|"))
                    .isEqualTo(want);
        }
    }

    @Test
    void emptyBodyCanonicalizesToNothing() {
        byte[] message = "A: X\r\n\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(DkimSigner.relaxedBody(message, DkimSigner.bodyStart(message))).isEmpty();
        byte[] noBody = "A: X\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(DkimSigner.relaxedBody(noBody, DkimSigner.bodyStart(noBody))).isEmpty();
    }

    @Test
    void rsaSignatureVerifiesWithJdkim() throws Exception {
        byte[] message = signed(Mails.rich("d1", "lisi@example.net"), RSA);
        assertThat(new String(message, 0, 200, StandardCharsets.US_ASCII)).startsWith("DKIM-Signature: v=1; a=rsa-sha256;");

        List<SignatureRecord> records = jdkim(RSA).verify(new ByteArrayInputStream(message));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).getHeaders().stream().map(CharSequence::toString))
                .contains("from", "to", "subject", "date", "message-id", "mime-version", "content-type",
                        "list-unsubscribe", "list-unsubscribe-post");

        assertThatThrownBy(() -> jdkim(RSA).verify(new ByteArrayInputStream(tamperBody(message))))
                .isInstanceOf(FailException.class);
        assertThatThrownBy(() -> jdkim(RSA).verify(new ByteArrayInputStream(tamperSubject(message))))
                .isInstanceOf(FailException.class);
    }

    @DkimPyTest
    void rsaSignatureVerifiesWithDkimpy() throws Exception {
        DkimPy dkimpy = new DkimPy(dir);
        byte[] message = signed(Mails.rich("d2", "lisi@example.net"), RSA);
        assertThat(dkimpy.verifies(message, RSA.recordValue())).isTrue();
        assertThat(dkimpy.verifies(tamperBody(message), RSA.recordValue())).isFalse();
        assertThat(dkimpy.verifies(tamperSubject(message), RSA.recordValue())).isFalse();
        byte[] plain = signed(Mails.text("d3", "a@example.net"), RSA);
        assertThat(dkimpy.verifies(plain, RSA.recordValue())).isTrue();
    }

    @DkimPyTest
    void ed25519SignatureVerifiesWithDkimpy() throws Exception {
        DkimPy dkimpy = new DkimPy(dir);
        byte[] message = signed(Mails.rich("d4", "lisi@example.net"), ED25519);
        assertThat(new String(message, 0, 200, StandardCharsets.US_ASCII)).contains("a=ed25519-sha256;");
        assertThat(dkimpy.verifies(message, ED25519.recordValue())).isTrue();
        assertThat(dkimpy.verifies(tamperBody(message), ED25519.recordValue())).isFalse();
        assertThat(dkimpy.verifies(tamperSubject(message), ED25519.recordValue())).isFalse();
        // A different key of the same type must not verify.
        assertThat(dkimpy.verifies(message, Mails.ed25519Key("ed1").recordValue())).isFalse();
    }

    @Test
    void unknownAlgorithmIsRefused() {
        DkimKey odd = new DkimKey(1L, "x", "rsa-sha1", RSA.privateKey(), RSA.publicKey(), true, Mails.DATE);
        assertThatThrownBy(() -> signed(Mails.text("d5", "a@example.net"), odd))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rsa-sha1");
    }

    private static DKIMVerifier jdkim(DkimKey key) {
        return new DKIMVerifier((method, selector, domain) -> {
            assertThat(selector.toString()).isEqualTo(key.selector());
            assertThat(domain.toString()).isEqualTo("mail.example.test");
            return List.of(key.recordValue());
        });
    }
}
