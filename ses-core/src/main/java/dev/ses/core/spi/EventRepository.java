package dev.ses.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The event log: what happened to every message, appended in the transaction of the change it describes, and read
 * by consumers that each keep their own cursor.
 *
 * <p>Order: sequence numbers follow commit order. An implementation serialises appends until their transaction ends
 * (the in-memory store's lock, a row lock on the log's head in SQL), so a consumer that has read up to {@code n}
 * never sees an event below {@code n} commit later. Numbers may have gaps.
 *
 * <p>Cursors: a consumer claims its cursor with a lease before reading; while the lease holds, no other node can
 * claim it or move it, so one consumer sees the log in order, at least once, across restarts and nodes.
 */
public interface EventRepository {
    /**
     * Appends events whose key the log does not hold yet (nor an earlier event of the same call), numbering them in
     * order. Joins the caller's transaction; call it last in a transaction, since it holds the log's head until the
     * transaction ends.
     *
     * @param events the events to append, without sequence numbers
     * @return the events appended, with their sequence numbers; duplicates left out
     */
    List<LoggedEvent> append(List<LoggedEvent> events);

    /**
     * {@return up to {@code limit} events with a sequence number above {@code seq}, in order}
     *
     * @param seq the last sequence number already read
     * @param limit the most to return
     */
    List<LoggedEvent> after(long seq, int limit);

    /**
     * {@return the events of one message (all its recipients), in order}
     *
     * @param account the account's name
     * @param messageId the message's id
     */
    List<LoggedEvent> ofMessage(String account, String messageId);

    /**
     * {@return the events of some recipients' copies (delivery ids, which are unique in the store) of one account, in
     * order: one read for a whole page of opens and clicks, by an index of the copy}
     *
     * @param account the account's name
     * @param deliveryIds the copies' delivery ids
     */
    List<LoggedEvent> ofDeliveries(String account, java.util.Collection<Long> deliveryIds);

    /**
     * {@return the events of one recipient's copy of a message, in order}
     *
     * @param account the account's name
     * @param messageId the message's id
     * @param deliveryId the recipient's copy
     */
    default List<LoggedEvent> ofDelivery(String account, String messageId, long deliveryId) {
        return ofDeliveries(account, List.of(deliveryId)).stream()
                .filter(e -> e.event().messageId().equals(messageId)).toList();
    }

    /** {@return the highest sequence number appended so far, 0 for an empty log} */
    long head();

    /**
     * Claims a consumer's cursor for a node until {@code now + lease}, if no other node holds it with a lease that
     * has not expired. A new consumer's cursor starts at 0: it reads every event the log still keeps.
     *
     * @param consumer the consumer's name
     * @param node the claiming node's name
     * @param now the instant to judge at
     * @param lease how long the node holds it
     * @return the cursor's position, or empty if another node holds it
     */
    Optional<Long> claimCursor(String consumer, String node, Instant now, Duration lease);

    /**
     * Moves a cursor the node holds to {@code position} and extends its lease to {@code now + lease}. Call it in the
     * transaction that records what the consumer did with the events, so both happen or neither.
     *
     * @param consumer the consumer's name
     * @param node the node that holds the cursor
     * @param position the new position: the last sequence number the consumer handled
     * @param now the instant to judge at
     * @param lease how long the node holds it from now
     * @return false, moving nothing, if the node no longer holds the cursor
     */
    boolean moveCursor(String consumer, String node, long position, Instant now, Duration lease);

    /**
     * Gives up a cursor the node holds; does nothing otherwise.
     *
     * @param consumer the consumer's name
     * @param node the node that holds the cursor
     */
    void releaseCursor(String consumer, String node);

    /**
     * {@return where a consumer's cursor stands, if it exists}
     *
     * @param consumer the consumer's name
     */
    Optional<Long> cursor(String consumer);

    /**
     * Deletes up to {@code limit} of the oldest events that happened before {@code before} and whose sequence number
     * is at most {@code throughSeq}: the pruning engine passes the lowest cursor of its consumers, so that an event
     * past retention that a consumer has not read yet (one that failed for a long time) is kept until it has.
     *
     * @param before the cut-off: events before it may go (exclusive)
     * @param throughSeq the highest sequence number that may go
     * @param limit the most events to delete
     * @return how many were deleted
     */
    int pruneBefore(Instant before, long throughSeq, int limit);

    /**
     * {@return up to {@code limit} events the filter selects that come after {@code after} (from the first if empty),
     * by time then sequence number: one page of a delivery response list, read through an index, never the whole list}
     *
     * @param filter which events
     * @param after the key of the last event of the page before, or empty for the first page
     * @param limit the most to return
     */
    List<LoggedEvent> find(EventFilter filter, Optional<EventKey> after, int limit);

    /**
     * {@return how many events the filter selects, per type; types without any are left out}
     *
     * @param filter which events
     */
    java.util.Map<dev.ses.core.EventType, Long> count(EventFilter filter);
}
