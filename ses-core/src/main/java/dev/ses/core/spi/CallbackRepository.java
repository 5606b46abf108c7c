package dev.ses.core.spi;

import dev.ses.core.CallbackAddress;
import dev.ses.core.CallbackAttempt;
import dev.ses.core.CallbackDeliveryState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Callback addresses and the durable queue of their deliveries, one per event and address.
 *
 * <p>Claims work as the message queue's do: a claim leases due deliveries of one address to a node, so that nodes
 * sharing the store never attempt one delivery at once; a lease that expires (a node that died mid-request) makes
 * the delivery claimable again. Finishing an attempt records it and releases the lease in one transaction.
 */
public interface CallbackRepository {
    /**
     * Inserts an address (id 0) or updates the one with its id.
     *
     * @return the address as stored, with its id
     * @throws dev.ses.core.SesException ALREADY_EXISTS when inserting a second address for the same account and
     *         sender address (or a second account-level one)
     */
    CallbackAddress saveAddress(CallbackAddress address);

    /** An account's address by id. */
    Optional<CallbackAddress> address(String account, long id);

    /** An address by id, whatever its account (for the delivery workers). */
    Optional<CallbackAddress> address(long id);

    /** The address of exactly this scope: one sender address's, or the account's own for an empty sender. */
    Optional<CallbackAddress> addressFor(String account, Optional<String> senderAddress);

    /** Every address of an account, the account-level one first, then by sender address. */
    List<CallbackAddress> addresses(String account);

    /** Every address marked failing, of every account. */
    List<CallbackAddress> failing();

    /** Deletes an address with its deliveries and their attempts; returns whether it existed. */
    boolean deleteAddress(String account, long id);

    /**
     * Queues deliveries whose (address, event) the store does not hold yet; joins the caller's transaction.
     *
     * @return how many were queued
     */
    int enqueue(List<CallbackDeliveryRecord> deliveries);

    /**
     * Queues deliveries again: inserts those the store lacks, and makes those it holds pending again, due at their
     * {@code nextAttemptAt} with their attempt count reset (their past attempts stay recorded).
     *
     * @return how many were queued or made pending
     */
    int enqueueAgain(List<CallbackDeliveryRecord> deliveries);

    /** Up to {@code limit} addresses with a pending delivery that is due at {@code now} and not leased. */
    List<Long> dueAddresses(Instant now, int limit);

    /** Leases up to {@code max} due, unleased pending deliveries of one address to a node, oldest first. */
    List<CallbackDeliveryRecord> claim(long addressId, String node, int max, Instant now, Duration lease);

    /**
     * Records an attempt of a delivery the node holds, gives it its new state and due time, and releases the lease.
     *
     * @return false, changing nothing, if the node no longer holds the delivery
     */
    boolean finish(long deliveryId, String node, CallbackAttempt attempt, CallbackDeliveryState state,
                   Instant nextAttemptAt);

    /** A delivery of an account by id. */
    Optional<CallbackDeliveryRecord> delivery(String account, long id);

    /** Up to {@code limit} deliveries of an address in a state, by id above {@code afterId}. */
    List<CallbackDeliveryRecord> deliveries(long addressId, CallbackDeliveryState state, long afterId, int limit);

    /** The attempts of some deliveries, oldest first. */
    Map<Long, List<CallbackAttempt>> attempts(Collection<Long> deliveryIds);

    /**
     * Makes dead-lettered deliveries of an address pending again, due at {@code now}, their attempt counts reset:
     * all of them, or the one given.
     *
     * @return how many
     */
    int requeueDead(long addressId, Optional<Long> deliveryId, Instant now);

    /**
     * Deletes up to {@code limit} deliveries (with their attempts) of events that happened before {@code before}.
     *
     * @return how many deliveries were deleted
     */
    int pruneBefore(Instant before, int limit);
}
