package dev.ses.smtp;

import dev.ses.core.Attachment;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.OutboundMail;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Messages and keys for tests. */
public final class Mails {
    public static final Instant DATE = Instant.parse("2026-11-26T08:30:00Z");

    private Mails() {
    }

    /** A plain text message from sender@mail.example.test to the given recipients (all in To). */
    public static OutboundMail text(String id, String... recipients) {
        return new OutboundMail(id + "@mail.example.test", "bounce+" + id + "@mail.example.test",
                "sender@mail.example.test", "Sender", List.of(recipients), List.of(), Optional.empty(),
                List.of(recipients), "Message " + id, "Hello, this is message " + id + ".\r\n", Optional.empty(),
                Map.of(), List.of(), DATE, Optional.empty(), metadata(id));
    }

    /** A message with CJK names and subject, HTML and text, an attachment and an unsubscribe header. */
    public static OutboundMail rich(String id, String recipient) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<https://mail.example.test/u/" + id + ">, <mailto:u+" + id
                + "@mail.example.test>");
        headers.put("X-Campaign", "autumn");
        byte[] pdf = new byte[3000];
        Arrays.fill(pdf, (byte) 0x25);
        pdf[100] = 0;
        pdf[101] = (byte) 0xff;
        return new OutboundMail(id + "@mail.example.test", "bounce+" + id + "@mail.example.test",
                "sender@mail.example.test", "张三 商店", List.of("李四 <" + recipient + ">"), List.of(),
                Optional.of("help@mail.example.test"), List.of(recipient), "你好，李四：您的订单已发货 ✓",
                "亲爱的李四，\n您的订单已发货。\nDear Li Si, your order has shipped.\n",
                Optional.of("<html><body><p>亲爱的<b>李四</b>，您的订单已发货。</p></body></html>"), headers,
                List.of(new Attachment("发票 invoice.pdf", "application/pdf", pdf)), DATE, Optional.empty(),
                metadata(id));
    }

    /** The same message with a DKIM key. */
    public static OutboundMail withKey(OutboundMail m, DkimKey key) {
        return new OutboundMail(m.messageId(), m.envelopeFrom(), m.fromAddress(), m.fromName(), m.to(), m.cc(),
                m.replyTo(), m.envelopeRecipients(), m.subject(), m.text(), m.html(), m.headers(), m.attachments(),
                m.date(), Optional.of(key), m.metadata());
    }

    private static OutboundMail.Metadata metadata(String id) {
        return new OutboundMail.Metadata("acme", "req-" + id, 1L, Map.of(), Optional.empty());
    }

    /** A fresh RSA-2048 key. */
    public static DkimKey rsaKey(String selector) {
        KeyPair pair = generate("RSA", 2048);
        return new DkimKey(1L, selector, DkimKey.RSA_SHA256, pair.getPrivate().getEncoded(),
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()), true, DATE);
    }

    /** A fresh Ed25519 key; the published key is the raw 32 bytes (RFC 8463). */
    public static DkimKey ed25519Key(String selector) {
        KeyPair pair = generate("Ed25519", 0);
        byte[] spki = pair.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        return new DkimKey(1L, selector, DkimKey.ED25519_SHA256, pair.getPrivate().getEncoded(),
                Base64.getEncoder().encodeToString(raw), true, DATE);
    }

    private static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (size > 0) {
                generator.initialize(size);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
