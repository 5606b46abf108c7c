package dev.ses.core.internal;

import dev.ses.core.spi.MessageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which screened messages may go now: the daily quota (for task messages on their first attempt: a regular
 * send took its quota when it was accepted, and a retry was counted already), this node's own rate limits, then the
 * per-mailbox hour shared through the store. What may not go now is held until it may, without counting an attempt.
 * Thread-safe: the dispatcher's workers share one.
 */
final class Admission {
    private final Quotas quotas;
    private final RateLimits rateLimits;
    private final MailboxLimit mailboxLimit;
    private final Map<String, AtomicLong> heldPerTaskDay = new ConcurrentHashMap<>();

    Admission(Engine engine, Quotas quotas) {
        this.quotas = quotas;
        this.rateLimits = new RateLimits(engine);
        this.mailboxLimit = new MailboxLimit(engine);
    }

    /** A sender domain of one account. */
    private record DomainKey(String account, String domain) {
    }

    /** Prunes the shared per-mailbox record when its time has come. */
    void pruneIfDue(Instant now) {
        mailboxLimit.pruneIfDue(now);
    }

    /**
     * Returns the messages that may go now, in order, and holds the others in {@code outcomes}: quota-held ones
     * until the next day, spread by a microsecond per message of their task (a tenth of a second for 100,000) so
     * that, the next day, the tasks sharing a domain take turns; rate-held ones until their limit allows.
     */
    List<MessageRecord> admit(List<MessageRecord> sendable, ChunkOutcomes outcomes, Instant now) {
        List<MessageRecord> admitted = new ArrayList<>(sendable.size());
        Map<DomainKey, List<MessageRecord>> taskRows = new LinkedHashMap<>();
        for (MessageRecord m : sendable) {
            if (takesQuota(m)) {
                taskRows.computeIfAbsent(new DomainKey(m.account(), m.senderDomain()), k -> new ArrayList<>()).add(m);
            } else {
                admitted.add(m);
            }
        }
        for (Map.Entry<DomainKey, List<MessageRecord>> e : taskRows.entrySet()) {
            List<MessageRecord> rows = e.getValue();
            long granted = quotas.reserve(e.getKey().account(), e.getKey().domain(), rows.size(), now);
            Instant tomorrow = quotas.nextDay(now);
            String day = quotas.day(now).toString();
            for (int i = 0; i < rows.size(); i++) {
                MessageRecord m = rows.get(i);
                if (i < granted) {
                    admitted.add(m);
                    continue;
                }
                long offset = heldPerTaskDay.computeIfAbsent(m.taskId().get() + "@" + day, k -> new AtomicLong())
                        .getAndIncrement();
                outcomes.hold(m, dev.ses.core.QueueCount.QUOTA_HOLD + m.senderDomain() + " is spent; waits for "
                        + tomorrow, tomorrow.plusNanos(offset * 1_000), now);
            }
        }
        // This node's own limits first: what they hold costs the store nothing. The mailbox limit is then asked once
        // for the whole chunk; a mail it holds gives back what the node's limits counted for it.
        List<MessageRecord> local = new ArrayList<>(admitted.size());
        for (MessageRecord m : admitted) {
            Optional<Instant> wait = rateLimits.admit(m.recipient(), m.senderDomain(), now);
            if (wait.isEmpty()) {
                local.add(m);
            } else {
                hold(m, "rate limit for " + m.recipient() + "; waits for " + wait.get(), wait.get(), outcomes, now);
            }
        }
        List<Optional<Instant>> waits = mailboxLimit.admit(local.stream().map(MessageRecord::recipient).toList(), now);
        List<MessageRecord> allowed = new ArrayList<>(local.size());
        for (int i = 0; i < local.size(); i++) {
            MessageRecord m = local.get(i);
            Optional<Instant> wait = waits.get(i);
            if (wait.isEmpty()) {
                allowed.add(m);
                continue;
            }
            rateLimits.giveBack(m.recipient(), m.senderDomain(), now);
            hold(m, "rate limit for " + m.recipient() + ": " + mailboxLimit.perHour() + " mails in the last hour; "
                    + "waits for " + wait.get(), wait.get(), outcomes, now);
        }
        return allowed;
    }

    /**
     * Gives back what messages admitted but never handed over (not renderable) took: their places in the mailbox
     * hour, and the quota a task's first attempt took (a regular send's comes back when it settles, as for every
     * regular message never sent).
     */
    void notSent(List<MessageRecord> rows, Instant now) {
        mailboxLimit.giveBack(rows.stream().map(MessageRecord::recipient).toList(), now);
        for (MessageRecord m : rows) {
            if (takesQuota(m)) {
                quotas.release(m.account(), m.senderDomain(), 1, now);
            }
        }
    }

    /** Learns from a recipient's reply: a provider that answers 421 is backed off. */
    void learn(String recipient, boolean delivered, String reply, Instant now) {
        rateLimits.learn(recipient, delivered, reply, now);
    }

    private static boolean takesQuota(MessageRecord m) {
        return m.taskId().isPresent() && m.attempts() == 0;
    }

    /** Holds a mail that a rate limit keeps back, giving back the quota a first attempt of a task took. */
    private void hold(MessageRecord m, String reason, Instant until, ChunkOutcomes outcomes, Instant now) {
        if (takesQuota(m)) {
            quotas.release(m.account(), m.senderDomain(), 1, now);
        }
        outcomes.hold(m, reason, until, now);
    }
}
