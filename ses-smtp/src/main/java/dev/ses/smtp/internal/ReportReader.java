package dev.ses.smtp.internal;

import dev.ses.core.spi.InboundReport;
import dev.ses.core.spi.InboundReport.Action;
import dev.ses.core.spi.InboundReport.Complaint;
import dev.ses.core.spi.InboundReport.Kind;
import dev.ses.core.spi.InboundReport.RecipientStatus;
import dev.ses.core.spi.ReportParser;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.dsn.DeliveryStatus;

/**
 * The {@link ReportParser} of ses-smtp. Reads the message with Jakarta Mail and tells its kind by its structure
 * first ({@code multipart/report} and its {@code report-type}), then by its headers ({@code Auto-Submitted} and the
 * out-of-office headers of common mail systems), then by its words (a bounce from a mailer daemon with a status
 * code in its text). The per-recipient fields of a DSN are read with Angus's {@link DeliveryStatus}; the
 * {@code message/feedback-report} part of an ARF report, which Angus does not parse, with {@link InternetHeaders}.
 * Stateless and thread-safe.
 */
public final class ReportReader implements ReportParser {
    /** The one instance. */
    public static final ReportReader INSTANCE = new ReportReader();

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+=#&'*/?^`{|}~!$-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*"
            + "[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");
    private static final Pattern ENHANCED = Pattern.compile("(?<![\\d.])([245]\\.\\d{1,3}\\.\\d{1,3})(?![\\d.]*\\d)");
    private static final Pattern BASIC = Pattern.compile("(?<![\\d.])([45]\\d\\d)[ :-]");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^\\s*Message-ID:\\s*<([^>\\s]+)>");
    private static final Pattern RETURN_PATH = Pattern.compile("(?i)bounce\\+[A-Za-z0-9_.=-]+@[A-Za-z0-9.-]+");
    private static final Pattern DAEMON = Pattern.compile("(?i)mailer-daemon|postmaster|mail delivery (sub)?system"
            + "|mailerdaemon|maildaemon|no-?reply-?bounce");
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile("(?i)undeliver|delivery (status notification|"
            + "failure|has failed|failed|incomplete)|failure notice|returned mail|mail delivery failed"
            + "|could not be delivered|not delivered|delivery problem|rejected|nondeliverable|non-delivery");
    private static final Pattern VACATION_SUBJECT = Pattern.compile("(?i)^\\s*(out of (the )?office|automatic reply"
            + "|auto(matic)?[ -]?(reply|response|antwort)|auto:|autoreply|vacation|away from|abwesenheit"
            + "|absence|r[ée]ponse automatique|on leave|i am away|i'm away|currently out)");
    private static final int BODY_SCAN_LIMIT = 64 * 1024;
    /** RFC 5322 section 2.2: printable US-ASCII except colon. */
    private static final Pattern FIELD_NAME = Pattern.compile("[!-9;-~]{1,200}");

    private ReportReader() {
    }

    @Override
    public InboundReport parse(byte[] message) {
        if (message.length == 0) {
            return InboundReport.malformed("empty message");
        }
        try {
            MimeMessage msg = new MimeMessage(SESSION, new ByteArrayInputStream(message));
            Enumeration<Header> headers = msg.getAllHeaders();
            if (!headers.hasMoreElements()) {
                return InboundReport.malformed("no header fields: not an RFC 5322 message");
            }
            while (headers.hasMoreElements()) {
                String name = headers.nextElement().getName();
                if (!FIELD_NAME.matcher(name).matches()) {
                    return InboundReport.malformed("not an RFC 5322 message: a header line is not a field: "
                            + printable(name));
                }
            }
            return read(msg);
        } catch (MessagingException | IOException | RuntimeException e) {
            return InboundReport.malformed("cannot be read as MIME: " + describe(e));
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return cut.replaceAll("[^ -~]", "?");
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private InboundReport read(MimeMessage msg) throws MessagingException, IOException {
        List<String> addressedTo = addresses(msg, "To", "Delivered-To", "X-Original-To", "Envelope-To",
                "X-Envelope-To");
        Optional<Instant> date = date(msg.getHeader("Date", null));
        String type = lower(msg.getContentType());
        if (type.startsWith("multipart/report")) {
            String reportType = param(msg.getContentType(), "report-type");
            MimeMultipart parts = new MimeMultipart(msg.getDataHandler().getDataSource());
            if (reportType.equals("feedback-report") || has(parts, "message/feedback-report")) {
                return feedback(parts, addressedTo, date);
            }
            if (reportType.contains("delivery-status") || has(parts, "message/delivery-status")
                    || has(parts, "message/global-delivery-status")) {
                return deliveryStatus(parts, addressedTo, date);
            }
        }
        String subject = Optional.ofNullable(msg.getSubject()).orElse("");
        String from = Optional.ofNullable(msg.getHeader("From", null)).orElse("");
        String references = msg.getHeader("References", null);
        Optional<String> inReplyTo = firstId(msg.getHeader("In-Reply-To", null)).or(() -> firstId(references));
        // Before the auto-reply check: mail systems mark their bounces Auto-Submitted too (RFC 3834 section 5).
        boolean daemon = DAEMON.matcher(from).find() || msg.getHeader("X-Failed-Recipients") != null;
        if (daemon || BOUNCE_SUBJECT.matcher(subject).find()) {
            String text = text(msg);
            Optional<InboundReport> plain = plainBounce(msg, text, addressedTo, date);
            if (plain.isPresent()) {
                return plain.get();
            }
        }
        if (autoReply(msg, subject)) {
            Optional<String> sender = firstAddress(from);
            List<RecipientStatus> rs = sender.map(s -> List.of(new RecipientStatus(s, Action.DELIVERED, "2.0.0",
                    Optional.of(subject), Optional.empty()))).orElse(List.of());
            return new InboundReport(Kind.AUTO_REPLY, Optional.empty(), addressedTo, date, rs, inReplyTo,
                    Optional.empty(), Optional.empty());
        }
        return new InboundReport(Kind.OTHER, Optional.empty(), addressedTo, date, List.of(), inReplyTo,
                Optional.empty(), Optional.empty());
    }

    /** RFC 3834 {@code Auto-Submitted}, and the headers and subjects that common vacation responders use. */
    private static boolean autoReply(MimeMessage msg, String subject) throws MessagingException {
        String auto = lower(msg.getHeader("Auto-Submitted", null));
        if (auto.startsWith("auto-replied")) {
            return true;
        }
        if (msg.getHeader("X-Autoreply") != null || msg.getHeader("X-Autorespond") != null
                || msg.getHeader("X-Auto-Response-Suppress") != null && VACATION_SUBJECT.matcher(subject).find()) {
            return true;
        }
        String precedence = lower(msg.getHeader("Precedence", null));
        if (precedence.equals("auto_reply")) {
            return true;
        }
        // A vacation notice from a mail system that marks nothing but its subject, and never one from a daemon.
        return !auto.startsWith("auto-generated") && VACATION_SUBJECT.matcher(subject).find()
                && !DAEMON.matcher(Optional.ofNullable(msg.getHeader("From", null)).orElse("")).find();
    }

    private InboundReport deliveryStatus(MimeMultipart parts, List<String> addressedTo, Optional<Instant> date)
            throws MessagingException, IOException {
        DeliveryStatus ds = null;
        Original original = Original.NONE;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart p = parts.getBodyPart(i);
            String t = lower(p.getContentType());
            if (ds == null && (t.startsWith("message/delivery-status")
                    || t.startsWith("message/global-delivery-status"))) {
                try (InputStream in = p.getInputStream()) {
                    ds = new DeliveryStatus(in);
                }
            } else if (t.startsWith("text/rfc822-headers") || t.startsWith("message/rfc822")
                    || t.startsWith("message/global-headers") || t.startsWith("message/global")) {
                original = original(p);
            }
        }
        if (ds == null) {
            return InboundReport.malformed("a delivery report without a message/delivery-status part");
        }
        List<RecipientStatus> recipients = new ArrayList<>();
        for (int i = 0; i < ds.getRecipientDSNCount(); i++) {
            InternetHeaders h = ds.getRecipientDSN(i);
            Optional<String> recipient = typed(h.getHeader("Original-Recipient", null))
                    .or(() -> typed(h.getHeader("Final-Recipient", null)))
                    .flatMap(ReportReader::firstAddress);
            Optional<Action> action = action(h.getHeader("Action", null));
            String status = unfold(h.getHeader("Status", null)).strip();
            Matcher sm = ENHANCED.matcher(status);
            if (recipient.isEmpty() || action.isEmpty() || !sm.find()) {
                continue;
            }
            recipients.add(new RecipientStatus(recipient.get(), action.get(), sm.group(1),
                    typed(h.getHeader("Diagnostic-Code", null)), typed(h.getHeader("Remote-MTA", null))));
        }
        if (recipients.isEmpty()) {
            return InboundReport.malformed("the delivery status names no recipient with an action and a status");
        }
        return new InboundReport(Kind.DELIVERY_STATUS, Optional.empty(), addressedTo, date, recipients,
                original.messageId, original.returnPath, Optional.empty());
    }

    private InboundReport feedback(MimeMultipart parts, List<String> addressedTo, Optional<Instant> date)
            throws MessagingException, IOException {
        InternetHeaders fields = null;
        Original quoted = Original.NONE;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart p = parts.getBodyPart(i);
            String t = lower(p.getContentType());
            if (fields == null && t.startsWith("message/feedback-report")) {
                try (InputStream in = p.getInputStream()) {
                    fields = new InternetHeaders(in);
                }
            } else if (t.startsWith("message/rfc822") || t.startsWith("text/rfc822-headers")) {
                quoted = original(p);
            }
        }
        Original original = quoted;
        if (fields == null) {
            return InboundReport.malformed("a feedback report without a message/feedback-report part");
        }
        String feedbackType = unfold(fields.getHeader("Feedback-Type", null)).strip().toLowerCase(Locale.ROOT);
        if (feedbackType.isEmpty()) {
            return InboundReport.malformed("the feedback report has no Feedback-Type field");
        }
        List<String> rcptTo = new ArrayList<>();
        for (String v : Optional.ofNullable(fields.getHeader("Original-Rcpt-To")).orElse(new String[0])) {
            firstAddress(v).ifPresent(rcptTo::add);
        }
        Optional<String> mailFrom = Optional.ofNullable(fields.getHeader("Original-Mail-From", null))
                .flatMap(ReportReader::firstAddress);
        String receivedDate = fields.getHeader("Received-Date", null);
        Optional<String> domain = Optional.ofNullable(fields.getHeader("Reported-Domain", null))
                .map(v -> unfold(v).strip()).filter(v -> !v.isEmpty());
        Complaint complaint = new Complaint(feedbackType,
                Optional.ofNullable(fields.getHeader("User-Agent", null)).map(v -> unfold(v).strip()),
                mailFrom, rcptTo, date(fields.getHeader("Arrival-Date", null))
                        .or(() -> date(receivedDate)), domain);
        Optional<String> recipient = rcptTo.stream().findFirst()
                .or(() -> original.to.size() == 1 ? Optional.of(original.to.get(0)) : Optional.empty());
        List<RecipientStatus> rs = recipient.map(r -> List.of(new RecipientStatus(r, Action.DELIVERED, "2.0.0",
                Optional.empty(), Optional.empty()))).orElse(List.of());
        return new InboundReport(Kind.COMPLAINT, Optional.empty(), addressedTo, date, rs, original.messageId,
                original.returnPath.or(() -> mailFrom), Optional.of(complaint));
    }

    /** A bounce written as text: the failed recipient, and the status code nearest to it. */
    private Optional<InboundReport> plainBounce(MimeMessage msg, String text, List<String> addressedTo,
                                                Optional<Instant> date) throws MessagingException {
        Optional<String> failed = Optional.ofNullable(msg.getHeader("X-Failed-Recipients", null))
                .flatMap(ReportReader::firstAddress);
        String code = null;
        String line = null;
        for (String l : text.split("\r?\n")) {
            Matcher e = ENHANCED.matcher(l);
            Matcher b = BASIC.matcher(l);
            if (e.find() && (e.group(1).startsWith("5") || e.group(1).startsWith("4"))) {
                code = e.group(1);
                line = l.strip();
                break;
            }
            if (code == null && b.find()) {
                code = b.group(1).charAt(0) + ".0.0";
                line = l.strip();
            }
        }
        if (code == null) {
            return Optional.empty();
        }
        Set<String> skip = new LinkedHashSet<>();
        addressedTo.forEach(a -> skip.add(a.toLowerCase(Locale.ROOT)));
        firstAddress(Optional.ofNullable(msg.getHeader("From", null)).orElse(""))
                .ifPresent(a -> skip.add(a.toLowerCase(Locale.ROOT)));
        if (failed.isEmpty()) {
            Matcher a = ADDRESS.matcher(text);
            while (a.find()) {
                String candidate = a.group();
                String lower = candidate.toLowerCase(Locale.ROOT);
                if (!skip.contains(lower) && !lower.startsWith("bounce+") && !DAEMON.matcher(lower).find()) {
                    failed = Optional.of(candidate);
                    break;
                }
            }
        }
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        Action action = code.startsWith("4") ? Action.DELAYED : Action.FAILED;
        Matcher id = MESSAGE_ID.matcher(text);
        Optional<String> messageId = id.find() ? Optional.of(id.group(1)) : Optional.empty();
        Matcher rp = RETURN_PATH.matcher(text);
        Optional<String> returnPath = rp.find() ? Optional.of(rp.group()) : Optional.empty();
        return Optional.of(new InboundReport(Kind.PLAIN_BOUNCE, Optional.empty(), addressedTo, date,
                List.of(new RecipientStatus(failed.get(), action, code, Optional.of(line), Optional.empty())),
                messageId, returnPath, Optional.empty()));
    }

    /** What the quoted original message says of itself. */
    private record Original(Optional<String> messageId, Optional<String> returnPath, List<String> to) {
        static final Original NONE = new Original(Optional.empty(), Optional.empty(), List.of());
    }

    private static Original original(Part p) throws MessagingException, IOException {
        InternetHeaders h;
        try (InputStream in = p.getInputStream()) {
            h = new InternetHeaders(in);
        }
        Optional<String> returnPath = Optional.ofNullable(h.getHeader("Return-Path", null))
                .flatMap(ReportReader::firstAddress);
        List<String> to = new ArrayList<>();
        String toHeader = h.getHeader("To", ",");
        if (toHeader != null) {
            Matcher m = ADDRESS.matcher(toHeader);
            while (m.find()) {
                to.add(m.group());
            }
        }
        return new Original(firstId(h.getHeader("Message-ID", null)), returnPath, to);
    }

    private static boolean has(MimeMultipart parts, String type) throws MessagingException {
        for (int i = 0; i < parts.getCount(); i++) {
            if (lower(parts.getBodyPart(i).getContentType()).startsWith(type)) {
                return true;
            }
        }
        return false;
    }

    /** The message's text, for words and codes: its first text parts, at most 64 KB. */
    private static String text(Part p) {
        StringBuilder out = new StringBuilder();
        collect(p, out, 0);
        return out.length() > BODY_SCAN_LIMIT ? out.substring(0, BODY_SCAN_LIMIT) : out.toString();
    }

    private static void collect(Part p, StringBuilder out, int depth) {
        if (out.length() > BODY_SCAN_LIMIT || depth > 5) {
            return;
        }
        try {
            String t = lower(p.getContentType());
            if (t.startsWith("multipart/")) {
                MimeMultipart mp = new MimeMultipart(p.getDataHandler().getDataSource());
                for (int i = 0; i < mp.getCount(); i++) {
                    collect(mp.getBodyPart(i), out, depth + 1);
                }
            } else if (t.startsWith("text/") || t.startsWith("message/") || t.isEmpty()) {
                try (InputStream in = p.getInputStream()) {
                    byte[] bytes = in.readNBytes(BODY_SCAN_LIMIT);
                    out.append(new String(bytes, charset(p.getContentType()))).append('\n');
                }
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            // An unreadable part adds nothing; the rest may still tell.
        }
    }

    private static java.nio.charset.Charset charset(String contentType) {
        String cs = param(contentType, "charset");
        try {
            return cs.isEmpty() ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(
                    MimeUtility.javaCharset(cs));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static List<String> addresses(MimeMessage msg, String... names) throws MessagingException {
        Set<String> out = new LinkedHashSet<>();
        for (String name : names) {
            String[] values = msg.getHeader(name);
            if (values == null) {
                continue;
            }
            for (String v : values) {
                Matcher m = ADDRESS.matcher(v);
                while (m.find()) {
                    out.add(m.group());
                }
            }
        }
        return List.copyOf(out);
    }

    /** A field's value after its type: {@code rfc822; ann@example.org} gives {@code ann@example.org}. */
    private static Optional<String> typed(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = unfold(value).strip();
        int semi = v.indexOf(';');
        if (semi >= 0 && semi < 20 && !v.substring(0, semi).contains(" ")) {
            v = v.substring(semi + 1).strip();
        }
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static Optional<Action> action(String value) {
        String v = unfold(value).strip().toLowerCase(Locale.ROOT);
        int space = v.indexOf(' ');
        if (space > 0) {
            v = v.substring(0, space); // "failed (bad destination)"
        }
        return switch (v) {
            case "failed" -> Optional.of(Action.FAILED);
            case "delayed" -> Optional.of(Action.DELAYED);
            case "delivered" -> Optional.of(Action.DELIVERED);
            case "relayed" -> Optional.of(Action.RELAYED);
            case "expanded" -> Optional.of(Action.EXPANDED);
            default -> Optional.empty();
        };
    }

    private static Optional<String> firstAddress(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = ADDRESS.matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private static Optional<String> firstId(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = unfold(value).strip();
        int open = v.indexOf('<');
        int close = open < 0 ? -1 : v.indexOf('>', open);
        String id = open >= 0 && close > open ? v.substring(open + 1, close) : v.split("\\s+")[0];
        return id.isEmpty() || id.indexOf('@') < 0 ? Optional.empty() : Optional.of(id.strip());
    }

    private static Optional<Instant> date(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            Date d = new MailDateFormat().parse(unfold(value).strip());
            return Optional.ofNullable(d).map(Date::toInstant);
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String param(String contentType, String name) {
        if (contentType == null) {
            return "";
        }
        try {
            String v = new jakarta.mail.internet.ContentType(contentType).getParameter(name);
            return v == null ? "" : v.toLowerCase(Locale.ROOT).strip();
        } catch (jakarta.mail.internet.ParseException e) {
            return "";
        }
    }

    private static String unfold(String value) {
        return value == null ? "" : MimeUtility.unfold(value).replaceAll("[\\r\\n\\t ]+", " ");
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT).strip();
    }
}
