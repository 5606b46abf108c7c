package dev.ses.store.jdbc.internal;

import dev.ses.core.BounceType;
import dev.ses.core.EventType;
import dev.ses.core.SesEvent;
import dev.ses.core.spi.EventFilter;
import dev.ses.core.spi.EventKey;
import dev.ses.core.spi.EventRepository;
import dev.ses.core.spi.LoggedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The event log in {@code ses_event}, its head in {@code ses_event_head} and consumers' cursors in
 * {@code ses_event_cursor}.
 *
 * <p>Why sequence numbers follow commit order: an identity column hands out numbers when rows are inserted, not when
 * they commit, so a consumer that read number 11 could later miss number 10 of a transaction that committed after.
 * An append here first locks the one row of {@code ses_event_head} ({@code SELECT ... FOR UPDATE}), numbers its
 * events from that row and writes the row back; the lock holds until the transaction ends, so the next appender
 * (of this node or another) numbers after it and commits after it. The same lock makes the check for keys already
 * in the log race-free. Appends therefore take turns for the rest of their transaction, which is why they come
 * last in one.
 */
public final class JdbcEvents implements EventRepository {
    private static final int BATCH = 500;
    private static final String COLUMNS = "seq, event_key, type, account, message_id, delivery_id, recipient, "
            + "recipient_domain, from_address, sender_domain, template_id, task_id, run_id, attempt, occurred_at, "
            + "reason, bounce_type, link, user_agent";
    /** The columns of a reading (version 7), which a QUEUED event leaves at their defaults. */
    private static final String READING = ", ip, reader, first_reading";
    private static final String INSERT = "INSERT INTO ses_event (" + COLUMNS + READING
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String PREFIXED = "e." + (COLUMNS + READING).replace(", ", ", e.");

    private final Transactions tx;

    public JdbcEvents(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public List<LoggedEvent> append(List<LoggedEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        return tx.atomic("append " + events.size() + " event(s)", c -> {
            long head = lockHead(c);
            Set<String> known = known(c, events);
            List<LoggedEvent> fresh = new ArrayList<>(events.size());
            for (LoggedEvent e : events) {
                if (known.add(e.key())) {
                    fresh.add(e.at(++head));
                }
            }
            if (fresh.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (int from = 0; from < fresh.size(); from += BATCH) {
                    for (LoggedEvent e : fresh.subList(from, Math.min(fresh.size(), from + BATCH))) {
                        bind(ps, e);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            writeHead(c, head);
            return fresh;
        });
    }

    /**
     * Appends the QUEUED event of every message of a request that the log lacks, in one {@code INSERT ... SELECT},
     * keyed as {@link LoggedEvent#queued} keys them and numbered after the head in message order. Joins the caller's
     * transaction, like {@link #append}.
     *
     * @return how many were appended
     */
    public long appendQueued(String requestId, String from) {
        return tx.atomic("append the QUEUED events of request " + requestId, c -> {
            long head = lockHead(c);
            long added;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_event (" + COLUMNS + ") SELECT ? + "
                    + "ROW_NUMBER() OVER (ORDER BY m.id), CONCAT('q:', CAST(m.id AS VARCHAR(20))), 'QUEUED', "
                    + "m.account, m.request_id, m.id, m.recipient, "
                    + "LOWER(SUBSTRING(m.recipient FROM POSITION('@' IN m.recipient) + 1)), ?, m.sender_domain, "
                    + "m.template_id, m.task_id, m.run_id, m.attempts, m.created_at, NULL, NULL, NULL, NULL "
                    + "FROM ses_message m WHERE m.request_id = ? AND NOT EXISTS (SELECT 1 FROM ses_event e "
                    + "WHERE e.event_key = CONCAT('q:', CAST(m.id AS VARCHAR(20))))")) {
                ps.setLong(1, head);
                ps.setString(2, from);
                ps.setString(3, requestId);
                added = ps.executeUpdate();
            }
            writeHead(c, head + added);
            return added;
        });
    }

    private static long lockHead(Connection c) throws SQLException {
        return Rows.first(c, "SELECT last_seq FROM ses_event_head WHERE id = 1 FOR UPDATE", ps -> { },
                rs -> rs.getLong(1)).orElseThrow(() -> new SQLException("ses_event_head has no row"));
    }

    private static void writeHead(Connection c, long head) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ses_event_head SET last_seq = ? WHERE id = 1")) {
            ps.setLong(1, head);
            ps.executeUpdate();
        }
    }

