package dev.ses.core.testing;

import dev.ses.core.Attachment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One copy of a message as the simulator's mailbox received it.
 *
 * @param recipient the envelope recipient whose mailbox holds it
 * @param messageId the {@code Message-ID} header value
 * @param from the sender's mailbox
 * @param fromName the sender's display name
 * @param to the {@code To} header
 * @param cc the {@code Cc} header
 * @param replyTo the {@code Reply-To} header
 * @param subject the subject
 * @param text the plain-text body
 * @param html the HTML body, for HTML templates
 * @param headers the extra headers
 * @param attachments the attachments
 * @param account the sending account
 * @param sendId the message id the send returned
 * @param templateId the template
 * @param variables the variables it was rendered with
 * @param taskId the batch task, if any
 * @param receivedAt when it arrived, by the {@code Ses} clock
 * @param returnPath the envelope sender, where reports about it go back to ({@code bounce+<token>=<signature>@...})
 */
public record SimulatedMail(String recipient, String messageId, String from, String fromName, List<String> to,
                            List<String> cc, Optional<String> replyTo, String subject, String text,
                            Optional<String> html, Map<String, String> headers, List<Attachment> attachments,
                            String account, String sendId, long templateId, Map<String, String> variables,
                            Optional<Long> taskId, Instant receivedAt, String returnPath) {
    /**
     * Checks and copies the fields.
     *
     * @param recipient the envelope recipient whose mailbox holds it
     * @param messageId the {@code Message-ID} header value
     * @param from the sender's mailbox
     * @param fromName the sender's display name
     * @param to the {@code To} header
     * @param cc the {@code Cc} header
     * @param replyTo the {@code Reply-To} header
     * @param subject the subject
     * @param text the plain-text body
     * @param html the HTML body, for HTML templates
     * @param headers the extra headers
     * @param attachments the attachments
     * @param account the sending account
     * @param sendId the message id the send returned
     * @param templateId the template
     * @param variables the variables it was rendered with
     * @param taskId the batch task, if any
     * @param receivedAt when it arrived, by the {@code Ses} clock
     * @param returnPath the envelope sender, where reports about it go back to ({@code bounce+<token>=<signature>@...})
     */
    public SimulatedMail {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(returnPath, "returnPath");
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        headers = Map.copyOf(headers);
        attachments = List.copyOf(attachments);
        variables = Map.copyOf(variables);
    }
}
