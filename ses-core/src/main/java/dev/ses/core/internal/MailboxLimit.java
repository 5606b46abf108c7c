package dev.ses.core.internal;

import dev.ses.core.spi.MailboxSendRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hourly limit per recipient mailbox: a mail may go to a mailbox (in any case) only while fewer than
 * {@link dev.ses.core.QuotaPolicy#mailboxPerHour()} mails went to it in the hour before. The window slides, so no 60
 * minutes ever hold more than the limit; a window opened by a mailbox's first mail let nearly twice the limit through
 * across its end. The sends are counted in the store, so that every node sharing it counts the same ones.
 *
 * <p>Sends older than the window are pruned at most once a minute per node, in bounded batches; a node that falls
 * behind (more than 20 batches of 1,000 in a minute) prunes again on its next
 * pump. Thread-safe.
 */
public final class MailboxLimit {
    /** How long a mail to a mailbox counts against it. */
    static final Duration WINDOW = Duration.ofHours(1);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
    private static final int PRUNE_BATCH = 1_000;
    private static final int PRUNE_BATCHES = 20;

    private final Engine engine;
    private final AtomicReference<Instant> nextPrune = new AtomicReference<>(Instant.EPOCH);

    public MailboxLimit(Engine engine) {
        this.engine = engine;
    }

    private MailboxSendRepository sends() {
        return engine.store().mailboxSends();
    }

    /** The most mails one mailbox receives in an hour. */
    public int perHour() {
        return engine.quotas().mailboxPerHour();
    }

    /**
     * Admits one mail to each recipient at {@code now}, in order, in one call to the store: an empty entry for a
     * mail that may go (it is counted), otherwise the instant from which it may.
     */
    public List<Optional<Instant>> admit(List<String> recipients, Instant now) {
        return sends().admitAll(recipients, now, WINDOW, perHour());
    }

    /** Uncounts mails admitted at {@code admittedAt} that did not go after all. */
    public void giveBack(List<String> recipients, Instant admittedAt) {
        sends().release(recipients, admittedAt);
    }

    /** Forgets sends that no longer count, if this node has not done so in the last minute. */
    public void pruneIfDue(Instant now) {
        Instant due = nextPrune.get();
        if (now.isBefore(due) || !nextPrune.compareAndSet(due, now.plus(PRUNE_EVERY))) {
            return;
        }
        Instant before = now.minus(WINDOW);
        for (int i = 0; i < PRUNE_BATCHES; i++) {
            if (sends().pruneBefore(before, PRUNE_BATCH) < PRUNE_BATCH) {
                return;
            }
        }
        nextPrune.set(now);
    }
}
