package dev.ses.core.internal.memory;

import dev.ses.core.spi.MailboxSendRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The in-memory log of sends to each mailbox. Every call runs under the store's lock, so admissions take turns, and
 * one inside a transaction holds its mailboxes (all of them, with that lock) until the transaction ends.
 */
public final class MemoryMailboxSends implements MailboxSendRepository {
    /** One send; {@code n} tells apart sends to one mailbox at one instant. */
    private record Send(Instant at, String mailbox, long n) {
    }

    private static final Comparator<Send> ORDER = Comparator.comparing(Send::at).thenComparing(Send::mailbox)
            .thenComparingLong(Send::n);

    private final MemoryTx tx;
    /** The sends to each mailbox (in lower case), oldest first. */
    private final Map<String, NavigableSet<Send>> byMailbox = new HashMap<>();
    /** Every send, oldest first: what pruning walks. */
    private final NavigableSet<Send> byTime = new TreeSet<>(ORDER);
    private long sends;

    public MemoryMailboxSends(MemoryTx tx) {
        this.tx = tx;
    }

    private static String key(String mailbox) {
        return mailbox.toLowerCase(Locale.ROOT);
    }

    @Override
    public List<Optional<Instant>> admitAll(List<String> mailboxes, Instant now, Duration window, int limit) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        if (mailboxes.isEmpty()) {
            return List.of();
        }
        Instant from = now.minus(window);
        return tx.write(() -> {
            List<Optional<Instant>> results = new ArrayList<>(mailboxes.size());
            for (String mailbox : mailboxes) {
                String key = key(mailbox);
                NavigableSet<Send> sent = byMailbox.get(key);
                NavigableSet<Send> counting = sent == null ? Collections.emptyNavigableSet()
                        : sent.tailSet(new Send(from, key, Long.MAX_VALUE), false);
                int count = counting.size();
                if (count < limit) {
                    Send send = new Send(now, key, ++sends);
                    add(send);
                    tx.onRollback(() -> remove(send));
                    results.add(Optional.empty());
                    continue;
                }
                // One more fits once all but limit - 1 of the counting sends have left: the oldest ones.
                Iterator<Send> oldestFirst = counting.iterator();
                for (int i = 0; i < count - limit; i++) {
                    oldestFirst.next();
                }
                results.add(Optional.of(oldestFirst.next().at().plus(window)));
            }
            return results;
        });
    }

    @Override
    public void release(List<String> mailboxes, Instant sentAt) {
        if (mailboxes.isEmpty()) {
            return;
        }
        tx.write(() -> {
            for (String mailbox : mailboxes) {
                String key = key(mailbox);
                NavigableSet<Send> sent = byMailbox.get(key);
                if (sent == null) {
                    continue;
                }
                NavigableSet<Send> atThatInstant = sent.subSet(new Send(sentAt, key, Long.MIN_VALUE), true,
                        new Send(sentAt, key, Long.MAX_VALUE), true);
                if (atThatInstant.isEmpty()) {
                    continue;
                }
                Send send = atThatInstant.last();
                remove(send);
                tx.onRollback(() -> add(send));
            }
        });
    }

    @Override
    public int pruneBefore(Instant before, int limit) {
        return tx.write(() -> {
            List<Send> old = new ArrayList<>(Math.min(limit, 1024));
            for (Send send : byTime.headSet(new Send(before, "", Long.MIN_VALUE), false)) {
                if (old.size() >= limit) {
                    break;
                }
                old.add(send);
            }
            old.forEach(this::remove);
            tx.onRollback(() -> old.forEach(this::add));
            return old.size();
        });
    }

    private void add(Send send) {
        byMailbox.computeIfAbsent(send.mailbox(), k -> new TreeSet<>(ORDER)).add(send);
        byTime.add(send);
    }

    private void remove(Send send) {
        NavigableSet<Send> sent = byMailbox.get(send.mailbox());
        if (sent != null) {
            sent.remove(send);
            if (sent.isEmpty()) {
                byMailbox.remove(send.mailbox());
            }
        }
        byTime.remove(send);
    }
}
