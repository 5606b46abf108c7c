package dev.ses.core.spi;

import dev.ses.core.CallbackDeliveryState;
import dev.ses.core.CallbackEvent;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event's delivery to one callback address, as the store keeps it: the durable queue of callbacks.
 *
 * @param id its identifier, 0 before it is inserted
 * @param addressId the callback address; (address, event) is unique
 * @param account the account
 * @param eventSeq the event's place in the log
 * @param webhookId the {@code webhook-id} header (at most 100 characters)
 * @param event what is posted
 * @param eventAt when the event happened; retention counts from it
 * @param body the JSON body posted
 * @param state where it stands
 * @param attempts how many attempts were made since it was queued or last replayed
 * @param nextAttemptAt when it is due
 * @param leaseOwner the node attempting it now, if any
 * @param leaseUntil until when that node holds it
 */
public record CallbackDeliveryRecord(long id, long addressId, String account, long eventSeq, String webhookId,
                                     CallbackEvent event, Instant eventAt, String body, CallbackDeliveryState state,
                                     int attempts, Instant nextAttemptAt, Optional<String> leaseOwner,
                                     Optional<Instant> leaseUntil) {
    /**
     * Checks the fields.
     *
     * @param id its identifier, 0 before it is inserted
     * @param addressId the callback address; (address, event) is unique
     * @param account the account
     * @param eventSeq the event's place in the log
     * @param webhookId the {@code webhook-id} header (at most 100 characters)
     * @param event what is posted
     * @param eventAt when the event happened; retention counts from it
     * @param body the JSON body posted
     * @param state where it stands
     * @param attempts how many attempts were made since it was queued or last replayed
     * @param nextAttemptAt when it is due
     * @param leaseOwner the node attempting it now, if any
     * @param leaseUntil until when that node holds it
     */
    public CallbackDeliveryRecord {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(eventAt, "eventAt");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(leaseOwner, "leaseOwner");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
    }

    /**
     * {@return a new pending delivery, due at {@code due}}
     *
     * @param addressId the callback address; (address, event) is unique
     * @param account the account
     * @param eventSeq the event's place in the log
     * @param webhookId the {@code webhook-id} header (at most 100 characters)
     * @param event what is posted
     * @param eventAt when the event happened; retention counts from it
     * @param body the JSON body posted
     * @param due when the first attempt is due
     */
    public static CallbackDeliveryRecord pending(long addressId, String account, long eventSeq, String webhookId,
                                                 CallbackEvent event, Instant eventAt, String body, Instant due) {
        return new CallbackDeliveryRecord(0, addressId, account, eventSeq, webhookId, event, eventAt, body,
                CallbackDeliveryState.PENDING, 0, due, Optional.empty(), Optional.empty());
    }
}
