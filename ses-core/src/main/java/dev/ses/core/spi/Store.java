package dev.ses.core.spi;

import dev.ses.core.ErrorCode;
import dev.ses.core.SesException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where ses keeps everything: one repository per aggregate, and transactions across them.
 *
 * <p>Contract: thread-safe. {@link #inTransaction} runs its work atomically: if it throws, nothing it wrote stays.
 * Repository calls made inside the work on the same thread join the transaction; calls outside run each on
 * their own. Reads are at least read committed: no other thread sees what a transaction wrote before it commits,
 * and none ever sees what it wrote if it rolls back. Implementations: {@code InMemoryStore} in ses-core,
 * {@code JdbcStore} in ses-store-jdbc; both pass the contract tests of ses-core's test-jar.
 *
 * <p>Errors: a failure of the store itself is a {@link SesException}, never a checked exception; what the work
 * given to {@link #inTransaction} throws passes through as it is. An insert whose natural key is taken (the name
 * of a domain, template or group, the mailbox of an address, each unique in its account) throws one with
 * {@link ErrorCode#ALREADY_EXISTS} whose message names the kind, the key and the account, such as
 * {@code domain: 'mail.acme.test' already exists in account acme}; it wrote nothing, and the transaction it ran in
 * may go on. Any other failure of the store throws one with {@link ErrorCode#STORE_ERROR}, the underlying
 * exception (an {@code SQLException}, say) kept as its cause.
 */
public interface Store extends AutoCloseable {
    /**
     * Runs work in one transaction and returns its result. Nested calls join the outer transaction.
     *
     * @param <T> the type of the result
     * @param work what to run; its exception rolls the transaction back
     * @return what the work returned
     */
    <T> T inTransaction(Supplier<T> work);

    /** {@return sender domains and DKIM keys} */
    DomainRepository domains();

    /** {@return sender addresses} */
    AddressRepository addresses();

    /** {@return templates} */
    TemplateRepository templates();

    /** {@return the send requests} */
    RequestRepository requests();

    /** {@return the message queue} */
    MessageRepository messages();

    /** {@return the blocklists and unsubscriptions} */
    BlocklistRepository blocklist();

    /** {@return recipient groups} */
    GroupRepository groups();

    /** {@return batch tasks and their runs} */
    TaskRepository tasks();

    /**
     * {@return daily counters: quotas and the figures warm-up judges (the statistics users read are {@link
     * #statistics()})}
     */
    CounterRepository counters();

    /** {@return warm-up states and decisions} */
    WarmupRepository warmups();

    /** {@return the event log and its consumers' cursors} */
    EventRepository events();

    /** {@return the recent sends to each recipient mailbox, which the per-mailbox limit counts} */
    MailboxSendRepository mailboxSends();

    /** {@return the sending and tracking statistics, and the tracking switches} */
    StatisticsRepository statistics();

    /** {@return callback addresses and the queue of their deliveries} */
    CallbackRepository callbacks();
    /** {@return the keys that sign tracking tokens, and the tracking setups of accounts and sender domains} */
    TrackingRepository tracking();
    /** {@return the reports received at return paths, kept with their bytes} */
    ReportRepository reports();

    /**
     * Queues one message per member of a group for a request, in member order: the recipient and variables of each
     * member, QUEUED, due at {@code now}, each with its {@link LoggedEvent#queued QUEUED event} in the log. Called
     * inside the transaction that starts a task run, as its last work (the log's head is held until it ends). This
     * default reads the group page by page; an SQL store does it in two {@code INSERT ... SELECT}s.
     *
     * @param request the request the messages belong to
     * @param groupId the group whose members receive it
     * @param now when the messages are due
     * @return how many messages were queued
     */
    default long enqueueGroup(MailRequest request, long groupId, Instant now) {
        long total = 0;
        long after = 0;
        List<GroupMember> page;
        while (!(page = groups().members(groupId, after, 1_000)).isEmpty()) {
            List<MessageRecord> rows = new ArrayList<>(page.size());
            for (GroupMember member : page) {
                rows.add(MessageRecord.queued(request, member.email(), member.variables(), now));
            }
            List<MessageRecord> queued = messages().insertAll(rows);
            events().append(queued.stream().map(m -> LoggedEvent.queued(m, request.fromAddress())).toList());
            total += rows.size();
            after = page.get(page.size() - 1).id();
        }
        return total;
    }

    /** Releases connections. Idempotent. */
    @Override
    default void close() {
    }

    /**
     * Tells {@code onDue} whenever work may have become due through another instance sharing this store (mail
     * queued, a task created or resumed on another node), so idle workers start on it at once rather than at their
     * next poll. Optional and best effort: a notice may be late, repeated or, while the store reconnects, missed, so
     * the engine keeps polling as the fallback. The default sends no notices; {@code JdbcStore} on PostgreSQL uses
     * {@code LISTEN}/{@code NOTIFY}.
     *
     * <p>{@code onDue} is called on a thread of the store's and must return at once (it only wakes workers).
     *
     * @param onDue called, on a thread of the store's, when work may be due
     * @return the subscription; closing it stops the notices
     */
    default DueWorkSubscription subscribeDueWork(Runnable onDue) {
        return DueWorkSubscription.NONE;
    }
}
