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
     * @param address the callback address to store
     * @return the address as stored, with its id
     * @throws dev.ses.core.SesException ALREADY_EXISTS when inserting a second address for the same account and
     *         sender address (or a second account-level one)
     */
    CallbackAddress saveAddress(CallbackAddress address);

    /**
     * {@return an account's address by id}
     *
     * @param account the account's name
     * @param id the callback address's id
     */
    Optional<CallbackAddress> address(String account, long id);

    /**
     * {@return an address by id, whatever its account (for the delivery workers)}
     *
     * @param id the callback address's id
     */
    Optional<CallbackAddress> address(long id);

    /**
     * {@return the address of exactly this scope: one sender address's, or the account's own for an empty sender}
     *
     * @param account the account's name
     * @param senderAddress the sender address ({@code local@domain}), or empty for the account-level address
     */
    Optional<CallbackAddress> addressFor(String account, Optional<String> senderAddress);

    /**
     * {@return every address of an account, the account-level one first, then by sender address}
     *
     * @param account the account's name
     */
    List<CallbackAddress> addresses(String account);

    /** {@return every address marked failing, of every account} */
    List<CallbackAddress> failing();

    /**
     * Deletes an address with its deliveries and their attempts; returns whether it existed.
     *
     * @param account the account's name
     * @param id the callback address's id
     * @return whether the address existed
     */
    boolean deleteAddress(String account, long id);

    /**
     * Queues deliveries whose (address, event) the store does not hold yet; joins the caller's transaction.
     *
     * @param deliveries the deliveries to queue
     * @return how many were queued
     */
    int enqueue(List<CallbackDeliveryRecord> deliveries);

    /**
     * Queues deliveries again: inserts those the store lacks, and makes those it holds pending again, due at their
     * {@code nextAttemptAt} with their attempt count reset (their past attempts stay recorded).
     *
     * @param deliveries the deliveries to queue again
     * @return how many were queued or made pending
     */
    int enqueueAgain(List<CallbackDeliveryRecord> deliveries);

    /**
     * {@return up to {@code limit} addresses with a pending delivery that is due at {@code now} and not leased}
     *
     * @param now the instant to judge at
     * @param limit the most to return
     */
    List<Long> dueAddresses(Instant now, int limit);

    /**
     * Leases up to {@code max} due, unleased pending deliveries of one address to a node, oldest first.
     *
     * @param addressId the callback address's id
     * @param node the claiming node's name
     * @param max the most deliveries to lease
     * @param now the instant to judge at
     * @param lease how long the node holds them
     * @return the leased deliveries, oldest first; empty if none is due
     */
    List<CallbackDeliveryRecord> claim(long addressId, String node, int max, Instant now, Duration lease);

    /**
     * Records an attempt of a delivery the node holds, gives it its new state and due time, and releases the lease.
     *
     * @param deliveryId the delivery's id
     * @param node the node that holds the lease
     * @param attempt what the attempt met
     * @param state the delivery's new state
     * @param nextAttemptAt when it is next due (ignored once it is delivered or dead)
     * @return false, changing nothing, if the node no longer holds the delivery
     */
    boolean finish(long deliveryId, String node, CallbackAttempt attempt, CallbackDeliveryState state,
                   Instant nextAttemptAt);

    /**
     * {@return a delivery of an account by id}
     *
     * @param account the account's name
     * @param id the delivery's id
     */
    Optional<CallbackDeliveryRecord> delivery(String account, long id);

    /**
     * {@return up to {@code limit} deliveries of an address in a state, by id above {@code afterId}}
     *
     * @param addressId the callback address's id
     * @param state the state the deliveries must be in
     * @param afterId 0 for the first page, else the last id of the page before
     * @param limit the most to return
     */
    List<CallbackDeliveryRecord> deliveries(long addressId, CallbackDeliveryState state, long afterId, int limit);

    /**
     * {@return the attempts of some deliveries, oldest first}
     *
     * @param deliveryIds the deliveries' ids
     */
    Map<Long, List<CallbackAttempt>> attempts(Collection<Long> deliveryIds);

    /**
     * Makes dead-lettered deliveries of an address pending again, due at {@code now}, their attempt counts reset:
     * all of them, or the one given.
     *
     * @param addressId the callback address's id
     * @param deliveryId one delivery only, or empty for all of the address's dead letters
     * @param now when they are due
     * @return how many
     */
    int requeueDead(long addressId, Optional<Long> deliveryId, Instant now);

    /**
     * Deletes up to {@code limit} deliveries (with their attempts) of events that happened before {@code before}.
     *
     * @param before the cut-off: events before it go (exclusive)
     * @param limit the most deliveries to delete
     * @return how many deliveries were deleted
     */
    int pruneBefore(Instant before, int limit);
}