    /** The keys of these events that the log holds already. */
    private static Set<String> known(Connection c, List<LoggedEvent> events) throws SQLException {
        Set<String> known = new HashSet<>();
        for (int from = 0; from < events.size(); from += BATCH) {
            List<LoggedEvent> part = events.subList(from, Math.min(events.size(), from + BATCH));
            String sql = "SELECT event_key FROM ses_event WHERE event_key IN ("
                    + String.join(", ", Collections.nCopies(part.size(), "?")) + ")";
            known.addAll(Rows.list(c, sql, ps -> {
                for (int i = 0; i < part.size(); i++) {
                    ps.setString(i + 1, part.get(i).key());
                }
            }, rs -> rs.getString(1)));
        }
        return known;
    }

    private static void bind(PreparedStatement ps, LoggedEvent logged) throws SQLException {
        SesEvent e = logged.event();
        ps.setLong(1, logged.seq());
        ps.setString(2, logged.key());
        ps.setString(3, e.type().name());
        ps.setString(4, e.account());
        ps.setString(5, e.messageId());
        ps.setLong(6, e.deliveryId());
        ps.setString(7, e.recipient());
        ps.setString(8, e.recipientDomain());
        ps.setString(9, e.from());
        ps.setString(10, e.senderDomain());
        ps.setLong(11, e.templateId());
        Sql.setLong(ps, 12, e.taskId());
        Sql.setLong(ps, 13, e.runId());
        ps.setInt(14, e.attempt());
        Sql.setInstant(ps, 15, e.at());
        Sql.setString(ps, 16, e.reason());
        Sql.setString(ps, 17, e.bounceType().map(Enum::name));
        Sql.setString(ps, 18, e.link());
        Sql.setString(ps, 19, e.userAgent());
        Sql.setString(ps, 20, e.ip());
        Sql.setString(ps, 21, e.reader().map(Enum::name));
        ps.setBoolean(22, e.first());
    }

    private static LoggedEvent read(ResultSet rs) throws SQLException {
        SesEvent e = new SesEvent(EventType.valueOf(rs.getString("type")), rs.getString("account"),
                rs.getString("message_id"), rs.getLong("delivery_id"), rs.getString("recipient"),
                rs.getString("from_address"), rs.getString("sender_domain"), rs.getLong("template_id"),
                Sql.optionalLong(rs, "task_id"), Sql.optionalLong(rs, "run_id"), rs.getInt("attempt"),
                Sql.instant(rs, "occurred_at"), Sql.optionalString(rs, "reason"),
                Sql.optionalString(rs, "bounce_type").map(BounceType::valueOf), Sql.optionalString(rs, "link"),
                Sql.optionalString(rs, "user_agent"), Sql.optionalString(rs, "ip"),
                Sql.optionalString(rs, "reader").map(dev.ses.core.ReaderKind::valueOf), rs.getBoolean("first_reading"));
        return new LoggedEvent(rs.getLong("seq"), rs.getString("event_key"), e);
    }

    @Override
    public List<LoggedEvent> after(long seq, int limit) {
        return tx.run("read events after " + seq, c -> Rows.list(c, "SELECT " + COLUMNS + READING
                + " FROM ses_event WHERE seq > ? ORDER BY seq LIMIT ?", ps -> {
                    ps.setLong(1, seq);
                    ps.setInt(2, limit);
                }, JdbcEvents::read));
    }

    @Override
    public List<LoggedEvent> ofMessage(String account, String messageId) {
        return tx.run("read events of message " + messageId, c -> Rows.list(c, "SELECT " + COLUMNS + READING
                + " FROM ses_event WHERE account = ? AND message_id = ? ORDER BY seq", ps -> {
                    ps.setString(1, account);
                    ps.setString(2, messageId);
                }, JdbcEvents::read));
    }

