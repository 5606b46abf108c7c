package dev.ses.store.jdbc.internal;

import dev.ses.core.BounceType;
import dev.ses.core.MessageState;
import dev.ses.core.Page;
import dev.ses.core.PageRequest;
import dev.ses.core.QueueCount;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageKey;
import dev.ses.core.spi.MessageQuery;
import dev.ses.core.spi.MessageRecord;
import dev.ses.core.spi.MessageRepository;
import dev.ses.core.spi.QueueDepth;
import dev.ses.core.spi.RunCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The queue in {@code ses_message}. Inserts and updates go in JDBC batches; a claim is one statement on PostgreSQL
 * ({@code FOR UPDATE SKIP LOCKED}) and two in one transaction on H2; the settle of a claim is one statement per
 * thousand rows on PostgreSQL and a JDBC batch on H2 (embedded, where a statement costs no round trip).
 */
public final class JdbcMessages implements MessageRepository {
    /** Rows per JDBC batch: large enough to amortise round trips, small enough to bound driver memory. */
    static final int BATCH = 1000;

    private static final List<String> COLUMN_LIST = List.of("id", "account", "request_id", "recipient", "variables",
            "state", "bounce_type", "attempts", "next_attempt_at", "lease_owner", "lease_until", "reply", "created_at",
            "updated_at", "delivered_at", "sender_domain", "template_id", "task_id", "run_id", "opened", "clicked",
            "unsubscribed", "complained", "first_attempt_at");
    private static final String COLUMNS = String.join(", ", COLUMN_LIST);
    private static final String INSERT = "INSERT INTO ses_message (" + String.join(", ", COLUMN_LIST.subList(1,
            COLUMN_LIST.size())) + ") VALUES (" + Stream.generate(() -> "?").limit(COLUMN_LIST.size() - 1)
            .collect(Collectors.joining(", ")) + ")";
    private static final String UPDATE = "UPDATE ses_message SET state = ?, bounce_type = ?, attempts = ?, "
            + "next_attempt_at = ?, lease_owner = ?, lease_until = ?, reply = ?, updated_at = ?, delivered_at = ?, "
            + "first_attempt_at = ?, opened = ?, clicked = ?, unsubscribed = ?, complained = ? WHERE id = ?";
    /** Settles a claimed row while that claim still holds it; the flags stay as stored. */
    private static final String SETTLE_CLAIMED = "UPDATE ses_message SET state = ?, bounce_type = ?, attempts = ?, "
            + "next_attempt_at = ?, lease_owner = ?, lease_until = ?, reply = ?, updated_at = ?, delivered_at = ?, "
            + "first_attempt_at = ? WHERE id = ? AND state = 'SENDING' AND lease_owner = ? AND lease_until = ?";
    /*
     * On PostgreSQL a chunk settles in one statement: the new values travel as one array per column, which unnest
     * turns back into rows, and RETURNING names the rows the fence let through. A JDBC batch of single-row UPDATEs
     * costs one statement execution per row on the server even when the driver pipelines them; this is one plan and
     * one pass. Instants travel as ISO text (what the driver has no array type for) and are cast in the statement.
     */
    private static final String SETTLE_CLAIMED_POSTGRESQL = "UPDATE ses_message m SET state = v.state, "
            + "bounce_type = v.bounce_type, attempts = v.attempts, next_attempt_at = v.next_attempt_at, "
            + "lease_owner = v.lease_owner, lease_until = v.lease_until, reply = v.reply, updated_at = v.updated_at, "
            + "delivered_at = v.delivered_at, first_attempt_at = v.first_attempt_at "
            + "FROM unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::integer[], ?::timestamptz[], ?::varchar[], "
            + "?::timestamptz[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[]) "
            + "AS v(id, state, bounce_type, attempts, next_attempt_at, lease_owner, lease_until, reply, updated_at, "
            + "delivered_at, first_attempt_at) "
            + "WHERE m.id = v.id AND m.state = 'SENDING' AND m.lease_owner = ? AND m.lease_until = ? RETURNING m.id";
    private static final String ADD_FLAGS = "UPDATE ses_message SET opened = opened OR ?, clicked = clicked OR ?, "
            + "unsubscribed = unsubscribed OR ?, complained = complained OR ?, updated_at = ? WHERE id = ?";
    private static final String CLAIM_POSTGRESQL = "WITH due AS MATERIALIZED (SELECT id FROM ses_message "
            + "WHERE due_at <= ? ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED) "
            + "UPDATE ses_message m SET state = 'SENDING', lease_owner = ?, lease_until = ?, updated_at = ? "
            + "FROM due WHERE m.id = due.id RETURNING "
            + COLUMN_LIST.stream().map(c -> "m." + c).collect(Collectors.joining(", "));
    /*
     * H2 applies LIMIT before it skips locked rows, so with SKIP LOCKED a claimer can come back empty while due rows
     * remain; and FOR UPDATE spins on the rows another transaction has inserted and not committed yet (a task run
     * being queued), burning a core while that transaction still writes. So on H2 claims take turns on a lock of
     * this JVM (H2 files are opened by one process), read the due rows as committed, and the UPDATE checks again
     * that each row is still due.
     */
    private static final String LOCK_H2 =
            "SELECT id FROM ses_message WHERE due_at <= ? ORDER BY due_at, id LIMIT ?";
    private static final String CLAIM_H2 = "SELECT " + COLUMNS + " FROM FINAL TABLE (UPDATE ses_message "
            + "SET state = 'SENDING', lease_owner = ?, lease_until = ?, updated_at = ? WHERE id = ANY(?) "
            + "AND due_at <= ?)";
    private static final Comparator<MessageRecord> CLAIM_ORDER =
            Comparator.comparing(MessageRecord::nextAttemptAt).thenComparingLong(MessageRecord::id);

