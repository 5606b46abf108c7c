package dev.ses.core.spi;

/**
 * Reads a report that came back to a return path (a delivery status notification, a complaint, an automatic reply,
 * a bounce written as plain text) from its raw RFC 5322 bytes. ses-core defines it so that it never reads MIME
 * itself; ses-smtp's {@code MailReports.parser()} implements it, and the host wires it in
 * {@code Ses.builder().reportParser(...)}.
 *
 * <p>Contract: thread-safe; pure computation on the bytes given, no I/O, no blocking. Never throws for bad input:
 * a message it cannot read comes back as an {@link InboundReport.Kind#MALFORMED} report that says why.
 */
@FunctionalInterface
public interface ReportParser {
    /**
     * Reads one message.
     *
     * @param message the raw message, headers and body, as received
     * @return what it says; for an unreadable message, a {@link InboundReport.Kind#MALFORMED} report
     */
    InboundReport parse(byte[] message);
}
