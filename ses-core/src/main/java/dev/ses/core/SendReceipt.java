package dev.ses.core;

import java.util.Objects;

/**
 * What a send returns at once, before anything is delivered.
 *
 * @param messageId the identifier of the send; query its recipients with {@code deliveries().byMessage(id)}
 * @param duplicate true when an earlier send with the same idempotency key already took this message id,
 *                  and this call sent nothing
 */
public record SendReceipt(String messageId, boolean duplicate) {
    /**
     * Checks the fields.
     *
     * @param messageId the identifier of the send; query its recipients with {@code deliveries().byMessage(id)}
     * @param duplicate true when an earlier send with the same idempotency key already took this message id,
     *                  and this call sent nothing
     */
    public SendReceipt {
        Objects.requireNonNull(messageId, "messageId");
    }
}
