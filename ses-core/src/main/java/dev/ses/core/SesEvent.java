package dev.ses.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to one recipient's copy of a message.
 *
 * @param type what happened
 * @param account the sending account
 * @param messageId the message id the send returned
 * @param deliveryId the recipient's copy
 * @param recipient the recipient
 * @param from the sender's mailbox
 * @param senderDomain the sender's domain
 * @param templateId the template
 * @param taskId the task, for a batch
 * @param at when it happened
 * @param reason the server's reply or ses's reason, if any
 * @param bounceType for a bounce, hard or soft
 * @param link for a click, the link
 */
public record SesEvent(EventType type, String account, String messageId, long deliveryId, String recipient,
                       String from, String senderDomain, long templateId, Optional<Long> taskId, Instant at,
                       Optional<String> reason, Optional<BounceType> bounceType, Optional<String> link) {
    /** Checks the fields. */
    public SesEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(bounceType, "bounceType");
        Objects.requireNonNull(link, "link");
    }
}