    private final Transactions tx;
    private final java.util.concurrent.locks.ReentrantLock h2Claims = new java.util.concurrent.locks.ReentrantLock();

    public JdbcMessages(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public List<MessageRecord> insertAll(List<MessageRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        return tx.atomic("insert messages", c -> {
            List<MessageRecord> stored = new ArrayList<>(records.size());
            try (PreparedStatement ps = c.prepareStatement(INSERT, tx.dialect().idColumn())) {
                for (int from = 0; from < records.size(); from += BATCH) {
                    List<MessageRecord> chunk = records.subList(from, Math.min(records.size(), from + BATCH));
                    for (MessageRecord m : chunk) {
                        bindInsert(ps, m);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    List<Long> ids = Rows.generatedIds(ps);
                    if (ids.size() != chunk.size()) {
                        throw new SQLException("the driver returned " + ids.size() + " ids for " + chunk.size()
                                + " rows");
                    }
                    for (int i = 0; i < chunk.size(); i++) {
                        stored.add(normalized(chunk.get(i).withId(ids.get(i))));
                    }
                }
            }
            DueWork.announce(tx, c);
            return stored;
        });
    }

    private static void bindInsert(PreparedStatement ps, MessageRecord m) throws SQLException {
        ps.setString(1, m.account());
        ps.setString(2, m.requestId());
        ps.setString(3, m.recipient());
        ps.setString(4, Json.ofMap(m.variables()));
        ps.setString(5, m.state().name());
        Sql.setString(ps, 6, m.bounceType().map(Enum::name));
        ps.setInt(7, m.attempts());
        Sql.setInstant(ps, 8, m.nextAttemptAt());
        Sql.setString(ps, 9, m.leaseOwner());
        Sql.setInstant(ps, 10, m.leaseUntil());
        Sql.setString(ps, 11, m.reply());
        Sql.setInstant(ps, 12, m.createdAt());
        Sql.setInstant(ps, 13, m.updatedAt());
        Sql.setInstant(ps, 14, m.deliveredAt());
        ps.setString(15, m.senderDomain());
        ps.setLong(16, m.templateId());
        Sql.setLong(ps, 17, m.taskId());
        Sql.setLong(ps, 18, m.runId());
        ps.setBoolean(19, m.flags().opened());
        ps.setBoolean(20, m.flags().clicked());
        ps.setBoolean(21, m.flags().unsubscribed());
        ps.setBoolean(22, m.flags().complained());
        Sql.setInstant(ps, 23, m.firstAttemptAt());
    }

    /** The record as it reads back: instants to the microsecond. */
    private static MessageRecord normalized(MessageRecord m) {
        return new MessageRecord(m.id(), m.account(), m.requestId(), m.recipient(), m.variables(), m.state(),
                m.bounceType(), m.attempts(), m.firstAttemptAt().map(Sql::micros), Sql.micros(m.nextAttemptAt()),
                m.leaseOwner(), m.leaseUntil().map(Sql::micros), m.reply(), Sql.micros(m.createdAt()),
                Sql.micros(m.updatedAt()), m.deliveredAt().map(Sql::micros), m.senderDomain(), m.templateId(),
                m.taskId(), m.runId(), m.flags());
    }

    private static final String ENQUEUE_GROUP = "INSERT INTO ses_message (" + String.join(", ",
            COLUMN_LIST.subList(1, COLUMN_LIST.size())) + ") SELECT ?, ?, email, variables, 'QUEUED', NULL, 0, ?, "
            + "NULL, NULL, NULL, ?, ?, NULL, ?, ?, ?, ?, FALSE, FALSE, FALSE, FALSE, NULL FROM ses_group_member "
            + "WHERE group_id = ? ORDER BY id";

    /**
     * Queues one message per member of a group in one {@code INSERT ... SELECT}: the members' addresses and
     * variables (stored in the same JSON form) never leave the database.
     *
     * @return how many messages were queued
     */
    public long enqueueGroup(MailRequest request, long groupId, Instant now) {
        return tx.atomic("queue a group", c -> {
            try (PreparedStatement ps = c.prepareStatement(ENQUEUE_GROUP)) {
                ps.setString(1, request.account());
                ps.setString(2, request.id());
                Sql.setInstant(ps, 3, now);
                Sql.setInstant(ps, 4, now);
                Sql.setInstant(ps, 5, now);
                ps.setString(6, request.senderDomain());
                ps.setLong(7, request.templateId());
                Sql.setLong(ps, 8, request.taskId());
                Sql.setLong(ps, 9, request.runId());
                ps.setLong(10, groupId);
                long queued = ps.executeUpdate();
                DueWork.announce(tx, c);
                return queued;
            }
        });
    }

    @Override
    public List<MessageRecord> claim(String node, int max, Instant now, Duration lease) {
        if (max <= 0) {
            return List.of();
        }
        Instant until = now.plus(lease);
        List<MessageRecord> claimed = tx.dialect() == Dialect.POSTGRESQL
                ? tx.run("claim messages", c -> claimPostgresql(c, node, max, now, until))
                : claimH2Serialised(node, max, now, until);
        List<MessageRecord> sorted = new ArrayList<>(claimed);
        sorted.sort(CLAIM_ORDER);
        return sorted;
    }

    private static List<MessageRecord> claimPostgresql(Connection c, String node, int max, Instant now,
                                                       Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CLAIM_POSTGRESQL)) {
            Sql.setInstant(ps, 1, now);
            ps.setInt(2, max);
            ps.setString(3, node);
            Sql.setInstant(ps, 4, until);
            Sql.setInstant(ps, 5, now);
            return Rows.read(ps.executeQuery(), JdbcMessages::message);
        }
    }

