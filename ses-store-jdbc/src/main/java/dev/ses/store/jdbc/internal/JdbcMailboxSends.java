package dev.ses.store.jdbc.internal;

import dev.ses.core.spi.MailboxSendRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The sends to each mailbox in {@code ses_mailbox_send}, one row per send, and one lock row per mailbox in
 * {@code ses_mailbox_lock}.
 *
 * <p>Why two admissions to one mailbox cannot overshoot its limit: an admission first locks the mailbox's row in
 * {@code ses_mailbox_lock}, creating it if missing, and holds it until its transaction ends; only then does it read
 * the sends that count and record those it admits. A concurrent admission to the same mailbox, from this node or
 * another, waits for that lock and then reads what the first committed. The sends themselves cannot be locked for
 * this: the row the second admission would have to wait for does not exist yet. A call locks all its mailboxes
 * first, in sorted order, so two calls never wait for each other in a circle.
 *
 * <p>On PostgreSQL the lock is an upsert whose update never applies ({@code WHERE FALSE}): PostgreSQL locks the
 * conflicting row all the same, so a known mailbox is locked without writing a new row version, and one that two
 * calls create at once is inserted by one while the other waits for it. H2 locks the row with a MERGE; since two
 * MERGEs inserting one row at once fail on its key rather than wait, calls there also take turns on a lock of this
 * JVM (an H2 file belongs to one process).
 *
 * <p>Pruning deletes the sends before a cut, oldest first, and the lock rows created before it that no admission
 * holds ({@code SKIP LOCKED} on PostgreSQL, the JVM lock on H2). Deleting the lock row of a mailbox that still has
 * sends counting is harmless: the next admission creates it again, and the key keeps one row per mailbox.
 */
public final class JdbcMailboxSends implements MailboxSendRepository {
    private static final int BATCH = 500;
    private static final String LOCK_POSTGRESQL = "INSERT INTO ses_mailbox_lock (mailbox_lc, created_at) "
            + "VALUES (?, ?) ON CONFLICT (mailbox_lc) DO UPDATE SET created_at = EXCLUDED.created_at WHERE FALSE";
    private static final String LOCK_H2 = "MERGE INTO ses_mailbox_lock t USING (VALUES (CAST(? AS VARCHAR(320)), "
            + "CAST(? AS TIMESTAMP(6) WITH TIME ZONE))) AS s (mailbox_lc, created_at) ON t.mailbox_lc = s.mailbox_lc "
            + "WHEN MATCHED THEN UPDATE SET created_at = t.created_at "
            + "WHEN NOT MATCHED THEN INSERT (mailbox_lc, created_at) VALUES (s.mailbox_lc, s.created_at)";
    private static final String RECORD = "INSERT INTO ses_mailbox_send (mailbox_lc, sent_at, n) VALUES (?, ?, ?)";
    private static final String RELEASE = "DELETE FROM ses_mailbox_send WHERE mailbox_lc = ? AND sent_at = ? "
            + "AND n = (SELECT MAX(n) FROM ses_mailbox_send WHERE mailbox_lc = ? AND sent_at = ?)";
    private static final String PRUNE_SENDS = "DELETE FROM ses_mailbox_send WHERE (mailbox_lc, sent_at, n) IN "
            + "(SELECT mailbox_lc, sent_at, n FROM ses_mailbox_send WHERE sent_at < ? ORDER BY sent_at LIMIT ?)";
    private static final String PRUNE_LOCKS_POSTGRESQL = "DELETE FROM ses_mailbox_lock WHERE mailbox_lc IN "
            + "(SELECT mailbox_lc FROM ses_mailbox_lock WHERE created_at < ? ORDER BY created_at LIMIT ? "
            + "FOR UPDATE SKIP LOCKED)";
    private static final String PRUNE_LOCKS_H2 = "DELETE FROM ses_mailbox_lock WHERE mailbox_lc IN "
            + "(SELECT mailbox_lc FROM ses_mailbox_lock WHERE created_at < ? ORDER BY created_at LIMIT ?)";

    /** The sends to one mailbox that count, oldest first, and the highest {@code n} among those at the instant. */
    private static final class Counting {
        final List<Instant> sentAt = new ArrayList<>();
        int lastN;
    }

    private final Transactions tx;
    private final ReentrantLock h2Turns = new ReentrantLock();