    @Override
    public List<LoggedEvent> ofDeliveries(String account, java.util.Collection<Long> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return List.of();
        }
        List<Long> ids = List.copyOf(new java.util.LinkedHashSet<>(deliveryIds));
        return tx.run("read events of " + ids.size() + " deliveries", c -> {
            List<LoggedEvent> found = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += BATCH) {
                List<Long> part = ids.subList(from, Math.min(ids.size(), from + BATCH));
                found.addAll(Rows.list(c, "SELECT " + COLUMNS + READING + " FROM ses_event WHERE delivery_id IN ("
                        + String.join(", ", Collections.nCopies(part.size(), "?")) + ") AND account = ?", ps -> {
                            for (int i = 0; i < part.size(); i++) {
                                ps.setLong(i + 1, part.get(i));
                            }
                            ps.setString(part.size() + 1, account);
                        }, JdbcEvents::read));
            }
            found.sort(java.util.Comparator.comparingLong(LoggedEvent::seq));
            return found;
        });
    }

    @Override
    public long head() {
        return tx.run("read the event log's head", c -> Rows.first(c,
                "SELECT last_seq FROM ses_event_head WHERE id = 1", ps -> { }, rs -> rs.getLong(1)).orElse(0L));
    }

    @Override
    public Optional<Long> claimCursor(String consumer, String node, Instant now, Duration lease) {
        return tx.atomic("claim the cursor of " + consumer, c -> {
            if (Rows.first(c, "SELECT last_read FROM ses_event_cursor WHERE consumer = ?",
                    ps -> ps.setString(1, consumer), rs -> rs.getLong(1)).isEmpty()) {
                // Two first claims may race to insert the row: PostgreSQL ignores the second in the statement (a
                // failed statement would abort its transaction); H2 reports it, and the transaction goes on.
                String insert = tx.dialect() == Dialect.POSTGRESQL
                        ? "INSERT INTO ses_event_cursor (consumer, last_read) VALUES (?, 0) ON CONFLICT DO NOTHING"
                        : "INSERT INTO ses_event_cursor (consumer, last_read) VALUES (?, 0)";
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    ps.setString(1, consumer);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (!Sql.isUniqueViolation(e)) {
                        throw e;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_event_cursor SET lease_owner = ?, "
                    + "lease_until = ? WHERE consumer = ? AND (lease_owner IS NULL OR lease_owner = ? "
                    + "OR lease_until < ?)")) {
                ps.setString(1, node);
                Sql.setInstant(ps, 2, now.plus(lease));
                ps.setString(3, consumer);
                ps.setString(4, node);
                Sql.setInstant(ps, 5, now);
                if (ps.executeUpdate() == 0) {
                    return Optional.<Long>empty();
                }
            }
            return Rows.first(c, "SELECT last_read FROM ses_event_cursor WHERE consumer = ?",
                    ps -> ps.setString(1, consumer), rs -> rs.getLong(1));
        });
    }

    @Override
    public boolean moveCursor(String consumer, String node, long position, Instant now, Duration lease) {
        return tx.run("move the cursor of " + consumer, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_event_cursor SET last_read = ?, "
                    + "lease_until = ? WHERE consumer = ? AND lease_owner = ?")) {
                ps.setLong(1, position);
                Sql.setInstant(ps, 2, now.plus(lease));
                ps.setString(3, consumer);
                ps.setString(4, node);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void releaseCursor(String consumer, String node) {
        tx.run("release the cursor of " + consumer, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_event_cursor SET lease_owner = NULL, "
                    + "lease_until = NULL WHERE consumer = ? AND lease_owner = ?")) {
                ps.setString(1, consumer);
                ps.setString(2, node);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Long> cursor(String consumer) {
        return tx.run("read the cursor of " + consumer, c -> Rows.first(c,
                "SELECT last_read FROM ses_event_cursor WHERE consumer = ?", ps -> ps.setString(1, consumer),
                rs -> rs.getLong(1)));
    }

    @Override
    public int pruneBefore(Instant before, long throughSeq, int limit) {
        return tx.run("prune events before " + before, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ses_event WHERE seq IN (SELECT seq FROM "
                    + "ses_event WHERE occurred_at < ? AND seq <= ? ORDER BY seq LIMIT ?)")) {
                Sql.setInstant(ps, 1, before);
                ps.setLong(2, throughSeq);
                ps.setInt(3, limit);
                return ps.executeUpdate();
            }
        });
    }

    /** The WHERE clause of a filter over {@code ses_event e}, and what it binds, in order. */
    private static String where(EventFilter f, Collection<EventType> types, Optional<EventKey> after,
                                List<Object> args) {
        StringBuilder sql = new StringBuilder(" FROM ses_event e WHERE e.account = ? AND e.type");
        args.add(f.account());
        sql.append(types.size() == 1 ? " = ?" : " IN (" + String.join(", ", Collections.nCopies(types.size(), "?"))
                + ")");
        types.forEach(t -> args.add(t.name()));
        sql.append(" AND e.occurred_at >= ? AND e.occurred_at < ?");
        args.add(f.from());
        args.add(f.to());
        f.senderDomain().ifPresent(d -> {
            sql.append(" AND e.sender_domain = ?");
            args.add(d);
        });
        f.recipientDomain().ifPresent(d -> {
            sql.append(" AND e.recipient_domain = ?");
            args.add(d);
        });
        after.ifPresent(k -> {
            // The first bound is what the index range starts from; the second leaves out the key's own time's
            // events up to the key.
            sql.append(" AND e.occurred_at >= ? AND (e.occurred_at > ? OR e.seq > ?)");
            args.add(k.at());
            args.add(k.at());
            args.add(k.seq());
        });
        if (f.bySendTime()) {
            // A copy's send time is its QUEUED event's, found through the index of the copy.
            sql.append(" AND EXISTS (SELECT 1 FROM ses_event q WHERE q.delivery_id = e.delivery_id "
                    + "AND q.type = 'QUEUED' AND q.account = e.account");
            f.sentFrom().ifPresent(t -> {
                sql.append(" AND q.occurred_at >= ?");
                args.add(t);
            });
            f.sentTo().ifPresent(t -> {
                sql.append(" AND q.occurred_at < ?");
                args.add(t);
            });
            sql.append(')');
        }
        return sql.toString();
    }

    private static void bindAll(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Instant t) {
                Sql.setInstant(ps, i + 1, t);
            } else if (a instanceof Long n) {
                ps.setLong(i + 1, n);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }

    /**
     * One query per type, each read in the order of the index on (account, type, time, sequence), merged: a single
     * query over several types would have the database sort every event of the range for each page. The order names
     * the index's columns from the first (the account and type are fixed), which H2 needs to read the index in order
     * rather than sort.
     */
    @Override
    public List<LoggedEvent> find(EventFilter filter, Optional<EventKey> after, int limit) {
        return tx.run("list events", c -> {
            List<LoggedEvent> merged = new ArrayList<>();
            for (EventType type : new java.util.TreeSet<>(filter.types())) {
                List<Object> args = new ArrayList<>();
                String sql = "SELECT " + PREFIXED + where(filter, List.of(type), after, args)
                        + " ORDER BY e.account, e.type, e.occurred_at, e.seq LIMIT ?";
                args.add(limit);
                merged.addAll(Rows.list(c, sql, ps -> bindAll(ps, args), JdbcEvents::read));
            }
            if (filter.types().size() > 1) {
                merged.sort(java.util.Comparator.comparing((LoggedEvent e) -> e.event().at())
                        .thenComparingLong(LoggedEvent::seq));
            }
            return merged.size() > limit ? List.copyOf(merged.subList(0, limit)) : merged;
        });
    }

    @Override
    public Map<EventType, Long> count(EventFilter filter) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT e.type, COUNT(*) AS n" + where(filter, new java.util.TreeSet<>(filter.types()),
                Optional.empty(), args) + " GROUP BY e.type";
        return tx.run("count events", c -> {
            Map<EventType, Long> counts = new EnumMap<>(EventType.class);
            Rows.list(c, sql, ps -> bindAll(ps, args), rs -> {
                counts.put(EventType.valueOf(rs.getString(1)), rs.getLong(2));
                return 0;
            });
            return counts;
        });
    }
}
