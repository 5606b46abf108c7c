package dev.ses.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The recent sends to each recipient mailbox: what the per-mailbox limit counts, kept in the store so that every node
 * sharing it counts the same sends. A mailbox is compared without regard to case ({@code Ann@Example.ORG} and
 * {@code ann@example.org} are one mailbox).
 *
 * <p>The window slides: a send at {@code t} counts at {@code now} while {@code now - window < t}, and from
 * {@code t + window} on it no longer does. A send recorded at a later instant than {@code now} (by a node whose clock
 * runs ahead) counts too.
 *
 * <p>Contract: thread-safe. {@link #admitAll} is atomic per mailbox across every caller on the same store, nodes
 * included: two admissions to one mailbox take turns, and the second counts what the first recorded. It joins the
 * caller's transaction, and then the mailboxes it admitted to stay locked until that transaction ends: call it
 * outside a transaction, or last in one. It blocks while another transaction holds one of its mailboxes.
 */
public interface MailboxSendRepository {
    /**
     * For each mailbox in order, records a send at {@code now} if fewer than {@code limit} sends to it count at
     * {@code now} in the window, sends recorded earlier in this call included; otherwise records nothing for it. A
     * mailbox may be listed more than once: each entry is one send.
     *
     * @param mailboxes the recipients' mailboxes, in order; one entry per send
     * @param now the instant of the sends
     * @param window how long a send counts
     * @param limit the most sends to one mailbox that count at once
     * @return one entry per mailbox given, in order: empty if the send was recorded, otherwise the instant from which
     *     one more would be admitted (when the oldest send that keeps the count at {@code limit} stops counting);
     *     an empty list for none given
     * @throws IllegalArgumentException if the window is not positive or the limit is below 1
     */
    List<Optional<Instant>> admitAll(List<String> mailboxes, Instant now, Duration window, int limit);

    /**
     * Gives back sends recorded by {@link #admitAll} at {@code sentAt}: for each mailbox listed, one send to it at that
     * instant stops counting (a mailbox listed twice, two). A mailbox with no send left at that instant is passed
     * over.
     *
     * @param mailboxes the mailboxes whose sends to give back
     * @param sentAt the instant {@link #admitAll} recorded them at
     */
    void release(List<String> mailboxes, Instant sentAt);

    /**
     * Forgets up to {@code limit} of the oldest sends recorded before {@code before}, and what the implementation
     * keeps for mailboxes that have no more to count (a bounded amount of it per call too).
     *
     * @param before the cut-off (exclusive)
     * @param limit the most sends to forget
     * @return how many sends were forgotten
     */
    int pruneBefore(Instant before, int limit);
}
