package dev.ses.core.spi;

import dev.ses.core.Page;
import dev.ses.core.PageRequest;
import dev.ses.core.QueueCount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The durable queue: one row per recipient. An SQL implementation claims with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} so that several nodes share it without sending a row twice.
 */
public interface MessageRepository {
    /**
     * Inserts new records (ids 0) and returns them with their ids, in order. One batch, not one call per row.
     *
     * @param records the records to insert, with id 0
     * @return the records as stored, with their new ids
     */
    List<MessageRecord> insertAll(List<MessageRecord> records);

    /**
     * Claims up to {@code max} due messages for a node: {@code QUEUED} or {@code DEFERRED} ones whose
     * {@code nextAttemptAt <= now}, and {@code SENDING} ones whose lease expired before {@code now}, oldest
     * {@code nextAttemptAt} first. Claimed rows become {@code SENDING}, leased to the node until {@code now + lease}.
     * Two concurrent calls never return the same row.
     *
     * @param node the claiming node's name
     * @param max the most messages to claim
     * @param now the instant to judge at
     * @param lease how long the node holds them
     * @return the claimed records, as {@code SENDING}
     */
    List<MessageRecord> claim(String node, int max, Instant now, Duration lease);

    /**
     * Writes back records (state, attempts, reply, lease, flags), matched by id. One batch.
     *
     * @param records the records as they now stand
     */
    void updateAll(List<MessageRecord> records);

    /**
     * Writes back what became of messages that one {@link #claim} returned, fenced by that claim: each record is
     * written only while its row is still {@code SENDING} and leased to {@code node} until {@code leaseUntil}. A
     * node whose lease ran out, and whose rows another claim has taken or settled since, so cannot write over the
     * newer outcome. The records' flags are not written: the row keeps those {@link #addFlags} set meanwhile.
     * Matched by id; one batch, atomic.
     *
     * @param node the node that claimed the rows
     * @param leaseUntil the lease expiry that claim gave them
     * @param records the new records
     * @return the ids of the records not written, because their claim had been superseded
     */
    Set<Long> updateClaimed(String node, Instant leaseUntil, List<MessageRecord> records);

    /**
     * Sets the flags that are true in {@code flags} on one message (what its recipient did with it), and its update
     * time; clears none and writes nothing else, so it cannot undo a settle that runs at the same time. Does
     * nothing for an unknown id.
     *
     * @param id the message's id
     * @param flags the flags to set
     * @param at the time of the change
     */
    void addFlags(long id, MessageRecord.Flags flags, Instant at);

    /**
     * {@return the record with this id in this account}
     *
     * @param account the account's name
     * @param id the message's id
     */
    Optional<MessageRecord> get(String account, long id);

    /**
     * {@return the records of one request, by id}
     *
     * @param account the account's name
     * @param requestId the request's id (a send's message id, or a task run's request id)
     */
    List<MessageRecord> byRequest(String account, String requestId);

    /**
     * {@return one message by id, whatever its account: for a signed tracking token, which names the row alone}
     *
     * @param id the message's id
     */
    Optional<MessageRecord> get(long id);

    /**
     * {@return the records of one request for one recipient (case-insensitive), by id}
     *
     * @param account the account's name
     * @param requestId the request's id (a send's message id, or a task run's request id)
     * @param recipient the recipient's address, in any case
     */
    default List<MessageRecord> byRequestAndRecipient(String account, String requestId, String recipient) {
        return byRequest(account, requestId).stream().filter(m -> m.recipient().equalsIgnoreCase(recipient)).toList();
    }

    /**
     * {@return the account's records matching a query, newest first}
     *
     * @param account the account's name
     * @param query which records
     * @param page which page, and how many records on it
     */
    Page<MessageRecord> find(String account, MessageQuery query, PageRequest page);

    /**
     * {@return up to {@code limit} records of a task run with an id above {@code afterId}, by id}
     *
     * @param runId the run's id
     * @param afterId 0 for the first page, else the last id of the page before
     * @param limit the most records to return
     */
    List<MessageRecord> byRun(long runId, long afterId, int limit);

    /**
     * {@return how a task run's records stand; {@code waiting} counts QUEUED ones due after {@code now}}
     *
     * @param runId the run's id
     * @param now the instant to judge at
     */
    RunCounts countRun(long runId, Instant now);

    /**
     * Moves the next attempt of a run's QUEUED and DEFERRED records to {@code at} (to pause a run: far ahead; to
     * resume it: now). One statement.
     *
     * @param runId the run's id
     * @param at when they are next due
     * @return how many records moved
     */
    int rescheduleRun(long runId, Instant at);

    /**
     * Settles a run's QUEUED and DEFERRED records as CANCELLED with a reason. One statement.
     *
     * @param runId the run's id
     * @param reason why, recorded as each record's reply
     * @param now the time of the cancellation
     * @return how many records were cancelled
     */
    int cancelRun(long runId, String reason, Instant now);

    /** {@return how many unsettled messages there are, by state, and the oldest queued one's creation} */
    QueueDepth depth();

    /**
     * {@return the earliest {@code nextAttemptAt} (or lease expiry) of any unsettled record, if any: when to pump next}
     */
    Optional<Instant> nextDue();

    /**
     * {@return up to {@code limit} of the account's records matching a query that come after {@code after} (from the
     * newest if empty), newest first: by creation time, then id, both descending} One page read through an index.
     *
     * @param account the account's name
     * @param query which records
     * @param after the key of the last record of the page before, or empty for the newest
     * @param limit the most records to return
     */
    List<MessageRecord> findAfter(String account, MessageQuery query, Optional<MessageKey> after, int limit);

    /**
     * {@return how the account's unsettled records stand right now, per sender domain and recipient domain (lower
     * case), by sender then recipient domain: QUEUED, SENDING and DEFERRED ones, the earliest next attempt of the
     * DEFERRED ones, and the QUEUED ones due after {@code now} whose reply begins with {@link QueueCount#QUOTA_HOLD}}
     *
     * @param account the account's name
     * @param now the instant to judge at
     */
    List<QueueCount> queueCounts(String account, Instant now);
}