    public JdbcMailboxSends(Transactions tx) {
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
        Instant at = Sql.micros(now);
        return inTurn(() -> tx.atomic("admit mail to " + mailboxes.size() + " mailbox(es)", c -> {
            List<String> keys = lock(c, mailboxes, at);
            Map<String, Counting> counting = counting(c, keys, at.minus(window), at);
            List<Optional<Instant>> results = new ArrayList<>(mailboxes.size());
            try (PreparedStatement ps = c.prepareStatement(RECORD)) {
                int pending = 0;
                for (String mailbox : mailboxes) {
                    String key = key(mailbox);
                    Counting sends = counting.get(key);
                    int count = sends.sentAt.size();
                    if (count >= limit) {
                        // One more fits once all but limit - 1 of the counting sends have left: the oldest ones.
                        results.add(Optional.of(sends.sentAt.get(count - limit).plus(window)));
                        continue;
                    }
                    int slot = Collections.binarySearch(sends.sentAt, at);
                    sends.sentAt.add(slot < 0 ? -slot - 1 : slot, at);
                    ps.setString(1, key);
                    Sql.setInstant(ps, 2, at);
                    ps.setInt(3, ++sends.lastN);
                    ps.addBatch();
                    results.add(Optional.empty());
                    if (++pending == BATCH) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
            return results;
        }));
    }

    /** Locks the lock row of each mailbox, in sorted order; returns the mailboxes' keys in that order. */
    private List<String> lock(Connection c, List<String> mailboxes, Instant at) throws SQLException {
        TreeSet<String> sorted = new TreeSet<>();
        mailboxes.forEach(m -> sorted.add(key(m)));
        List<String> keys = List.copyOf(sorted);
        try (PreparedStatement ps = c.prepareStatement(tx.dialect() == Dialect.POSTGRESQL ? LOCK_POSTGRESQL
                : LOCK_H2)) {
            for (int from = 0; from < keys.size(); from += BATCH) {
                for (String key : keys.subList(from, Math.min(keys.size(), from + BATCH))) {
                    ps.setString(1, key);
                    Sql.setInstant(ps, 2, at);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return keys;
    }

    /** The sends to each mailbox after {@code from}, read under the mailboxes' locks. */
    private static Map<String, Counting> counting(Connection c, List<String> keys, Instant from, Instant at)
            throws SQLException {
        Map<String, Counting> counting = new HashMap<>();
        keys.forEach(k -> counting.put(k, new Counting()));
        for (int start = 0; start < keys.size(); start += BATCH) {
            List<String> part = keys.subList(start, Math.min(keys.size(), start + BATCH));
            String sql = "SELECT mailbox_lc, sent_at, n FROM ses_mailbox_send WHERE mailbox_lc IN ("
                    + String.join(", ", Collections.nCopies(part.size(), "?")) + ") AND sent_at > ? "
                    + "ORDER BY mailbox_lc, sent_at, n";
            Rows.list(c, sql, ps -> {
                for (int i = 0; i < part.size(); i++) {
                    ps.setString(i + 1, part.get(i));
                }
                Sql.setInstant(ps, part.size() + 1, from);
            }, rs -> {
                Counting sends = counting.get(rs.getString("mailbox_lc"));
                Instant sentAt = Sql.instant(rs, "sent_at");
                sends.sentAt.add(sentAt);
                if (sentAt.equals(at)) {
                    sends.lastN = Math.max(sends.lastN, rs.getInt("n"));
                }
                return sentAt;
            });
        }
        return counting;
    }

    @Override
    public void release(List<String> mailboxes, Instant sentAt) {
        if (mailboxes.isEmpty()) {
            return;
        }
        Instant at = Sql.micros(sentAt);
        inTurn(() -> tx.atomic("give back mail to " + mailboxes.size() + " mailbox(es)", c -> {
            lock(c, mailboxes, at);
            try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
                for (String mailbox : mailboxes) {
                    // One at a time: each picks the highest n left at that instant, which the one before may change.
                    ps.setString(1, key(mailbox));
                    Sql.setInstant(ps, 2, at);
                    ps.setString(3, key(mailbox));
                    Sql.setInstant(ps, 4, at);
                    ps.executeUpdate();
                }
            }
            return null;
        }));
    }

    @Override
    public int pruneBefore(Instant before, int limit) {
        return inTurn(() -> tx.run("prune mailbox sends before " + before, c -> {
            int pruned;
            try (PreparedStatement ps = c.prepareStatement(PRUNE_SENDS)) {
                Sql.setInstant(ps, 1, before);
                ps.setInt(2, limit);
                pruned = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(tx.dialect() == Dialect.POSTGRESQL
                    ? PRUNE_LOCKS_POSTGRESQL : PRUNE_LOCKS_H2)) {
                Sql.setInstant(ps, 1, before);
                ps.setInt(2, limit);
                ps.executeUpdate();
            }
            return pruned;
        }));
    }

    /** Runs work in turn with this store's other calls here on H2 (see the class comment); at once on PostgreSQL. */
    private <T> T inTurn(Supplier<T> work) {
        if (tx.dialect() != Dialect.H2) {
            return work.get();
        }
        h2Turns.lock();
        try {
            return work.get();
        } finally {
            h2Turns.unlock();
        }
    }
}
