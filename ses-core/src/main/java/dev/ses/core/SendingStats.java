package dev.ses.core;

import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * What happened to the mail requested in one period (a day, an hour, or a whole range), counted by event: a request
 * deferred twice then delivered counts one request, two deferrals and one delivery.
 *
 * @param start when the period starts, in the quota's time zone
 * @param requests recipients' copies queued by sends and task runs
 * @param rejected copies ses refused to send, by reason
 * @param delivered copies the recipients' servers accepted
 * @param deferred deferrals (each one, not each copy)
 * @param softBounces soft bounces: full mailboxes, and copies whose retries were given up
 * @param hardBounces hard bounces, by kind
 * @param failed copies that could not be sent at all
 * @param complaints spam complaints
 */
public record SendingStats(ZonedDateTime start, long requests, Rejections rejected, long delivered, long deferred,
                           long softBounces, HardBounces hardBounces, long failed, long complaints) {
    /**
     * Checks the fields.
     *
     * @param start when the period starts, in the quota's time zone
     * @param requests recipients' copies queued by sends and task runs
     * @param rejected copies ses refused to send, by reason
     * @param delivered copies the recipients' servers accepted
     * @param deferred deferrals (each one, not each copy)
     * @param softBounces soft bounces: full mailboxes, and copies whose retries were given up
     * @param hardBounces hard bounces, by kind
     * @param failed copies that could not be sent at all
     * @param complaints spam complaints
     */
    public SendingStats {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(rejected, "rejected");
        Objects.requireNonNull(hardBounces, "hardBounces");
    }

    /** {@return the requests ses did not refuse: {@code requests - rejected}} */
    public long accepted() {
        return requests - rejected.total();
    }

    /** {@return delivered / accepted; 0 when nothing was accepted} */
    public double deliveryRate() {
        long accepted = accepted();
        return accepted <= 0 ? 0 : (double) delivered / accepted;
    }
}
