package dev.ses.core.spi;

import dev.ses.core.Attachment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A rendered message, ready for a {@link MailTransport}: headers, bodies, the envelope, and what ses knows of it.
 * Every header value here has been checked: none holds CR or LF.
 *
 * @param messageId the {@code Message-ID} header value without angle brackets, on the sender's domain
 * @param envelopeFrom the return path (SMTP {@code MAIL FROM}), carrying a token that ties a bounce to its message
 * @param fromAddress the {@code From} mailbox
 * @param fromName the {@code From} display name, may be empty
 * @param to the {@code To} header mailboxes
 * @param cc the {@code Cc} header mailboxes
 * @param replyTo the {@code Reply-To} mailbox, if any
 * @param envelopeRecipients the SMTP {@code RCPT TO} mailboxes: those this copy is for (Bcc included)
 * @param subject the rendered subject, unencoded
 * @param text the plain-text body
 * @param html the HTML body, for HTML templates
 * @param headers further headers in order (custom ones, {@code List-Unsubscribe}, ...)
 * @param attachments files to attach
 * @param date the {@code Date} header
 * @param dkim the key to sign with, when the domain has one
 * @param metadata what ses knows of the message, for simulators and logs; not written on the wire
 */
public record OutboundMail(String messageId, String envelopeFrom, String fromAddress, String fromName,
                           List<String> to, List<String> cc, Optional<String> replyTo,
                           List<String> envelopeRecipients, String subject, String text, Optional<String> html,
                           Map<String, String> headers, List<Attachment> attachments, Instant date,
                           Optional<DkimKey> dkim, Metadata metadata) {
    /**
     * The headers, in lower case, that the transport writes itself (or that only receiving servers write): a caller
     * may not set them through {@link #headers()}. The accept checks of a send and the MIME writer use this one list.
     */
    public static final java.util.Set<String> RESERVED_HEADERS = java.util.Set.of("from", "to", "cc", "bcc",
            "reply-to", "sender", "subject", "date", "message-id", "mime-version", "content-type",
            "content-transfer-encoding", "content-disposition", "dkim-signature", "return-path", "received",
            "list-unsubscribe-post");

    /**
     * Checks and copies the fields.
     *
     * @param messageId the {@code Message-ID} header value without angle brackets, on the sender's domain
     * @param envelopeFrom the return path (SMTP {@code MAIL FROM}), carrying a token that ties a bounce to its message
     * @param fromAddress the {@code From} mailbox
     * @param fromName the {@code From} display name, may be empty
     * @param to the {@code To} header mailboxes
     * @param cc the {@code Cc} header mailboxes
     * @param replyTo the {@code Reply-To} mailbox, if any
     * @param envelopeRecipients the SMTP {@code RCPT TO} mailboxes: those this copy is for (Bcc included)
     * @param subject the rendered subject, unencoded
     * @param text the plain-text body
     * @param html the HTML body, for HTML templates
     * @param headers further headers in order (custom ones, {@code List-Unsubscribe}, ...)
     * @param attachments files to attach
     * @param date the {@code Date} header
     * @param dkim the key to sign with, when the domain has one
     * @param metadata what ses knows of the message, for simulators and logs; not written on the wire
     */
    public OutboundMail {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(envelopeFrom, "envelopeFrom");
        Objects.requireNonNull(fromAddress, "fromAddress");
        Objects.requireNonNull(fromName, "fromName");
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        Objects.requireNonNull(replyTo, "replyTo");
        envelopeRecipients = List.copyOf(envelopeRecipients);
        if (envelopeRecipients.isEmpty()) {
            throw new IllegalArgumentException("envelopeRecipients must not be empty");
        }
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(dkim, "dkim");
        Objects.requireNonNull(metadata, "metadata");
    }

    /**
     * What ses knows of a message beyond its wire form.
     *
     * @param account the sending account
     * @param requestId the message id the send returned
     * @param templateId the template it was rendered from
     * @param variables the variables it was rendered with
     * @param taskId the batch task it belongs to, if any
     */
    public record Metadata(String account, String requestId, long templateId, Map<String, String> variables,
                           Optional<Long> taskId) {
        /**
         * Checks and copies the fields.
         *
         * @param account the sending account
         * @param requestId the message id the send returned
         * @param templateId the template it was rendered from
         * @param variables the variables it was rendered with
         * @param taskId the batch task it belongs to, if any
         */
        public Metadata {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(requestId, "requestId");
            variables = Map.copyOf(variables);
            Objects.requireNonNull(taskId, "taskId");
        }
    }
}
