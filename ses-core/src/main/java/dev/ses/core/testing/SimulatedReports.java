package dev.ses.core.testing;

import dev.ses.core.spi.OutboundMail;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes the reports the simulated mailboxes send back, byte for byte as a receiving mail system would: an RFC 3464
 * delivery status notification (failed or delayed) quoting the original headers, an RFC 5965 feedback report, an
 * RFC 3834 automatic reply. Composed as text here, so the simulator needs no MIME library; ses-smtp's parser reads
 * them as it reads any other.
 */
final class SimulatedReports {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ROOT);
    private static final String MTA = "mx." + MailboxSimulator.DOMAIN;

    private SimulatedReports() {
    }

    private static String date(Instant at) {
        return DATE.format(at.atOffset(ZoneOffset.UTC));
    }

    private static String originalHeaders(OutboundMail m, String rcpt) {
        return "Return-Path: <" + m.envelopeFrom() + ">\r\n"
                + "From: " + m.fromAddress() + "\r\n"
                + "To: " + rcpt + "\r\n"
                + "Subject: " + m.subject() + "\r\n"
                + "Message-ID: <" + m.messageId() + ">\r\n";
    }

    /** A delivery status notification: {@code failed} for a 5xx reply, {@code delayed} for a 4xx one. */
    static byte[] deliveryStatus(OutboundMail m, String rcpt, String reply, Instant at) {
        boolean failed = reply.startsWith("5");
        String status = enhanced(reply, failed ? "5.0.0" : "4.0.0");
        String b = "simulated-dsn-" + Long.toHexString(at.toEpochMilli());
        String text = "From: Mail Delivery System <MAILER-DAEMON@" + MTA + ">\r\n"
                + "To: " + m.envelopeFrom() + "\r\n"
                + "Subject: " + (failed ? "Undelivered Mail Returned to Sender" : "Delayed Mail (still being retried)")
                + "\r\n"
                + "Date: " + date(at) + "\r\n"
                + "Message-ID: <dsn." + Long.toHexString(at.toEpochMilli()) + "." + m.messageId() + ">\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"" + b + "\"\r\n"
                + "\r\n"
                + "--" + b + "\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n"
                + (failed ? "Your message could not be delivered to " : "Your message has not yet been delivered to ")
                + rcpt + ".\r\n" + MTA + " said: " + reply + "\r\n"
                + "\r\n"
                + "--" + b + "\r\n"
                + "Content-Type: message/delivery-status\r\n"
                + "\r\n"
                + "Reporting-MTA: dns; " + MTA + "\r\n"
                + "Arrival-Date: " + date(at) + "\r\n"
                + "\r\n"
                + "Final-Recipient: rfc822; " + rcpt + "\r\n"
                + "Action: " + (failed ? "failed" : "delayed") + "\r\n"
                + "Status: " + status + "\r\n"
                + "Remote-MTA: dns; " + MTA + "\r\n"
                + "Diagnostic-Code: smtp; " + reply + "\r\n"
                + "\r\n"
                + "--" + b + "\r\n"
                + "Content-Type: text/rfc822-headers\r\n"
                + "\r\n"
                + originalHeaders(m, rcpt)
                + "\r\n"
                + "--" + b + "--\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A spam complaint from a feedback loop, about the message to {@code rcpt}. */
    static byte[] complaint(OutboundMail m, String rcpt, Instant at) {
        String b = "simulated-arf-" + Long.toHexString(at.toEpochMilli());
        String text = "From: Feedback Loop <fbl@" + MailboxSimulator.DOMAIN + ">\r\n"
                + "To: " + m.envelopeFrom() + "\r\n"
                + "Subject: FW: " + m.subject() + "\r\n"
                + "Date: " + date(at) + "\r\n"
                + "Message-ID: <arf." + Long.toHexString(at.toEpochMilli()) + "." + m.messageId() + ">\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=feedback-report; boundary=\"" + b + "\"\r\n"
                + "\r\n"
                + "--" + b + "\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n"
                + "This is an email abuse report for a message received on " + date(at) + ".\r\n"
                + "\r\n"
                + "--" + b + "\r\n"
                + "Content-Type: message/feedback-report\r\n"
                + "\r\n"
                + "Feedback-Type: abuse\r\n"
                + "User-Agent: ses-simulator-fbl/1.0\r\n"
                + "Version: 1\r\n"
                + "Original-Mail-From: <" + m.envelopeFrom() + ">\r\n"
                + "Original-Rcpt-To: <" + rcpt + ">\r\n"
                + "Arrival-Date: " + date(at) + "\r\n"
                + "\r\n"
                + "--" + b + "\r\n"
                + "Content-Type: text/rfc822-headers\r\n"
                + "\r\n"
                + originalHeaders(m, rcpt)
                + "\r\n"
                + "--" + b + "--\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** An out-of-office reply from {@code rcpt} (RFC 3834). */
    static byte[] autoReply(OutboundMail m, String rcpt, Instant at) {
        String text = "From: " + rcpt + "\r\n"
                + "To: " + m.envelopeFrom() + "\r\n"
                + "Subject: Out of office: " + m.subject() + "\r\n"
                + "Date: " + date(at) + "\r\n"
                + "Message-ID: <ooo." + Long.toHexString(at.toEpochMilli()) + "." + m.messageId() + ">\r\n"
                + "In-Reply-To: <" + m.messageId() + ">\r\n"
                + "References: <" + m.messageId() + ">\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n"
                + "I am out of the office and will read your message when I am back.\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The enhanced status code at the start of a reply's text, e.g. {@code 5.1.1} of {@code 550 5.1.1 ...}. */
    private static String enhanced(String reply, String otherwise) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\d{3}[ -]([245]\\.\\d{1,3}\\.\\d{1,3})")
                .matcher(reply);
        return m.find() ? m.group(1) : otherwise;
    }
}