    /** Claims on H2 take turns on a lock of this JVM; see {@link #LOCK_H2}. */
    private List<MessageRecord> claimH2Serialised(String node, int max, Instant now, Instant until) {
        h2Claims.lock();
        try {
            return tx.atomic("claim messages", c -> claimH2(c, node, max, now, until));
        } finally {
            h2Claims.unlock();
        }
    }

    private static List<MessageRecord> claimH2(Connection c, String node, int max, Instant now, Instant until)
            throws SQLException {
        List<Long> ids = Rows.list(c, LOCK_H2, ps -> {
            Sql.setInstant(ps, 1, now);
            ps.setInt(2, max);
        }, rs -> rs.getLong(1));
        if (ids.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement(CLAIM_H2)) {
            ps.setString(1, node);
            Sql.setInstant(ps, 2, until);
            Sql.setInstant(ps, 3, now);
            ps.setArray(4, c.createArrayOf("BIGINT", ids.toArray()));
            Sql.setInstant(ps, 5, now);
            return Rows.read(ps.executeQuery(), JdbcMessages::message);
        }
    }

    @Override
    public void updateAll(List<MessageRecord> records) {
        write("update messages", UPDATE, records, (ps, m) -> {
            int i = bindState(ps, m);
            ps.setBoolean(i++, m.flags().opened());
            ps.setBoolean(i++, m.flags().clicked());
            ps.setBoolean(i++, m.flags().unsubscribed());
            ps.setBoolean(i++, m.flags().complained());
            ps.setLong(i, m.id());
        });
    }

