package dev.ses.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One event's delivery to one callback address, with every attempt made.
 *
 * @param id the delivery's identifier, unique in the store
 * @param addressId the callback address
 * @param webhookId the {@code webhook-id} header, the same on every attempt and replay of the event
 * @param event what is posted
 * @param eventAt when the event happened
 * @param body the JSON posted
 * @param state where it stands
 * @param nextAttemptAt when it is next attempted, while pending
 * @param attempts every attempt, oldest first
 */
public record CallbackDelivery(long id, long addressId, String webhookId, CallbackEvent event, Instant eventAt,
                               String body, CallbackDeliveryState state, Instant nextAttemptAt,
                               List<CallbackAttempt> attempts) {
    /**
     * Checks and copies the fields.
     *
     * @param id the delivery's identifier, unique in the store
     * @param addressId the callback address
     * @param webhookId the {@code webhook-id} header, the same on every attempt and replay of the event
     * @param event what is posted
     * @param eventAt when the event happened
     * @param body the JSON posted
     * @param state where it stands
     * @param nextAttemptAt when it is next attempted, while pending
     * @param attempts every attempt, oldest first
     */
    public CallbackDelivery {
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(eventAt, "eventAt");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        attempts = List.copyOf(attempts);
    }
}
