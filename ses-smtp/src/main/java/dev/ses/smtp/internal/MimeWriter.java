package dev.ses.smtp.internal;

import dev.ses.core.Attachment;
import dev.ses.core.spi.OutboundMail;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParameterList;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Turns an {@link OutboundMail} into the RFC 5322 bytes that go on the wire: MIME structure, UTF-8 bodies,
 * RFC 2047 encoded words in headers, CRLF line ends throughout. Stateless and thread-safe.
 */
public final class MimeWriter {
    private static final String UTF_8 = "UTF-8";
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Headers this class writes itself; a caller may not set them through {@link OutboundMail#headers()}. */
    private static final Set<String> RESERVED = Set.of("from", "to", "cc", "bcc", "reply-to", "subject", "date",
            "message-id", "mime-version", "content-type", "content-transfer-encoding", "content-disposition",
            "dkim-signature", "return-path", "sender");
    private static final String LIST_UNSUBSCRIBE = "List-Unsubscribe";
    private static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post";

    private final Session session;

    /** A writer with its own mail session; no system properties are read. */
    public MimeWriter() {
        Properties props = new Properties();
        props.setProperty("mail.mime.charset", UTF_8);
        this.session = Session.getInstance(props);
    }

    /** The session the messages are created in. */
    public Session session() {
        return session;
    }

    /**
     * Renders a message.
     *
     * @return the complete message, headers and body, every line ending in CRLF
     * @throws IllegalArgumentException if a header value holds CR or LF, a header name is malformed or reserved,
     *                                  or an address cannot be parsed
     */
    public byte[] write(OutboundMail mail) {
        checkHeaders(mail);
        try {
            MimeMessage message = new FixedIdMessage(session, mail.messageId());
            message.setFrom(address(mail.fromAddress(), mail.fromName()));
            List<InternetAddress> to = addresses(mail.to());
            if (!to.isEmpty()) {
                message.setRecipients(MimeMessage.RecipientType.TO, to.toArray(InternetAddress[]::new));
            }
            List<InternetAddress> cc = addresses(mail.cc());
            if (!cc.isEmpty()) {
                message.setRecipients(MimeMessage.RecipientType.CC, cc.toArray(InternetAddress[]::new));
            }
            if (mail.replyTo().isPresent()) {
                message.setReplyTo(new InternetAddress[] {parse(mail.replyTo().get())});
            }
            message.setSubject(mail.subject(), UTF_8);
            message.setHeader("Date", DATE.format(mail.date()));
            boolean hasPost = false;
            String unsubscribe = null;
            for (Map.Entry<String, String> h : mail.headers().entrySet()) {
                String name = h.getKey();
                message.addHeader(name, MimeUtility.fold(name.length() + 2, h.getValue()));
                if (name.equalsIgnoreCase(LIST_UNSUBSCRIBE_POST)) {
                    hasPost = true;
                } else if (name.equalsIgnoreCase(LIST_UNSUBSCRIBE)) {
                    unsubscribe = h.getValue();
                }
            }
            // RFC 8058: one-click unsubscription needs an HTTPS URI in List-Unsubscribe.
            if (!hasPost && unsubscribe != null && unsubscribe.toLowerCase(Locale.ROOT).contains("<https://")) {
                message.addHeader(LIST_UNSUBSCRIBE_POST, "List-Unsubscribe=One-Click");
            }
            setBody(message, mail);
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream(estimate(mail));
            message.writeTo(out);
            return toCrlf(out.toByteArray());
        } catch (MessagingException e) {
            throw new IllegalArgumentException("cannot build the MIME message " + mail.messageId() + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int estimate(OutboundMail mail) {
        long size = 2048L + mail.text().length() * 2L + mail.html().map(String::length).orElse(0) * 2L;
        for (Attachment a : mail.attachments()) {
            size += a.size() * 4L / 3 + 512;
        }
        return (int) Math.min(size, Integer.MAX_VALUE - 16);
    }

    private static void setBody(MimeMessage message, OutboundMail mail) throws MessagingException {
        if (mail.attachments().isEmpty()) {
            if (mail.html().isPresent()) {
                message.setContent(alternative(mail.text(), mail.html().get()));
            } else {
                message.setText(crlf(mail.text()), UTF_8);
            }
            return;
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        if (mail.html().isPresent()) {
            body.setContent(alternative(mail.text(), mail.html().get()));
        } else {
            body.setText(crlf(mail.text()), UTF_8);
        }
        mixed.addBodyPart(body);
        for (Attachment a : mail.attachments()) {
            mixed.addBodyPart(attachment(a));
        }
        message.setContent(mixed);
    }

    private static MimeMultipart alternative(String text, String html) throws MessagingException {
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(crlf(text), UTF_8);
        alternative.addBodyPart(plain);
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(crlf(html), UTF_8, "html");
        alternative.addBodyPart(rich);
        return alternative;
    }

    private static MimeBodyPart attachment(Attachment a) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
        // The name goes in RFC 2231 form with an explicit charset, so the JVM's default charset plays no part.
        ParameterList typeParams = new ParameterList();
        typeParams.set("name", a.filename(), UTF_8);
        ContentType type = new ContentType(a.contentType());
        type.setParameterList(typeParams);
        part.setHeader("Content-Type", type.toString());
        ParameterList dispositionParams = new ParameterList();
        dispositionParams.set("filename", a.filename(), UTF_8);
        ContentDisposition disposition = new ContentDisposition("attachment", dispositionParams);
        part.setHeader("Content-Disposition", disposition.toString());
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    /** Text in canonical form (RFC 2045 2.10) has CRLF line ends, also when it is then base64-encoded. */
    private static String crlf(String text) {
        return text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text : text.replaceAll("\r\n|\r|\n", "\r\n");
    }

    private static List<InternetAddress> addresses(List<String> values) {
        List<InternetAddress> result = new ArrayList<>(values.size());
        for (String v : values) {
            result.add(parse(v));
        }
        return result;
    }

    /** Parses {@code addr} or {@code Name <addr>}; a display name is re-encoded as UTF-8. */
    private static InternetAddress parse(String value) {
        try {
            InternetAddress parsed = new InternetAddress(value, false);
            String personal = parsed.getPersonal();
            return personal == null || personal.isEmpty() ? new InternetAddress(parsed.getAddress(), false)
                    : address(parsed.getAddress(), personal);
        } catch (AddressException e) {
            throw new IllegalArgumentException("address cannot be parsed: " + value, e);
        }
    }

    private static InternetAddress address(String address, String name) {
        try {
            InternetAddress result = new InternetAddress(address, false);
            if (!name.isEmpty()) {
                result.setPersonal(name, UTF_8);
            }
            return result;
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException("address cannot be used: " + address, e);
        }
    }

    /**
     * The last line of defence against header injection: the engine refuses CR and LF in user data long before
     * this, but nothing that reaches a header here may carry them either.
     */
    private static void checkHeaders(OutboundMail mail) {
        checkValue("Message-ID", mail.messageId());
        checkValue("envelopeFrom", mail.envelopeFrom());
        checkValue("From", mail.fromAddress());
        checkValue("From", mail.fromName());
        mail.to().forEach(v -> checkValue("To", v));
        mail.cc().forEach(v -> checkValue("Cc", v));
        mail.replyTo().ifPresent(v -> checkValue("Reply-To", v));
        mail.envelopeRecipients().forEach(v -> checkValue("envelopeRecipients", v));
        checkValue("Subject", mail.subject());
        for (Map.Entry<String, String> h : mail.headers().entrySet()) {
            String name = h.getKey();
            if (name.isEmpty() || !name.chars().allMatch(c -> c >= 33 && c <= 126 && c != ':')) {
                throw new IllegalArgumentException("header name is malformed: " + printable(name));
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header " + name + " is written by the MIME layer, not by callers");
            }
            checkValue(name, h.getValue());
        }
        for (Attachment a : mail.attachments()) {
            checkValue("attachment filename", a.filename());
        }
    }

    private static void checkValue(String field, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(field + " must not contain CR or LF: " + printable(value));
        }
    }

    private static String printable(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return shown.replace("\r", "\\r").replace("\n", "\\n");
    }

    /**
     * Rewrites every bare CR or LF as CRLF, so that the bytes signed are the bytes the server stores: the SMTP
     * data stream would make the same change on the way out and break a DKIM body hash.
     */
    static byte[] toCrlf(byte[] in) {
        int extra = 0;
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r') {
                if (i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                } else {
                    extra++;
                }
            } else if (b == '\n') {
                extra++;
            }
        }
        if (extra == 0) {
            return in;
        }
        byte[] out = new byte[in.length + extra];
        int o = 0;
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r' || b == '\n') {
                out[o++] = '\r';
                out[o++] = '\n';
                if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
            } else {
                out[o++] = b;
            }
        }
        return out;
    }

    /** A message whose Message-ID is ours rather than one Jakarta Mail makes up on {@code saveChanges()}. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + messageId + ">");
        }
    }
}