    @Override
    public Set<Long> updateClaimed(String node, Instant leaseUntil, List<MessageRecord> records) {
        if (tx.dialect() == Dialect.POSTGRESQL) {
            return updateClaimedPostgresql(node, leaseUntil, records);
        }
        int[] counts = write("settle claimed messages", SETTLE_CLAIMED, records, (ps, m) -> {
            int i = bindState(ps, m);
            ps.setLong(i++, m.id());
            ps.setString(i++, node);
            Sql.setInstant(ps, i, leaseUntil);
        });
        Set<Long> superseded = new HashSet<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                superseded.add(records.get(i).id());
            }
        }
        return superseded;
    }

    /** {@link #SETTLE_CLAIMED_POSTGRESQL}, one statement per {@link #BATCH} records. */
    private Set<Long> updateClaimedPostgresql(String node, Instant leaseUntil, List<MessageRecord> records) {
        if (records.isEmpty()) {
            return Set.of();
        }
        return tx.atomic("settle claimed messages", c -> {
            Set<Long> superseded = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(SETTLE_CLAIMED_POSTGRESQL)) {
                for (int from = 0; from < records.size(); from += BATCH) {
                    List<MessageRecord> chunk = records.subList(from, Math.min(records.size(), from + BATCH));
                    int n = chunk.size();
                    Long[] ids = new Long[n];
                    String[] states = new String[n];
                    String[] bounces = new String[n];
                    Integer[] attempts = new Integer[n];
                    String[] nextAttempts = new String[n];
                    String[] owners = new String[n];
                    String[] leases = new String[n];
                    String[] replies = new String[n];
                    String[] updated = new String[n];
                    String[] delivered = new String[n];
                    String[] firstAttempts = new String[n];
                    for (int i = 0; i < n; i++) {
                        MessageRecord m = chunk.get(i);
                        ids[i] = m.id();
                        states[i] = m.state().name();
                        bounces[i] = m.bounceType().map(Enum::name).orElse(null);
                        attempts[i] = m.attempts();
                        nextAttempts[i] = text(m.nextAttemptAt());
                        owners[i] = m.leaseOwner().orElse(null);
                        leases[i] = m.leaseUntil().map(JdbcMessages::text).orElse(null);
                        replies[i] = m.reply().orElse(null);
                        updated[i] = text(m.updatedAt());
                        delivered[i] = m.deliveredAt().map(JdbcMessages::text).orElse(null);
                        firstAttempts[i] = m.firstAttemptAt().map(JdbcMessages::text).orElse(null);
                        superseded.add(m.id());
                    }
                    ps.setArray(1, c.createArrayOf("bigint", ids));
                    ps.setArray(2, c.createArrayOf("varchar", states));
                    ps.setArray(3, c.createArrayOf("varchar", bounces));
                    ps.setArray(4, c.createArrayOf("integer", attempts));
                    ps.setArray(5, c.createArrayOf("text", nextAttempts));
                    ps.setArray(6, c.createArrayOf("varchar", owners));
                    ps.setArray(7, c.createArrayOf("text", leases));
                    ps.setArray(8, c.createArrayOf("text", replies));
                    ps.setArray(9, c.createArrayOf("text", updated));
                    ps.setArray(10, c.createArrayOf("text", delivered));
                    ps.setArray(11, c.createArrayOf("text", firstAttempts));
                    ps.setString(12, node);
                    Sql.setInstant(ps, 13, leaseUntil);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            superseded.remove(rs.getLong(1));
                        }
                    }
                }
            }
            return superseded;
        });
    }

    /** An instant as PostgreSQL reads a {@code timestamptz} from text, to the microsecond. */
    private static String text(Instant instant) {
        return Sql.micros(instant).toString();
    }

    @Override
    public void addFlags(long id, MessageRecord.Flags flags, Instant at) {
        tx.atomic("flag message " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(ADD_FLAGS)) {
                ps.setBoolean(1, flags.opened());
                ps.setBoolean(2, flags.clicked());
                ps.setBoolean(3, flags.unsubscribed());
                ps.setBoolean(4, flags.complained());
                Sql.setInstant(ps, 5, at);
                ps.setLong(6, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Binds the state columns shared by {@link #UPDATE} and {@link #SETTLE_CLAIMED}; returns the next index. */
    private static int bindState(PreparedStatement ps, MessageRecord m) throws SQLException {
        ps.setString(1, m.state().name());
        Sql.setString(ps, 2, m.bounceType().map(Enum::name));
        ps.setInt(3, m.attempts());
        Sql.setInstant(ps, 4, m.nextAttemptAt());
        Sql.setString(ps, 5, m.leaseOwner());
        Sql.setInstant(ps, 6, m.leaseUntil());
        Sql.setString(ps, 7, m.reply());
        Sql.setInstant(ps, 8, m.updatedAt());
        Sql.setInstant(ps, 9, m.deliveredAt());
        Sql.setInstant(ps, 10, m.firstAttemptAt());
        return 11;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps, MessageRecord m) throws SQLException;
    }

    /** Runs {@code sql} with what {@code binder} binds for each record, in batches; the update counts, in order. */
    private int[] write(String what, String sql, List<MessageRecord> records, Binder binder) {
        if (records.isEmpty()) {
            return new int[0];
        }
        return tx.atomic(what, c -> {
            int[] counts = new int[records.size()];
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int from = 0; from < records.size(); from += BATCH) {
                    for (MessageRecord m : records.subList(from, Math.min(records.size(), from + BATCH))) {
                        binder.bind(ps, m);
                        ps.addBatch();
                    }
                    int[] batch = ps.executeBatch();
                    System.arraycopy(batch, 0, counts, from, batch.length);
                }
            }
            return counts;
        });
    }

    @Override
    public Optional<MessageRecord> get(long id) {
        return tx.run("read message " + id, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_message WHERE id = ?", ps -> ps.setLong(1, id),
                JdbcMessages::message));
    }

    @Override
    public Optional<MessageRecord> get(String account, long id) {
        return tx.run("read message " + id, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_message WHERE id = ? AND account = ?", ps -> {
                    ps.setLong(1, id);
                    ps.setString(2, account);
                }, JdbcMessages::message));
    }

    @Override
    public List<MessageRecord> byRequest(String account, String requestId) {
        return tx.run("read messages of request " + requestId, c -> Rows.list(c,
                "SELECT " + COLUMNS + " FROM ses_message WHERE request_id = ? AND account = ? ORDER BY id", ps -> {
                    ps.setString(1, requestId);
                    ps.setString(2, account);
                }, JdbcMessages::message));
    }

    @Override
    public List<MessageRecord> byRequestAndRecipient(String account, String requestId, String recipient) {
        return tx.run("read messages of request " + requestId, c -> Rows.list(c,
                "SELECT " + COLUMNS + " FROM ses_message WHERE request_id = ? AND account = ? "
                        + "AND recipient_lc = LOWER(?) ORDER BY id", ps -> {
                    ps.setString(1, requestId);
                    ps.setString(2, account);
                    ps.setString(3, recipient);
                }, JdbcMessages::message));
    }

    @Override
    public Page<MessageRecord> find(String account, MessageQuery q, PageRequest page) {
        StringBuilder where = new StringBuilder(" FROM ses_message WHERE account = ? AND created_at >= ? "
                + "AND created_at < ?");
        q.recipient().ifPresent(r -> where.append(" AND recipient_lc = LOWER(?)"));
        q.state().ifPresent(s -> where.append(" AND state = ?"));
        q.taskId().ifPresent(t -> where.append(" AND task_id = ?"));
        Rows.Binder binder = ps -> {
            int i = 1;
            ps.setString(i++, account);
            Sql.setInstant(ps, i++, q.from());
            Sql.setInstant(ps, i++, q.to());
            if (q.recipient().isPresent()) {
                ps.setString(i++, q.recipient().get());
            }
            if (q.state().isPresent()) {
                ps.setString(i++, q.state().get().name());
            }
            if (q.taskId().isPresent()) {
                ps.setLong(i, q.taskId().get());
            }
        };
        return tx.run("find messages", c -> {
            long total = Rows.first(c, "SELECT COUNT(*)" + where, binder, rs -> rs.getLong(1)).orElse(0L);
            if (total <= page.offset()) {
                return new Page<>(List.of(), page.offset(), total);
            }
            List<MessageRecord> items = Rows.list(c, "SELECT " + COLUMNS + where
                    + " ORDER BY created_at DESC, id DESC LIMIT " + page.limit() + " OFFSET " + page.offset(),
                    binder, JdbcMessages::message);
            return new Page<>(items, page.offset(), total);
        });
    }

    @Override
    public List<MessageRecord> byRun(long runId, long afterId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return tx.run("read messages of run " + runId, c -> Rows.list(c,
                "SELECT " + COLUMNS + " FROM ses_message WHERE run_id = ? AND id > ? ORDER BY id LIMIT ?", ps -> {
                    ps.setLong(1, runId);
                    ps.setLong(2, afterId);
                    ps.setInt(3, limit);
                }, JdbcMessages::message));
    }

    @Override
    public RunCounts countRun(long runId, Instant now) {
        return tx.run("count messages of run " + runId, c -> {
            Map<MessageState, Long> byState = new EnumMap<>(MessageState.class);
            long[] waiting = {0};
            Rows.list(c, "SELECT state, COUNT(*) AS n, SUM(CASE WHEN state = 'QUEUED' AND next_attempt_at > ? "
                    + "THEN 1 ELSE 0 END) AS waiting FROM ses_message WHERE run_id = ? GROUP BY state", ps -> {
                        Sql.setInstant(ps, 1, now);
                        ps.setLong(2, runId);
                    }, rs -> {
                        byState.put(MessageState.valueOf(rs.getString("state")), rs.getLong("n"));
                        waiting[0] += rs.getLong("waiting");
                        return null;
                    });
            return new RunCounts(byState, waiting[0]);
        });
    }

    @Override
    public int rescheduleRun(long runId, Instant at) {
        return tx.atomic("reschedule run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_message SET next_attempt_at = ? "
                    + "WHERE run_id = ? AND state IN ('QUEUED', 'DEFERRED')")) {
                Sql.setInstant(ps, 1, at);
                ps.setLong(2, runId);
                int moved = ps.executeUpdate();
                DueWork.announce(tx, c);
                return moved;
            }
        });
    }

    @Override
    public int cancelRun(long runId, String reason, Instant now) {
        return tx.run("cancel run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_message SET state = 'CANCELLED', "
                    + "bounce_type = NULL, lease_owner = NULL, lease_until = NULL, reply = ?, updated_at = ? "
                    + "WHERE run_id = ? AND state IN ('QUEUED', 'DEFERRED')")) {
                ps.setString(1, reason);
                Sql.setInstant(ps, 2, now);
                ps.setLong(3, runId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public QueueDepth depth() {
        return tx.run("count unsettled messages", c -> {
            long[] counts = new long[3];
            Instant[] oldest = new Instant[1];
            Rows.list(c, "SELECT state, COUNT(*) AS n, MIN(created_at) AS oldest FROM ses_message "
                    + "WHERE due_at IS NOT NULL GROUP BY state", ps -> { }, rs -> {
                        long n = rs.getLong("n");
                        switch (MessageState.valueOf(rs.getString("state"))) {
                            case QUEUED -> {
                                counts[0] = n;
                                oldest[0] = Sql.optionalInstant(rs, "oldest").orElse(null);
                            }
                            case DEFERRED -> counts[1] = n;
                            case SENDING -> counts[2] = n;
                            default -> { }
                        }
                        return n;
                    });
            return new QueueDepth(counts[0], counts[1], counts[2], Optional.ofNullable(oldest[0]));
        });
    }

    @Override
    public Optional<Instant> nextDue() {
        return tx.run("read next due message", c -> Rows.first(c,
                "SELECT MIN(due_at) AS due_at FROM ses_message WHERE due_at IS NOT NULL", ps -> { },
                rs -> Sql.optionalInstant(rs, "due_at")).flatMap(d -> d));
    }

    static MessageRecord message(ResultSet rs) throws SQLException {
        String bounce = rs.getString("bounce_type");
        return new MessageRecord(rs.getLong("id"), rs.getString("account"), rs.getString("request_id"),
                rs.getString("recipient"), Json.toMap(rs.getString("variables")),
                MessageState.valueOf(rs.getString("state")),
                bounce == null ? Optional.empty() : Optional.of(BounceType.valueOf(bounce)), rs.getInt("attempts"),
                Sql.optionalInstant(rs, "first_attempt_at"), Sql.instant(rs, "next_attempt_at"),
                Sql.optionalString(rs, "lease_owner"), Sql.optionalInstant(rs, "lease_until"),
                Sql.optionalString(rs, "reply"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"),
                Sql.optionalInstant(rs, "delivered_at"),
                rs.getString("sender_domain"), rs.getLong("template_id"), Sql.optionalLong(rs, "task_id"),
                Sql.optionalLong(rs, "run_id"), new MessageRecord.Flags(rs.getBoolean("opened"),
                rs.getBoolean("clicked"), rs.getBoolean("unsubscribed"), rs.getBoolean("complained")));
    }

    @Override
    public List<MessageRecord> findAfter(String account, MessageQuery q, Optional<MessageKey> after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM ses_message WHERE account = ? "
                + "AND created_at >= ? AND created_at < ?");
        q.recipient().ifPresent(r -> sql.append(" AND recipient_lc = LOWER(?)"));
        q.state().ifPresent(s -> sql.append(" AND state = ?"));
        q.taskId().ifPresent(t -> sql.append(" AND task_id = ?"));
        after.ifPresent(k -> sql.append(" AND created_at <= ? AND (created_at < ? OR id < ?)"));
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        return tx.run("list messages", c -> Rows.list(c, sql.toString(), ps -> {
            int i = 1;
            ps.setString(i++, account);
            Sql.setInstant(ps, i++, q.from());
            Sql.setInstant(ps, i++, q.to());
            if (q.recipient().isPresent()) {
                ps.setString(i++, q.recipient().get());
            }
            if (q.state().isPresent()) {
                ps.setString(i++, q.state().get().name());
            }
            if (q.taskId().isPresent()) {
                ps.setLong(i++, q.taskId().get());
            }
            if (after.isPresent()) {
                Sql.setInstant(ps, i++, after.get().createdAt());
                Sql.setInstant(ps, i++, after.get().createdAt());
                ps.setLong(i++, after.get().id());
            }
            ps.setInt(i, limit);
        }, JdbcMessages::message));
    }

    @Override
    public List<QueueCount> queueCounts(String account, Instant now) {
        String recipientDomain = "LOWER(SUBSTRING(recipient FROM POSITION('@' IN recipient) + 1))";
        return tx.run("count the queue of " + account, c -> Rows.list(c, "SELECT sender_domain, " + recipientDomain
                + " AS recipient_domain, SUM(CASE WHEN state = 'QUEUED' THEN 1 ELSE 0 END) AS queued, "
                + "SUM(CASE WHEN state = 'SENDING' THEN 1 ELSE 0 END) AS sending, "
                + "SUM(CASE WHEN state = 'DEFERRED' THEN 1 ELSE 0 END) AS deferred, "
                + "MIN(CASE WHEN state = 'DEFERRED' THEN next_attempt_at END) AS next_attempt, "
                + "SUM(CASE WHEN state = 'QUEUED' AND next_attempt_at > ? AND reply LIKE ? THEN 1 ELSE 0 END) AS held "
                + "FROM ses_message WHERE account = ? AND state IN ('QUEUED', 'SENDING', 'DEFERRED') "
                + "GROUP BY sender_domain, " + recipientDomain + " ORDER BY sender_domain, recipient_domain", ps -> {
                    Sql.setInstant(ps, 1, now);
                    ps.setString(2, QueueCount.QUOTA_HOLD.replace("%", "\\%").replace("_", "\\_") + "%");
                    ps.setString(3, account);
                }, rs -> new QueueCount(rs.getString("sender_domain"), rs.getString("recipient_domain"),
                        rs.getLong("queued"), rs.getLong("sending"), rs.getLong("deferred"),
                        Sql.optionalInstant(rs, "next_attempt"), rs.getLong("held"))));
    }
}
