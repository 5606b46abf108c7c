package dev.ses.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The status of one recipient's copy of a message.
 *
 * @param deliveryId the identifier of this recipient's copy
 * @param messageId the identifier returned by the send (shared by every recipient of one request)
 * @param recipient the recipient's address
 * @param state where it stands
 * @param bounceType for {@link MessageState#BOUNCED}, hard or soft
 * @param reply the server's reply or ses's reason, e.g. {@code 550 5.1.1 user unknown}
 * @param attempts how many times it was handed to the transport
 * @param requestedAt when the send was accepted
 * @param updatedAt when the state last changed
 * @param deliveredAt when it was delivered, if it was
 * @param taskId the batch task it belongs to, if any
 * @param templateId the template it was rendered from
 * @param opened whether the recipient opened it
 * @param clicked whether the recipient clicked a link in it
 * @param unsubscribed whether the recipient unsubscribed through it
 * @param complained whether the recipient reported it as spam
 */
public record DeliveryStatus(long deliveryId, String messageId, String recipient, MessageState state,
                             Optional<BounceType> bounceType, Optional<String> reply, int attempts,
                             Instant requestedAt, Instant updatedAt, Optional<Instant> deliveredAt,
                             Optional<Long> taskId, long templateId, boolean opened, boolean clicked,
                             boolean unsubscribed, boolean complained) {
    /**
     * Checks the fields.
     *
     * @param deliveryId the identifier of this recipient's copy
     * @param messageId the identifier returned by the send (shared by every recipient of one request)
     * @param recipient the recipient's address
     * @param state where it stands
     * @param bounceType for {@link MessageState#BOUNCED}, hard or soft
     * @param reply the server's reply or ses's reason, e.g. {@code 550 5.1.1 user unknown}
     * @param attempts how many times it was handed to the transport
     * @param requestedAt when the send was accepted
     * @param updatedAt when the state last changed
     * @param deliveredAt when it was delivered, if it was
     * @param taskId the batch task it belongs to, if any
     * @param templateId the template it was rendered from
     * @param opened whether the recipient opened it
     * @param clicked whether the recipient clicked a link in it
     * @param unsubscribed whether the recipient unsubscribed through it
     * @param complained whether the recipient reported it as spam
     */
    public DeliveryStatus {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(bounceType, "bounceType");
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
        Objects.requireNonNull(taskId, "taskId");
    }
}
