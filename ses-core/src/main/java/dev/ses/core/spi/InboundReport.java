package dev.ses.core.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ReportParser} read in one message sent back to ses: its kind, the addresses it was sent to (where a
 * signed return path shows), the status of each recipient it reports on, and what it tells of the original message.
 *
 * @param kind what kind of report it is
 * @param problem for a {@link Kind#MALFORMED} report, what is wrong with it; otherwise empty
 * @param addressedTo the report's own recipients ({@code To}, {@code Delivered-To}, {@code X-Original-To}), where a
 *                    return path {@code bounce+<token>@<domain>} shows
 * @param date the report's {@code Date}, if it has a valid one
 * @param recipients per recipient of the original message: what happened to it (a DSN's per-recipient fields; one
 *                   entry for a complaint, an auto-reply or a plain-text bounce, when the recipient is known)
 * @param originalMessageId the original message's {@code Message-ID} without angle brackets, if the report quotes it
 * @param originalReturnPath the original message's envelope sender ({@code Return-Path} of the quoted headers, or an
 *                           ARF report's {@code Original-Mail-From}), if known
 * @param complaint for a {@link Kind#COMPLAINT}, the feedback report's fields
 */
public record InboundReport(Kind kind, Optional<String> problem, List<String> addressedTo, Optional<Instant> date,
                            List<RecipientStatus> recipients, Optional<String> originalMessageId,
                            Optional<String> originalReturnPath, Optional<Complaint> complaint) {
    /** Kinds of report. */
    public enum Kind {
        /** An RFC 3464 delivery status notification: failed, delayed, delivered, relayed or expanded recipients. */
        DELIVERY_STATUS,
        /** An RFC 5965 feedback report (ARF) from a feedback loop: a spam complaint or another feedback type. */
        COMPLAINT,
        /** An automatic reply (RFC 3834 {@code Auto-Submitted}, an out-of-office or vacation notice). */
        AUTO_REPLY,
        /** A bounce written as plain text, with a status code in its body, as some large providers still send. */
        PLAIN_BOUNCE,
        /** A well-formed message that is none of the above (a person's reply to the return path, say). */
        OTHER,
        /** A message that cannot be read as mail; {@code problem} says why. */
        MALFORMED
    }

    /** What a DSN's per-recipient {@code Action} field says (RFC 3464 section 2.3.3). */
    public enum Action {
        /** The message could not be delivered to the recipient. */
        FAILED,
        /** Delivery is delayed; the reporting server will keep trying. */
        DELAYED,
        /** Delivered to the recipient. */
        DELIVERED,
        /** Handed on to a system that does not report delivery. */
        RELAYED,
        /** Delivered and forwarded to more recipients. */
        EXPANDED
    }

    /**
     * One recipient's status in a report.
     *
     * @param recipient the original recipient's address ({@code Final-Recipient}, or {@code Original-Recipient} when
     *                  given), without its {@code rfc822;} type
     * @param action what happened
     * @param status the RFC 3463 status code, such as {@code 5.1.1}
     * @param diagnosticCode the remote server's reply, unfolded, without its {@code smtp;} type, if given
     * @param remoteMta the remote server's name, without its {@code dns;} type, if given
     */
    public record RecipientStatus(String recipient, Action action, String status, Optional<String> diagnosticCode,
                                  Optional<String> remoteMta) {
        /**
         * Checks the fields.
         *
         * @param recipient the original recipient's address ({@code Final-Recipient}, or {@code Original-Recipient}
         *         when given), without its {@code rfc822;} type
         * @param action what happened
         * @param status the RFC 3463 status code, such as {@code 5.1.1}
         * @param diagnosticCode the remote server's reply, unfolded, without its {@code smtp;} type, if given
         * @param remoteMta the remote server's name, without its {@code dns;} type, if given
         */
        public RecipientStatus {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(diagnosticCode, "diagnosticCode");
            Objects.requireNonNull(remoteMta, "remoteMta");
        }
    }

    /**
     * The fields of an RFC 5965 {@code message/feedback-report} part.
     *
     * @param feedbackType {@code abuse}, {@code fraud}, {@code virus}, {@code not-spam}, {@code other}...
     * @param userAgent the reporting feedback loop's software
     * @param originalMailFrom the original envelope sender, if given
     * @param originalRcptTo the original envelope recipients, if given
     * @param arrivalDate when the original message arrived, if given and valid
     * @param reportedDomain the domain the report is about, if given
     */
    public record Complaint(String feedbackType, Optional<String> userAgent, Optional<String> originalMailFrom,
                            List<String> originalRcptTo, Optional<Instant> arrivalDate,
                            Optional<String> reportedDomain) {
        /**
         * Checks the fields and copies the list.
         *
         * @param feedbackType {@code abuse}, {@code fraud}, {@code virus}, {@code not-spam}, {@code other}...
         * @param userAgent the reporting feedback loop's software
         * @param originalMailFrom the original envelope sender, if given
         * @param originalRcptTo the original envelope recipients, if given
         * @param arrivalDate when the original message arrived, if given and valid
         * @param reportedDomain the domain the report is about, if given
         */
        public Complaint {
            Objects.requireNonNull(feedbackType, "feedbackType");
            Objects.requireNonNull(userAgent, "userAgent");
            Objects.requireNonNull(originalMailFrom, "originalMailFrom");
            originalRcptTo = List.copyOf(originalRcptTo);
            Objects.requireNonNull(arrivalDate, "arrivalDate");
            Objects.requireNonNull(reportedDomain, "reportedDomain");
        }
    }

    /**
     * Checks the fields and copies the lists.
     *
     * @param kind what kind of report it is
     * @param problem for a {@link Kind#MALFORMED} report, what is wrong with it; otherwise empty
     * @param addressedTo the report's own recipients ({@code To}, {@code Delivered-To}, {@code X-Original-To}), where a
     *         return path {@code bounce+<token>@<domain>} shows
     * @param date the report's {@code Date}, if it has a valid one
     * @param recipients per recipient of the original message: what happened to it (a DSN's per-recipient fields; one
     *         entry for a complaint, an auto-reply or a plain-text bounce, when the recipient is known)
     * @param originalMessageId the original message's {@code Message-ID} without angle brackets, if the report quotes
     *         it
     * @param originalReturnPath the original message's envelope sender ({@code Return-Path} of the quoted headers, or
     *         an ARF report's {@code Original-Mail-From}), if known
     * @param complaint for a {@link Kind#COMPLAINT}, the feedback report's fields
     */
    public InboundReport {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(problem, "problem");
        addressedTo = List.copyOf(addressedTo);
        Objects.requireNonNull(date, "date");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(originalMessageId, "originalMessageId");
        Objects.requireNonNull(originalReturnPath, "originalReturnPath");
        Objects.requireNonNull(complaint, "complaint");
    }

    /**
     * {@return a message that cannot be read, and why}
     *
     * @param problem what is wrong with it
     */
    public static InboundReport malformed(String problem) {
        return new InboundReport(Kind.MALFORMED, Optional.of(problem), List.of(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
