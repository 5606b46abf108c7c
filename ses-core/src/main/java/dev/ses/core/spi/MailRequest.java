package dev.ses.core.spi;

import dev.ses.core.Attachment;
import dev.ses.core.TemplateType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one send or one task run asks for, stored once and shared by the {@link MessageRecord}s of its recipients.
 * The template body is a snapshot taken when the request was accepted, so a later edit of the template does not
 * change mail already queued.
 *
 * @param id the message id returned to the caller
 * @param account the sending account
 * @param addressId the sender address
 * @param fromAddress the sender's mailbox
 * @param fromName the sender's display name
 * @param senderDomain the sender's domain
 * @param templateId the template
 * @param templateType the template's type
 * @param templateBody the template's body when the request was accepted
 * @param subject the subject template
 * @param variables the variables shared by every recipient
 * @param to the {@code To} header mailboxes (for an individual request, empty: each recipient stands alone)
 * @param cc the {@code Cc} header mailboxes
 * @param replyTo the {@code Reply-To} mailbox
 * @param headers extra headers
 * @param attachments attachments
 * @param individual whether each recipient gets a copy addressed to them alone (batch) rather than the shared headers
 * @param taskId the task, for a task run
 * @param runId the task run, for a task run
 * @param idempotencyKey the caller's idempotency key
 * @param createdAt when it was accepted
 * @param tracking what the send or task allows of tracking and unsubscribe headers
 */
public record MailRequest(String id, String account, long addressId, String fromAddress, String fromName,
                          String senderDomain, long templateId, TemplateType templateType, String templateBody,
                          String subject, Map<String, String> variables, List<String> to, List<String> cc,
                          Optional<String> replyTo, Map<String, String> headers, List<Attachment> attachments,
                          boolean individual, Optional<Long> taskId, Optional<Long> runId,
                          Optional<String> idempotencyKey, Instant createdAt,
                          dev.ses.core.MessageTracking tracking) {
    /**
     * Checks and copies the fields.
     *
     * @param id the message id returned to the caller
     * @param account the sending account
     * @param addressId the sender address
     * @param fromAddress the sender's mailbox
     * @param fromName the sender's display name
     * @param senderDomain the sender's domain
     * @param templateId the template
     * @param templateType the template's type
     * @param templateBody the template's body when the request was accepted
     * @param subject the subject template
     * @param variables the variables shared by every recipient
     * @param to the {@code To} header mailboxes (for an individual request, empty: each recipient stands alone)
     * @param cc the {@code Cc} header mailboxes
     * @param replyTo the {@code Reply-To} mailbox
     * @param headers extra headers
     * @param attachments attachments
     * @param individual whether each recipient gets a copy addressed to them alone (batch) rather than the shared
     *         headers
     * @param taskId the task, for a task run
     * @param runId the task run, for a task run
     * @param idempotencyKey the caller's idempotency key
     * @param createdAt when it was accepted
     * @param tracking what the send or task allows of tracking and unsubscribe headers
     */
    public MailRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(fromAddress, "fromAddress");
        Objects.requireNonNull(fromName, "fromName");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(templateType, "templateType");
        Objects.requireNonNull(templateBody, "templateBody");
        Objects.requireNonNull(subject, "subject");
        variables = Map.copyOf(variables);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        Objects.requireNonNull(replyTo, "replyTo");
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(tracking, "tracking");
    }

    /**
     * A request with the default tracking of its kind: {@code BULK} for a task run, {@code DEFAULT} otherwise.
     *
     * @param id the message id returned to the caller
     * @param account the sending account
     * @param addressId the sender address
     * @param fromAddress the sender's mailbox
     * @param fromName the sender's display name
     * @param senderDomain the sender's domain
     * @param templateId the template
     * @param templateType the template's type
     * @param templateBody the template's body when the request was accepted
     * @param subject the subject template
     * @param variables the variables shared by every recipient
     * @param to the {@code To} header mailboxes (for an individual request, empty: each recipient stands alone)
     * @param cc the {@code Cc} header mailboxes
     * @param replyTo the {@code Reply-To} mailbox
     * @param headers extra headers
     * @param attachments attachments
     * @param individual whether each recipient gets a copy addressed to them alone (batch) rather than the shared
     *         headers
     * @param taskId the task, for a task run
     * @param runId the task run, for a task run
     * @param idempotencyKey the caller's idempotency key
     * @param createdAt when it was accepted
     */
    public MailRequest(String id, String account, long addressId, String fromAddress, String fromName,
                       String senderDomain, long templateId, TemplateType templateType, String templateBody,
                       String subject, Map<String, String> variables, List<String> to, List<String> cc,
                       Optional<String> replyTo, Map<String, String> headers, List<Attachment> attachments,
                       boolean individual, Optional<Long> taskId, Optional<Long> runId,
                       Optional<String> idempotencyKey, Instant createdAt) {
        this(id, account, addressId, fromAddress, fromName, senderDomain, templateId, templateType, templateBody,
                subject, variables, to, cc, replyTo, headers, attachments, individual, taskId, runId, idempotencyKey,
                createdAt, taskId.isPresent() ? dev.ses.core.MessageTracking.BULK : dev.ses.core.MessageTracking.DEFAULT);
    }
}
