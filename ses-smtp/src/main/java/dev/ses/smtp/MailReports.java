package dev.ses.smtp;

import dev.ses.core.spi.ReportParser;
import dev.ses.smtp.internal.ReportReader;

/**
 * Reading the mail that comes back to a return path: RFC 3464 delivery status notifications (with Angus's
 * {@code dsn}), RFC 5965 feedback reports from complaint feedback loops, RFC 3834 automatic replies and the common
 * out-of-office shapes, and bounces written as plain text with a status code in their body.
 *
 * <pre>{@code
 * Ses ses = Ses.builder().transport(smtp).reportParser(MailReports.parser()).build();
 * ses.ingest(rawMessage);
 * }</pre>
 */
public final class MailReports {
    private MailReports() {
    }

    /**
     * {@return the parser} It is thread-safe and stateless: one instance can serve every {@code Ses}. Pure
     * computation, about a tenth of a millisecond for a typical report; never throws for bad input.
     */
    public static ReportParser parser() {
        return ReportReader.INSTANCE;
    }
}
