package dev.ses.smtp.internal;

import dev.ses.core.Attachment;
import dev.ses.core.spi.OutboundMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns an {@link OutboundMail} into the RFC 5322 bytes that go on the wire: MIME structure, UTF-8 bodies,
 * RFC 2047 encoded words in headers where plain text would not read back as given ({@link HeaderText}), CRLF line
 * ends throughout, no line over 998 octets, 7-bit clean but for an attached message that is itself 8-bit
 * ({@code message/rfc822} is never base64, RFC 2046 5.2.1). Stateless and thread-safe.
 *
 * <p>The bytes are composed here rather than by a Jakarta Mail {@code MimeMessage}: building one, letting
 * {@code saveChanges()} scan every part for its transfer encoding and then serialising it through a chain of
 * single-byte streams cost several times more CPU than the SMTP conversation that sends it. Jakarta Mail is still
 * used to parse addresses and content types. Header text is encoded by {@link HeaderText} rather than by Jakarta
 * Mail's {@code MimeUtility}: that leaves any ASCII text plain, so a long unbroken token made a line over 998 octets
 * and text that looked like an encoded word was decoded by readers into something else.
 */
public final class MimeWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** RFC 2045 6.7 (5): encoded lines are at most 76 characters, the soft line break's "=" included. */
    private static final int QP_LINE = 76;
    /** RFC 5321 4.5.3.1.6: at most 998 characters before the CRLF. */
    private static final int MAX_LINE = 998;
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(76, CRLF);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post";
    /**
     * Headers, in lower case, whose values have a syntax of their own (URIs, message ids, tokens): written as given,
     * folded at spaces, never as encoded words, which would make them unreadable.
     */
    private static final java.util.Set<String> STRUCTURED = java.util.Set.of("list-unsubscribe",
            "list-unsubscribe-post", "list-id", "list-help", "list-subscribe", "list-post", "list-owner",
            "list-archive", "in-reply-to", "references", "auto-submitted", "feedback-id", "precedence");

    /** A writer; it holds no state. */
    public MimeWriter() {
    }

    /**
     * Renders a message.
     *
     * @return the complete message, headers and body, every line ending in CRLF
     * @throws IllegalArgumentException if a header value holds CR or LF, a header name is malformed or reserved,
     *                                  an address cannot be parsed, an attachment's content type is malformed, or
     *                                  a line would exceed 998 octets (a structured header's long token, a line of
     *                                  an attached message)
     */
    public byte[] write(OutboundMail mail) {
        checkHeaders(mail);
        try {
            Out out = new Out(estimate(mail));
            out.header("Date", DATE.format(mail.date()));
            out.header("From", mailbox(mail.fromAddress(), mail.fromName()));
            if (mail.replyTo().isPresent()) {
                out.header("Reply-To", addressList(List.of(mail.replyTo().get()), "Reply-To: ".length()));
            }
            if (!mail.to().isEmpty()) {
                out.header("To", addressList(mail.to(), "To: ".length()));
            }
            if (!mail.cc().isEmpty()) {
                out.header("Cc", addressList(mail.cc(), "Cc: ".length()));
            }
            out.header("Message-ID", "<" + mail.messageId() + ">");
            out.header("Subject", HeaderText.unstructured("Subject: ".length(), mail.subject()));
            boolean hasPost = false;
            String unsubscribe = null;
            for (Map.Entry<String, String> h : mail.headers().entrySet()) {
                String name = h.getKey();
                String lower = name.toLowerCase(Locale.ROOT);
                String value = h.getValue();
                out.header(name, STRUCTURED.contains(lower) ? HeaderText.structured(name, value)
                        : HeaderText.unstructured(name.length() + 2, value));
                if (lower.equals("list-unsubscribe-post")) {
                    hasPost = true;
                } else if (lower.equals("list-unsubscribe")) {
                    unsubscribe = value;
                }
            }
            // RFC 8058: one-click unsubscription needs an HTTPS URI in List-Unsubscribe.
            if (!hasPost && unsubscribe != null && unsubscribe.toLowerCase(Locale.ROOT).contains("<https://")) {
                out.header(LIST_UNSUBSCRIBE_POST, "List-Unsubscribe=One-Click");
            }
            out.header("MIME-Version", "1.0");
            if (mail.attachments().isEmpty()) {
                writeBody(out, mail);
            } else {
                String boundary = boundary();
                out.multipartHeader("mixed", boundary);
                out.crlf();
                out.delimiter(boundary);
                writeBody(out, mail);
                for (Attachment a : mail.attachments()) {
                    out.crlf();
                    out.delimiter(boundary);
                    writeAttachment(out, a);
                }
                out.crlf();
                out.closeDelimiter(boundary);
            }
            out.endWithCrlf();
            byte[] bytes = out.toByteArray();
            checkLineLengths(bytes, mail.messageId());
            return bytes;
        } catch (MessagingException e) {
            throw new IllegalArgumentException("cannot build the MIME message " + mail.messageId() + ": "
                    + e.getMessage(), e);
        }
    }

    private static int estimate(OutboundMail mail) {
        long size = 2048L + mail.text().length() * 2L + mail.html().map(String::length).orElse(0) * 2L;
        for (Attachment a : mail.attachments()) {
            size += a.size() * 4L / 3 + 512;
        }
        return (int) Math.min(size, Integer.MAX_VALUE - 16);
    }

    /** The message's text, or text and HTML as {@code multipart/alternative}: headers from Content-Type on. */
    private static void writeBody(Out out, OutboundMail mail) {
        if (mail.html().isEmpty()) {
            writeText(out, "text/plain", mail.text());
            return;
        }
        String boundary = boundary();
        out.multipartHeader("alternative", boundary);
        out.crlf();
        out.delimiter(boundary);
        writeText(out, "text/plain", mail.text());
        out.crlf();
        out.delimiter(boundary);
        writeText(out, "text/html", mail.html().get());
        out.crlf();
        out.closeDelimiter(boundary);
    }

    /** A UTF-8 text part in canonical form (RFC 2045 2.10: CRLF line ends), 7bit when it can be. */
    private static void writeText(Out out, String type, String text) {
        byte[] bytes = toCrlf(text.getBytes(StandardCharsets.UTF_8));
        out.header("Content-Type", type + "; charset=UTF-8");
        int ascii = 0;
        int other = 0;
        int lineLength = 0;
        boolean longLine = false;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                i++;
                lineLength = 0;
                continue;
            }
            longLine |= ++lineLength > MAX_LINE;
            if (b >= 32 && b < 127 || b == '\t') {
                ascii++;
            } else {
                other++;
            }
        }
        if (other == 0 && !longLine) {
            out.header("Content-Transfer-Encoding", "7bit");
            out.crlf();
            out.write(bytes);
        } else if (other > ascii) {
            // Mostly non-ASCII (CJK, say): base64 is a third larger, quoted-printable three times.
            out.header("Content-Transfer-Encoding", "base64");
            out.crlf();
            out.write(BASE64.encode(bytes));
        } else {
            out.header("Content-Transfer-Encoding", "quoted-printable");
            out.crlf();
            quotedPrintable(out, bytes);
        }
    }

    private static void writeAttachment(Out out, Attachment a) throws MessagingException {
        // The name goes plain or in RFC 2231 form with an explicit charset, so the JVM's default charset plays no
        // part and no reader decodes a name that looks like an encoded word.
        ContentType type = new ContentType(a.contentType());
        out.header("Content-Type", type.getBaseType().toLowerCase(Locale.ROOT)
                + HeaderText.parameter("name", a.filename()));
        byte[] content = a.content();
        // RFC 2046 5.2.1: a message/rfc822 body is never base64 or quoted-printable; readers would not show it.
        boolean message = type.match("message/rfc822");
        if (message) {
            content = toCrlf(content);
        }
        out.header("Content-Transfer-Encoding", message ? (isSevenBit(content) ? "7bit" : "8bit") : "base64");
        out.header("Content-Disposition", "attachment" + HeaderText.parameter("filename", a.filename()));
        out.crlf();
        out.write(message ? content : BASE64.encode(content));
    }

    private static boolean isSevenBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0 || b == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The guard behind every other rule: no line of the message may exceed 998 octets (RFC 5322 2.1.1), whatever
     * part it is in; a message that would hold one is not sent.
     */
    private static void checkLineLengths(byte[] bytes, String messageId) {
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                int length = i - start - (i > start && bytes[i - 1] == '\r' ? 1 : 0);
                if (length > MAX_LINE) {
                    throw new IllegalArgumentException("message " + messageId + " holds a line of " + length
                            + " octets, over the limit of " + MAX_LINE + " (RFC 5322 2.1.1): "
                            + new String(bytes, start, Math.min(60, length), StandardCharsets.ISO_8859_1) + "...");
                }
                start = i + 1;
            }
        }
    }

    /**
     * RFC 2045 section 6.7 over CRLF-delimited bytes: hard line breaks stay CRLF, whitespace at the end of a line
     * and every byte outside printable ASCII (and "=") become "=XX", lines longer than 76 get soft breaks.
     */
    static void quotedPrintable(Out out, byte[] bytes) {
        int column = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                out.write(CRLF);
                column = 0;
                i++;
                continue;
            }
            boolean lineEnds = i + 1 == bytes.length
                    || bytes[i + 1] == '\r' && i + 2 < bytes.length && bytes[i + 2] == '\n';
            boolean literal = b >= 33 && b <= 126 && b != '='
                    || (b == ' ' || b == '\t') && !lineEnds;
            int width = literal ? 1 : 3;
            // Leave room for the "=" of a soft break unless this is the last character of the line.
            int limit = lineEnds ? QP_LINE : QP_LINE - 1;
            if (column + width > limit) {
                out.write('=');
                out.write(CRLF);
                column = 0;
            }
            if (literal) {
                out.write(b);
            } else {
                out.write('=');
                out.write(HEX[b >> 4]);
                out.write(HEX[b & 0xf]);
            }
            column += width;
        }
    }

    /** A boundary that cannot occur in base64 or quoted-printable text ("=_" is neither) and is unguessable. */
    private static String boundary() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "=_ses_" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
    }

    /** The message under construction; headers are ASCII by the time they get here. */
    static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        /** Writes a header whose value is already encoded and folded. */
        void header(String name, String value) {
            writeAscii(name);
            write(':');
            write(' ');
            writeAscii(value);
            write(CRLF);
        }

        void multipartHeader(String subtype, String boundary) {
            header("Content-Type", "multipart/" + subtype + ";\r\n\tboundary=\"" + boundary + "\"");
        }

        void delimiter(String boundary) {
            writeAscii("--" + boundary);
            write(CRLF);
        }

        void closeDelimiter(String boundary) {
            writeAscii("--" + boundary + "--");
        }

        void crlf() {
            write(CRLF);
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            // Unsynchronised: one thread builds one message.
            ensure(count + len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        @Override
        public void write(int b) {
            ensure(count + 1);
            buf[count++] = (byte) b;
        }

        void endWithCrlf() {
            if (count < 2 || buf[count - 2] != '\r' || buf[count - 1] != '\n') {
                write(CRLF);
            }
        }

        private void writeAscii(String s) {
            int n = s.length();
            ensure(count + n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                // Encoded words and folding leave only ASCII; anything else is replaced rather than sent as 8-bit.
                buf[count++] = c < 128 ? (byte) c : (byte) '?';
            }
        }

        private void ensure(int capacity) {
            if (capacity > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
            }
        }
    }

    /** A mailbox as {@code phrase <address>}, or the bare address without a name. */
    private static String mailbox(String address, String name) {
        String checked = plainAddress(address);
        return name.isEmpty() ? checked : HeaderText.phrase(name) + " <" + checked + ">";
    }

    /**
     * Mailboxes separated by commas, folded between them; each given as {@code addr} or {@code Name <addr>}, its
     * display name written again as {@link HeaderText#phrase} has it.
     */
    private static String addressList(List<String> values, int used) {
        StringBuilder out = new StringBuilder();
        int column = used;
        for (String value : values) {
            String one = parse(value);
            if (out.length() > 0) {
                out.append(',');
                column++;
                int firstLine = one.indexOf('\r');
                if (column + 1 + (firstLine < 0 ? one.length() : firstLine) > 76) {
                    out.append("\r\n");
                    column = 0;
                }
                out.append(' ');
                column++;
            }
            out.append(one);
            int lastBreak = one.lastIndexOf('\n');
            column = lastBreak < 0 ? column + one.length() : one.length() - lastBreak - 1;
        }
        return out.toString();
    }

    /** Parses {@code addr} or {@code Name <addr>} into the form written on the wire. */
    private static String parse(String value) {
        try {
            InternetAddress parsed = new InternetAddress(value, false);
            String personal = parsed.getPersonal();
            return mailbox(parsed.getAddress(), personal == null ? "" : personal);
        } catch (AddressException e) {
            throw new IllegalArgumentException("address cannot be parsed: " + value, e);
        }
    }

    /** An addr-spec checked by Jakarta Mail's parser; written as given. */
    private static String plainAddress(String address) {
        try {
            return new InternetAddress(address, false).getAddress();
        } catch (AddressException e) {
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
            if (OutboundMail.RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
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
}
