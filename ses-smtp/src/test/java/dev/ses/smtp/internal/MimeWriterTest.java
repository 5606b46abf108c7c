package dev.ses.smtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.spi.OutboundMail;
import dev.ses.smtp.Mails;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MimeWriterTest {
    private final MimeWriter writer = new MimeWriter();

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    @Test
    void plainTextMessageIsSinglePartUtf8WithOurIdAndDate() throws Exception {
        byte[] bytes = writer.write(Mails.text("m1", "ann@example.net"));
        MimeMessage m = parse(bytes);

        assertThat(m.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(m.getHeader("Message-ID", null)).isEqualTo("<m1@mail.example.test>");
        assertThat(m.getHeader("Date", null)).isEqualTo("Thu, 26 Nov 2026 08:30:00 +0000");
        assertThat(m.getHeader("MIME-Version", null)).isEqualTo("1.0");
        assertThat(m.getSubject()).isEqualTo("Message m1");
        assertThat((String) m.getContent()).isEqualTo("Hello, this is message m1.\r\n");
        assertThat(m.getHeader("List-Unsubscribe-Post")).isNull();
    }

    @Test
    void richMessageHasAlternativeInsideMixedAndEncodedWords() throws Exception {
        byte[] bytes = writer.write(Mails.rich("m2", "lisi@example.net"));
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        // 7-bit clean: every non-ASCII character is in an encoded word or a transfer encoding.
        for (byte b : bytes) {
            assertThat(b & 0xff).isLessThan(128);
        }
        assertThat(raw.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        assertThat(raw.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        assertThat(raw).contains("Subject: =?UTF-8?");

        MimeMessage m = parse(bytes);
        assertThat(m.getSubject()).isEqualTo("你好，李四：您的订单已发货 ✓");
        InternetAddress from = (InternetAddress) m.getFrom()[0];
        assertThat(from.getPersonal()).isEqualTo("张三 商店");
        assertThat(from.getAddress()).isEqualTo("sender@mail.example.test");
        InternetAddress to = (InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0];
        assertThat(to.getPersonal()).isEqualTo("李四");
        assertThat(to.getAddress()).isEqualTo("lisi@example.net");
        assertThat(((InternetAddress) m.getReplyTo()[0]).getAddress()).isEqualTo("help@mail.example.test");
        assertThat(m.getHeader("List-Unsubscribe", null)).contains("<https://mail.example.test/u/m2>");
        assertThat(m.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(m.getHeader("X-Campaign", null)).isEqualTo("autumn");

        assertThat(m.getContentType()).startsWith("multipart/mixed");
        MimeMultipart mixed = (MimeMultipart) m.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        BodyPart body = mixed.getBodyPart(0);
        assertThat(body.getContentType()).startsWith("multipart/alternative");
        MimeMultipart alternative = (MimeMultipart) body.getContent();
        assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat((String) alternative.getBodyPart(0).getContent())
                .isEqualTo("亲爱的李四，\r\n您的订单已发货。\r\nDear Li Si, your order has shipped.\r\n");
        assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) alternative.getBodyPart(1).getContent()).contains("<b>李四</b>");
        BodyPart attachment = mixed.getBodyPart(1);
        assertThat(attachment.getDisposition()).isEqualTo("attachment");
        assertThat(attachment.getFileName()).isEqualTo("发票 invoice.pdf");
        assertThat(attachment.getContentType()).startsWith("application/pdf");
        assertThat(attachment.getInputStream().readAllBytes())
                .isEqualTo(Mails.rich("m2", "lisi@example.net").attachments().get(0).content());
    }

    @Test
    void htmlWithoutAttachmentsIsAlternativeAtTheTop() throws Exception {
        OutboundMail m = Mails.rich("m3", "x@example.net");
        OutboundMail noAttachments = new OutboundMail(m.messageId(), m.envelopeFrom(), m.fromAddress(), m.fromName(),
                m.to(), m.cc(), m.replyTo(), m.envelopeRecipients(), m.subject(), m.text(), m.html(), Map.of(),
                List.of(), m.date(), Optional.empty(), m.metadata());
        MimeMessage parsed = parse(writer.write(noAttachments));
        assertThat(parsed.getContentType()).startsWith("multipart/alternative");
        assertThat(parsed.getHeader("List-Unsubscribe-Post")).isNull();
    }

    @Test
    void mailtoOnlyUnsubscribeGetsNoOneClickHeader() throws Exception {
        OutboundMail m = withHeaders(Mails.text("m4", "a@example.net"),
                Map.of("List-Unsubscribe", "<mailto:u@mail.example.test>"));
        assertThat(parse(writer.write(m)).getHeader("List-Unsubscribe-Post")).isNull();
    }

    @Test
    void refusesCrOrLfInAnyHeaderValue() {
        OutboundMail base = Mails.text("m5", "a@example.net");
        assertThatThrownBy(() -> writer.write(withHeaders(base, Map.of("X-Note", "a\r\nBcc: evil@example.net"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X-Note");
        OutboundMail badSubject = new OutboundMail(base.messageId(), base.envelopeFrom(), base.fromAddress(),
                base.fromName(), base.to(), base.cc(), base.replyTo(), base.envelopeRecipients(),
                "Hi\nBcc: evil@example.net", base.text(), base.html(), base.headers(), base.attachments(),
                base.date(), base.dkim(), base.metadata());
        assertThatThrownBy(() -> writer.write(badSubject))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Subject");
        OutboundMail badName = new OutboundMail(base.messageId(), base.envelopeFrom(), base.fromAddress(),
                "Eve\r\nX-Evil: 1", base.to(), base.cc(), base.replyTo(), base.envelopeRecipients(),
                base.subject(), base.text(), base.html(), base.headers(), base.attachments(), base.date(),
                base.dkim(), base.metadata());
        assertThatThrownBy(() -> writer.write(badName)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesHeadersTheWriterOwnsAndMalformedNames() {
        OutboundMail base = Mails.text("m6", "a@example.net");
        assertThatThrownBy(() -> writer.write(withHeaders(base, Map.of("Content-Type", "text/html"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Content-Type");
        assertThatThrownBy(() -> writer.write(withHeaders(base, Map.of("Bad Name", "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad Name");
    }

    @Test
    void bareLineFeedsBecomeCrlf() {
        assertThat(MimeWriter.toCrlf("a\nb\rc\r\nd".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("a\r\nb\r\nc\r\nd".getBytes(StandardCharsets.US_ASCII));
        byte[] clean = "a\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(MimeWriter.toCrlf(clean)).isSameAs(clean);
    }

    @Test
    void accentedTextIsQuotedPrintableWithShortLinesAndRoundTrips() throws Exception {
        String text = "Grüße aus Köln, = sign and trailing space \nsecond line\t\n" + "é".repeat(10)
                + "x".repeat(200) + "\n";
        byte[] bytes = writer.write(withText(Mails.text("m7", "a@example.net"), text));
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(raw).contains("Content-Transfer-Encoding: quoted-printable");
        for (byte b : bytes) {
            assertThat(b & 0xff).isLessThan(128);
        }
        String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        assertThat(body.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(76));
        assertThat((String) parse(bytes).getContent()).isEqualTo(text.replace("\n", "\r\n"));
    }

    @Test
    void asciiLineLongerThanSmtpAllowsIsNotSent7bit() throws Exception {
        String text = "a".repeat(1500) + "\n";
        byte[] bytes = writer.write(withText(Mails.text("m8", "a@example.net"), text));
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(raw).contains("Content-Transfer-Encoding: quoted-printable");
        assertThat(raw.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(76));
        assertThat((String) parse(bytes).getContent()).isEqualTo("a".repeat(1500) + "\r\n");
    }

    @Test
    void plainAsciiTextGoesAs7bitUnchanged() throws Exception {
        String text = "Dear Ann,\n\nyour order A-1 has shipped.\n";
        byte[] bytes = writer.write(withText(Mails.text("m9", "a@example.net"), text));
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(raw).contains("Content-Transfer-Encoding: 7bit")
                .endsWith("\r\n\r\nDear Ann,\r\n\r\nyour order A-1 has shipped.\r\n");
    }

    @Test
    void nonAsciiCustomHeaderIsAnEncodedWord() throws Exception {
        byte[] bytes = writer.write(withHeaders(Mails.text("m10", "a@example.net"), Map.of("X-Note", "café ☕")));
        for (byte b : bytes) {
            assertThat(b & 0xff).isLessThan(128);
        }
        assertThat(MimeUtility.decodeText(parse(bytes).getHeader("X-Note", null))).isEqualTo("café ☕");
    }

    @Test
    void anyTextSurvivesTheTransferEncodingExactly() throws Exception {
        String alphabet = "ab =\t\n.é中x";
        Random random = new Random(42);
        OutboundMail base = Mails.rich("m11", "a@example.net");
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(round < 200 ? 200 : 2000);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            OutboundMail m = new OutboundMail(base.messageId(), base.envelopeFrom(), base.fromAddress(),
                    base.fromName(), base.to(), base.cc(), base.replyTo(), base.envelopeRecipients(), base.subject(),
                    text, Optional.of("<p>" + text + "</p>"), Map.of(), List.of(), base.date(), Optional.empty(),
                    base.metadata());
            byte[] bytes = writer.write(m);
            String raw = new String(bytes, StandardCharsets.ISO_8859_1);
            assertThat(raw.split("\r\n", -1)).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
            MimeMultipart alternative = (MimeMultipart) parse(bytes).getContent();
            assertThat((String) alternative.getBodyPart(0).getContent()).as("round %d: %s", round, text)
                    .isEqualTo(text.replace("\n", "\r\n"));
        }
    }

    @Test
    void aLongUnbrokenSubjectOrHeaderIsEncodedSoThatNoLineExceeds998Octets() throws Exception {
        String subject = "s".repeat(990);
        String token = "t".repeat(990);
        OutboundMail m = withSubject(withHeaders(Mails.text("m12", "a@example.net"), Map.of("X-Token", token)),
                subject);
        byte[] bytes = writer.write(m);
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(raw.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        MimeMessage parsed = parse(bytes);
        assertThat(parsed.getSubject()).isEqualTo(subject);
        assertThat(MimeUtility.decodeText(MimeUtility.unfold(parsed.getHeader("X-Token", null)))).isEqualTo(token);
        // A subject that fits stays plain, folded at its spaces.
        String words = "word ".repeat(150).strip();
        byte[] plain = writer.write(withSubject(Mails.text("m13", "a@example.net"), words));
        assertThat(new String(plain, StandardCharsets.ISO_8859_1)).contains("Subject: word word").doesNotContain("=?");
        assertThat(parse(plain).getSubject()).isEqualTo(words);
    }

    @Test
    void aStructuredHeaderWhoseTokenCannotFitALineIsRefusedNotSentLong() {
        OutboundMail m = withHeaders(Mails.text("m14", "a@example.net"),
                Map.of("List-Unsubscribe", "<https://mail.example.test/u/" + "x".repeat(990) + ">"));
        assertThatThrownBy(() -> writer.write(m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("List-Unsubscribe").hasMessageContaining("998");
    }

    @Test
    void textThatLooksLikeAnEncodedWordReadsBackExactlyAsSent() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("lookalike", "=?utf-8?q?Your_account_is_closed?=");
        cases.put("lookalike inside", "Re: =?UTF-8?B?SGk=?= and more");
        cases.put("trailing space", "Hello ");
        cases.put("leading space", " Hello");
        cases.put("double space", "Hello  world");
        cases.put("tab", "Hello\tworld");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String text = c.getValue();
            OutboundMail m = withFromName(withSubject(withHeaders(Mails.text("m15", "a@example.net"),
                    Map.of("X-Note", text)), text), text.strip().isEmpty() ? "x" : text);
            byte[] bytes = writer.write(m);
            MimeMessage parsed = parse(bytes);
            assertThat(parsed.getSubject()).as("subject, %s", c.getKey()).isEqualTo(text);
            assertThat(MimeUtility.decodeText(MimeUtility.unfold(parsed.getHeader("X-Note", null))))
                    .as("header, %s", c.getKey()).isEqualTo(text);
            assertThat(((InternetAddress) parsed.getFrom()[0]).getPersonal()).as("display name, %s", c.getKey())
                    .isEqualTo(text);
        }
    }

    @Test
    void displayNamesWithTabsOrDoubleSpacesAreQuotedAndOthersEncodedOrPlain() throws Exception {
        String raw = new String(writer.write(withFromName(Mails.text("m16", "a@example.net"), "Ann  Lee")),
                StandardCharsets.ISO_8859_1);
        assertThat(raw).contains("From: \"Ann  Lee\" <sender@mail.example.test>");
        raw = new String(writer.write(withFromName(Mails.text("m17", "a@example.net"), "Ann\tLee")),
                StandardCharsets.ISO_8859_1);
        assertThat(raw).contains("From: \"Ann\tLee\" <sender@mail.example.test>");
        raw = new String(writer.write(withFromName(Mails.text("m18", "a@example.net"), "Acme, \"Shop\"")),
                StandardCharsets.ISO_8859_1);
        assertThat(raw).contains("From: \"Acme, \\\"Shop\\\"\" <sender@mail.example.test>");
        assertThat(((InternetAddress) parse(raw.getBytes(StandardCharsets.ISO_8859_1)).getFrom()[0]).getPersonal())
                .isEqualTo("Acme, \"Shop\"");
        raw = new String(writer.write(withFromName(Mails.text("m19", "a@example.net"), "Acme Shop")),
                StandardCharsets.ISO_8859_1);
        assertThat(raw).contains("From: Acme Shop <sender@mail.example.test>");
    }

    @Test
    void anAttachedMessageIsSent7bitOr8bitNeverBase64() throws Exception {
        String inner = "From: a@example.net\r\nSubject: original\r\n\r\nthe original body\r\n";
        OutboundMail ascii = withAttachments(Mails.text("m20", "a@example.net"),
                List.of(new dev.ses.core.Attachment("original.eml", "message/rfc822",
                        inner.getBytes(StandardCharsets.US_ASCII))));
        byte[] bytes = writer.write(ascii);
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(raw).contains("Content-Type: message/rfc822").contains("Content-Transfer-Encoding: 7bit")
                .contains("\r\n\r\nFrom: a@example.net\r\nSubject: original\r\n");
        BodyPart part = ((MimeMultipart) parse(bytes).getContent()).getBodyPart(1);
        assertThat(((MimeMessage) part.getContent()).getSubject()).isEqualTo("original");

        String eight = "From: a@example.net\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\n\nGrüße\n";
        OutboundMail utf8 = withAttachments(Mails.text("m21", "a@example.net"),
                List.of(new dev.ses.core.Attachment("original.eml", "message/rfc822",
                        eight.getBytes(StandardCharsets.UTF_8))));
        String raw8 = new String(writer.write(utf8), StandardCharsets.UTF_8);
        assertThat(raw8).contains("Content-Transfer-Encoding: 8bit").contains("\r\n\r\nGrüße\r\n");

        OutboundMail longLine = withAttachments(Mails.text("m22", "a@example.net"),
                List.of(new dev.ses.core.Attachment("original.eml", "message/rfc822",
                        ("Subject: x\r\n\r\n" + "y".repeat(1200) + "\r\n").getBytes(StandardCharsets.US_ASCII))));
        assertThatThrownBy(() -> writer.write(longLine)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1200 octets").hasMessageContaining("998");
    }

    @Test
    void anyDisplayNameAndSubjectReadBackExactly() throws Exception {
        String alphabet = "ab =?_\t\u000b\"\\,<>é中😀x";
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder("n");
            int length = random.nextInt(round < 250 ? 60 : 1200);
            for (int i = 0; i < length; ) {
                int cp = alphabet.codePointAt(random.nextInt(alphabet.length()));
                if (Character.isLowSurrogate((char) cp)) {
                    continue;
                }
                sb.appendCodePoint(cp);
                i++;
            }
            String text = sb.toString();
            byte[] bytes = writer.write(withFromName(withSubject(Mails.text("m23", "a@example.net"), text), text));
            String raw = new String(bytes, StandardCharsets.ISO_8859_1);
            assertThat(raw.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
            MimeMessage parsed = parse(bytes);
            assertThat(parsed.getSubject()).as("round %d", round).isEqualTo(text);
            assertThat(((InternetAddress) parsed.getFrom()[0]).getPersonal()).as("round %d", round).isEqualTo(text);
        }
    }

    @Test
    void attachmentNamesReadBackExactlyAndNeverAsEncodedWords() throws Exception {
        List<String> names = List.of("invoice.pdf", "=?utf-8?q?payment_overdue?=.pdf", "Rechnung März.pdf",
                "a \"quoted\" name.pdf", "two  spaces.pdf", "发票 " + "长".repeat(200) + ".pdf",
                "x".repeat(500) + ".pdf");
        for (String name : names) {
            OutboundMail m = withAttachments(Mails.text("m24", "a@example.net"),
                    List.of(new dev.ses.core.Attachment(name, "application/pdf", new byte[] {1, 2, 3})));
            byte[] bytes = writer.write(m);
            String raw = new String(bytes, StandardCharsets.ISO_8859_1);
            assertThat(raw.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(76));
            String headers = raw.substring(raw.indexOf("Content-Type: application/pdf"));
            assertThat(headers.substring(0, headers.indexOf("\r\n\r\n"))).doesNotContain("=?");
            BodyPart part = ((MimeMultipart) parse(bytes).getContent()).getBodyPart(1);
            assertThat(part.getFileName()).as(name).isEqualTo(name);
            assertThat(new jakarta.mail.internet.ContentType(part.getContentType()).getParameter("name"))
                    .as(name).isEqualTo(name);
        }
        String raw = new String(writer.write(withAttachments(Mails.text("m25", "a@example.net"),
                List.of(new dev.ses.core.Attachment("invoice.pdf", "application/pdf", new byte[1])))),
                StandardCharsets.ISO_8859_1);
        assertThat(raw).contains("Content-Disposition: attachment;\r\n\tfilename=\"invoice.pdf\"\r\n");
    }

    static OutboundMail withSubject(OutboundMail m, String subject) {
        return new OutboundMail(m.messageId(), m.envelopeFrom(), m.fromAddress(), m.fromName(), m.to(), m.cc(),
                m.replyTo(), m.envelopeRecipients(), subject, m.text(), m.html(), m.headers(), m.attachments(),
                m.date(), m.dkim(), m.metadata());
    }

    static OutboundMail withFromName(OutboundMail m, String name) {
        return new OutboundMail(m.messageId(), m.envelopeFrom(), m.fromAddress(), name, m.to(), m.cc(),
                m.replyTo(), m.envelopeRecipients(), m.subject(), m.text(), m.html(), m.headers(), m.attachments(),
                m.date(), m.dkim(), m.metadata());
    }

    static OutboundMail withAttachments(OutboundMail m, List<dev.ses.core.Attachment> attachments) {
        return new OutboundMail(m.messageId(), m.envelopeFrom(), m.fromAddress(), m.fromName(), m.to(), m.cc(),
                m.replyTo(), m.envelopeRecipients(), m.subject(), m.text(), m.html(), m.headers(), attachments,
                m.date(), m.dkim(), m.metadata());
    }

    static OutboundMail withText(OutboundMail m, String text) {
        return new OutboundMail(m.messageId(), m.envelopeFrom(), m.fromAddress(), m.fromName(), m.to(), m.cc(),
                m.replyTo(), m.envelopeRecipients(), m.subject(), text, m.html(), m.headers(), m.attachments(),
                m.date(), m.dkim(), m.metadata());
    }

    static OutboundMail withHeaders(OutboundMail m, Map<String, String> headers) {
        return new OutboundMail(m.messageId(), m.envelopeFrom(), m.fromAddress(), m.fromName(), m.to(), m.cc(),
                m.replyTo(), m.envelopeRecipients(), m.subject(), m.text(), m.html(), new LinkedHashMap<>(headers),
                m.attachments(), m.date(), m.dkim(), m.metadata());
    }
}
