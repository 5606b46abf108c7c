package dev.ses.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How many of an account's messages from one sender domain to one recipient domain are not settled yet.
 *
 * @param senderDomain the sender domain
 * @param recipientDomain the recipients' domain (the mailbox provider), lower case
 * @param queued QUEUED ones, those held by quota included
 * @param sending SENDING ones: handed to a dispatcher now
 * @param deferred DEFERRED ones: refused for now, to be retried
 * @param nextAttempt the earliest next attempt of the deferred ones, if any
 * @param heldByQuota the QUEUED ones waiting for the next day's quota (the cache queue)
 */
public record QueueCount(String senderDomain, String recipientDomain, long queued, long sending, long deferred,
                         Optional<Instant> nextAttempt, long heldByQuota) {
    /**
     * The reason a message held by quota carries (its reply begins with it): how a store tells the cache queue from
     * other queued messages.
     */
    public static final String QUOTA_HOLD = "the daily quota of ";

    /**
     * Checks the fields.
     *
     * @param senderDomain the sender domain
     * @param recipientDomain the recipients' domain (the mailbox provider), lower case
     * @param queued QUEUED ones, those held by quota included
     * @param sending SENDING ones: handed to a dispatcher now
     * @param deferred DEFERRED ones: refused for now, to be retried
     * @param nextAttempt the earliest next attempt of the deferred ones, if any
     * @param heldByQuota the QUEUED ones waiting for the next day's quota (the cache queue)
     */
    public QueueCount {
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(recipientDomain, "recipientDomain");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
    }
}
