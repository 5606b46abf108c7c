package dev.ses.store.jdbc.internal;

import dev.ses.core.CallbackAddress;
import dev.ses.core.CallbackAttempt;
import dev.ses.core.CallbackDeliveryState;
import dev.ses.core.CallbackEvent;
import dev.ses.core.spi.CallbackDeliveryRecord;
import dev.ses.core.spi.CallbackRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Callback addresses in {@code ses_callback_address}, their deliveries in {@code ses_callback_delivery} and the
 * attempts in {@code ses_callback_attempt}. A claim is one statement on PostgreSQL ({@code FOR UPDATE SKIP
 * LOCKED}); on H2, whose database belongs to one JVM, claims take turns on a lock of this JVM, read the due rows as
 * committed, and the update checks again that each is still due and unleased.
 */
public final class JdbcCallbacks implements CallbackRepository {
    private static final int BATCH = 500;
    private static final String ADDRESS_COLUMNS = "id, account, sender_address, url, events, secret, "
            + "previous_secret, previous_until, failures_since, failing_since, created_at";
    private static final List<String> DELIVERY_LIST = List.of("id", "address_id", "account", "event_seq",
            "webhook_id", "event", "event_at", "body", "state", "attempts", "next_attempt_at", "lease_owner",
            "lease_until");
    private static final String DELIVERY_COLUMNS = String.join(", ", DELIVERY_LIST);
    private static final String INSERT_DELIVERY = "INSERT INTO ses_callback_delivery (address_id, account, "
            + "event_seq, webhook_id, event, event_at, body, state, attempts, next_attempt_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String DUE = "state = 'PENDING' AND next_attempt_at <= ? "
            + "AND (lease_until IS NULL OR lease_until < ?)";
    private static final String CLAIM_POSTGRESQL = "WITH due AS MATERIALIZED (SELECT id FROM ses_callback_delivery "
            + "WHERE address_id = ? AND " + DUE + " ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED) "
            + "UPDATE ses_callback_delivery d SET lease_owner = ?, lease_until = ? FROM due WHERE d.id = due.id "
            + "RETURNING " + DELIVERY_LIST.stream().map(c -> "d." + c).collect(Collectors.joining(", "));

    private final Transactions tx;
    private final java.util.concurrent.locks.ReentrantLock h2Claims = new java.util.concurrent.locks.ReentrantLock();

    public JdbcCallbacks(Transactions tx) {
        this.tx = tx;
    }

    // --- addresses ---

    @Override
    public CallbackAddress saveAddress(CallbackAddress a) {
        String scope = a.senderAddress().orElse("");
        String taken = Sql.taken("callback address", a.senderAddress().orElse("(account)"), a.account());
        return tx.insert("save callback address " + a.url(), taken, c -> {
            if (a.id() == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_callback_address (account, "
                        + "sender_address, url, events, secret, previous_secret, previous_until, failures_since, "
                        + "failing_since, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", tx.dialect().idColumn())) {
                    ps.setString(1, a.account());
                    ps.setString(2, scope);
                    bindAddress(ps, a, 3);
                    Sql.setInstant(ps, 10, a.createdAt());
                    ps.executeUpdate();
                    return read(a.withId(Rows.generatedId(ps)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_callback_address SET url = ?, events = ?, "
                    + "secret = ?, previous_secret = ?, previous_until = ?, failures_since = ?, failing_since = ? "
                    + "WHERE id = ? AND account = ?")) {
                bindAddress(ps, a, 1);
                ps.setLong(8, a.id());
                ps.setString(9, a.account());
                ps.executeUpdate();
                return read(a);
            }
        });
    }

    /** The address as it reads back: instants to the microsecond. */
    private static CallbackAddress read(CallbackAddress a) {
        return new CallbackAddress(a.id(), a.account(), a.senderAddress(), a.url(), a.events(), a.secret(),
                a.previousSecret(), a.previousSecretUntil().map(Sql::micros), a.failuresSince().map(Sql::micros),
                a.failingSince().map(Sql::micros), Sql.micros(a.createdAt()));
    }

    private static void bindAddress(PreparedStatement ps, CallbackAddress a, int from) throws SQLException {
        ps.setString(from, a.url());
        ps.setString(from + 1, a.events().stream().sorted().map(Enum::name).collect(Collectors.joining(",")));
        ps.setString(from + 2, a.secret());
        Sql.setString(ps, from + 3, a.previousSecret());
        Sql.setInstant(ps, from + 4, a.previousSecretUntil());
        Sql.setInstant(ps, from + 5, a.failuresSince());
        Sql.setInstant(ps, from + 6, a.failingSince());
    }

    private static CallbackAddress address(ResultSet rs) throws SQLException {
        String scope = rs.getString("sender_address");
        Set<CallbackEvent> events = EnumSet.noneOf(CallbackEvent.class);
        for (String e : rs.getString("events").split(",")) {
            events.add(CallbackEvent.valueOf(e));
        }
        return new CallbackAddress(rs.getLong("id"), rs.getString("account"),
                scope.isEmpty() ? Optional.empty() : Optional.of(scope), rs.getString("url"), events,
                rs.getString("secret"), Sql.optionalString(rs, "previous_secret"),
                Sql.optionalInstant(rs, "previous_until"), Sql.optionalInstant(rs, "failures_since"),
                Sql.optionalInstant(rs, "failing_since"), Sql.instant(rs, "created_at"));
    }

    @Override
    public Optional<CallbackAddress> address(String account, long id) {
        return tx.run("read callback address " + id, c -> Rows.first(c, "SELECT " + ADDRESS_COLUMNS
                + " FROM ses_callback_address WHERE id = ? AND account = ?", ps -> {
                    ps.setLong(1, id);
                    ps.setString(2, account);
                }, JdbcCallbacks::address));
    }

    @Override
    public Optional<CallbackAddress> address(long id) {
        return tx.run("read callback address " + id, c -> Rows.first(c, "SELECT " + ADDRESS_COLUMNS
                + " FROM ses_callback_address WHERE id = ?", ps -> ps.setLong(1, id), JdbcCallbacks::address));
    }

    @Override
    public Optional<CallbackAddress> addressFor(String account, Optional<String> senderAddress) {
        return tx.run("read the callback address of " + senderAddress.orElse("account " + account), c -> Rows.first(c,
                "SELECT " + ADDRESS_COLUMNS + " FROM ses_callback_address WHERE account = ? AND sender_address = ?",
                ps -> {
                    ps.setString(1, account);
                    ps.setString(2, senderAddress.orElse(""));
                }, JdbcCallbacks::address));
    }

    @Override
    public List<CallbackAddress> addresses(String account) {
        return tx.run("list callback addresses", c -> Rows.list(c, "SELECT " + ADDRESS_COLUMNS
                + " FROM ses_callback_address WHERE account = ? ORDER BY sender_address",
                ps -> ps.setString(1, account), JdbcCallbacks::address));
    }

    @Override
    public List<CallbackAddress> failing() {
        return tx.run("list failing callback addresses", c -> Rows.list(c, "SELECT " + ADDRESS_COLUMNS
                + " FROM ses_callback_address WHERE failing_since IS NOT NULL ORDER BY id", ps -> { },
                JdbcCallbacks::address));
    }

    @Override
    public boolean deleteAddress(String account, long id) {
        return tx.atomic("delete callback address " + id, c -> {
            if (Rows.first(c, "SELECT id FROM ses_callback_address WHERE id = ? AND account = ?", ps -> {
                ps.setLong(1, id);
                ps.setString(2, account);
            }, rs -> rs.getLong(1)).isEmpty()) {
                return false;
            }
            update(c, "DELETE FROM ses_callback_attempt WHERE delivery_id IN (SELECT id FROM ses_callback_delivery "
                    + "WHERE address_id = ?)", id);
            update(c, "DELETE FROM ses_callback_delivery WHERE address_id = ?", id);
            update(c, "DELETE FROM ses_callback_address WHERE id = ?", id);
            return true;
        });
    }

    private static int update(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            return ps.executeUpdate();
        }
    }

    // --- deliveries ---

    @Override
    public int enqueue(List<CallbackDeliveryRecord> deliveries) {
        if (deliveries.isEmpty()) {
            return 0;
        }
        return tx.atomic("queue " + deliveries.size() + " callback deliveries", c -> insertMissing(c, deliveries));
    }

    /** Inserts the deliveries whose (address, event) the table lacks; returns how many. */
    private int insertMissing(Connection c, List<CallbackDeliveryRecord> deliveries) throws SQLException {
        String sql = tx.dialect() == Dialect.POSTGRESQL
                ? INSERT_DELIVERY + " ON CONFLICT (address_id, event_seq) DO NOTHING"
                : "INSERT INTO ses_callback_delivery (address_id, account, event_seq, webhook_id, event, event_at, "
                        + "body, state, attempts, next_attempt_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM DUAL "
                        + "WHERE NOT EXISTS (SELECT 1 FROM ses_callback_delivery WHERE address_id = ? "
                        + "AND event_seq = ?)";
        int added = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int from = 0; from < deliveries.size(); from += BATCH) {
                for (CallbackDeliveryRecord d : deliveries.subList(from, Math.min(deliveries.size(), from + BATCH))) {
                    bindDelivery(ps, d);
                    if (tx.dialect() != Dialect.POSTGRESQL) {
                        ps.setLong(11, d.addressId());
                        ps.setLong(12, d.eventSeq());
                    }
                    ps.addBatch();
                }
                for (int n : ps.executeBatch()) {
                    added += n == Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, n);
                }
            }
        }
        return added;
    }

    private static void bindDelivery(PreparedStatement ps, CallbackDeliveryRecord d) throws SQLException {
        ps.setLong(1, d.addressId());
        ps.setString(2, d.account());
        ps.setLong(3, d.eventSeq());
        ps.setString(4, d.webhookId());
        ps.setString(5, d.event().name());
        Sql.setInstant(ps, 6, d.eventAt());
        ps.setString(7, d.body());
        ps.setString(8, d.state().name());
        ps.setInt(9, d.attempts());
        Sql.setInstant(ps, 10, d.nextAttemptAt());
    }

    @Override
    public int enqueueAgain(List<CallbackDeliveryRecord> deliveries) {
        if (deliveries.isEmpty()) {
            return 0;
        }
        return tx.atomic("queue " + deliveries.size() + " callback deliveries again", c -> {
            List<CallbackDeliveryRecord> missing = new ArrayList<>();
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_callback_delivery SET state = 'PENDING', "
                    + "attempts = 0, next_attempt_at = ? WHERE address_id = ? AND event_seq = ?")) {
                for (CallbackDeliveryRecord d : deliveries) {
                    Sql.setInstant(ps, 1, d.nextAttemptAt());
                    ps.setLong(2, d.addressId());
                    ps.setLong(3, d.eventSeq());
                    if (ps.executeUpdate() == 0) {
                        missing.add(d);
                    } else {
                        n++;
                    }
                }
            }
            return n + insertMissing(c, missing);
        });
    }

    @Override
    public List<Long> dueAddresses(Instant now, int limit) {
        return tx.run("find callback addresses with due deliveries", c -> Rows.list(c,
                "SELECT DISTINCT address_id FROM ses_callback_delivery WHERE " + DUE + " LIMIT ?", ps -> {
                    Sql.setInstant(ps, 1, now);
                    Sql.setInstant(ps, 2, now);
                    ps.setInt(3, limit);
                }, rs -> rs.getLong(1)));
    }

    @Override
    public List<CallbackDeliveryRecord> claim(long addressId, String node, int max, Instant now, Duration lease) {
        Instant until = now.plus(lease);
        if (tx.dialect() == Dialect.POSTGRESQL) {
            return tx.atomic("claim callback deliveries", c -> sorted(Rows.list(c, CLAIM_POSTGRESQL, ps -> {
                ps.setLong(1, addressId);
                Sql.setInstant(ps, 2, now);
                Sql.setInstant(ps, 3, now);
                ps.setInt(4, max);
                ps.setString(5, node);
                Sql.setInstant(ps, 6, until);
            }, JdbcCallbacks::delivery)));
        }
        h2Claims.lock();
        try {
            return tx.atomic("claim callback deliveries", c -> {
                List<Long> ids = Rows.list(c, "SELECT id FROM ses_callback_delivery WHERE address_id = ? AND " + DUE
                        + " ORDER BY next_attempt_at, id LIMIT ?", ps -> {
                            ps.setLong(1, addressId);
                            Sql.setInstant(ps, 2, now);
                            Sql.setInstant(ps, 3, now);
                            ps.setInt(4, max);
                        }, rs -> rs.getLong(1));
                if (ids.isEmpty()) {
                    return List.<CallbackDeliveryRecord>of();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE ses_callback_delivery SET lease_owner = ?, "
                        + "lease_until = ? WHERE id = ANY(?) AND " + DUE)) {
                    ps.setString(1, node);
                    Sql.setInstant(ps, 2, until);
                    ps.setArray(3, c.createArrayOf("BIGINT", ids.toArray()));
                    Sql.setInstant(ps, 4, now);
                    Sql.setInstant(ps, 5, now);
                    ps.executeUpdate();
                }
                return sorted(Rows.list(c, "SELECT " + DELIVERY_COLUMNS + " FROM ses_callback_delivery WHERE id = "
                        + "ANY(?) AND lease_owner = ? AND lease_until = ?", ps -> {
                            ps.setArray(1, c.createArrayOf("BIGINT", ids.toArray()));
                            ps.setString(2, node);
                            Sql.setInstant(ps, 3, until);
                        }, JdbcCallbacks::delivery));
            });
        } finally {
            h2Claims.unlock();
        }
    }

    private static List<CallbackDeliveryRecord> sorted(List<CallbackDeliveryRecord> rows) {
        List<CallbackDeliveryRecord> out = new ArrayList<>(rows);
        out.sort(java.util.Comparator.comparing(CallbackDeliveryRecord::nextAttemptAt)
                .thenComparingLong(CallbackDeliveryRecord::id));
        return out;
    }

    private static CallbackDeliveryRecord delivery(ResultSet rs) throws SQLException {
        return new CallbackDeliveryRecord(rs.getLong("id"), rs.getLong("address_id"), rs.getString("account"),
                rs.getLong("event_seq"), rs.getString("webhook_id"), CallbackEvent.valueOf(rs.getString("event")),
                Sql.instant(rs, "event_at"), rs.getString("body"),
                CallbackDeliveryState.valueOf(rs.getString("state")), rs.getInt("attempts"),
                Sql.instant(rs, "next_attempt_at"), Sql.optionalString(rs, "lease_owner"),
                Sql.optionalInstant(rs, "lease_until"));
    }

    @Override
    public boolean finish(long deliveryId, String node, CallbackAttempt attempt, CallbackDeliveryState state,
                          Instant nextAttemptAt) {
        return tx.atomic("record an attempt of callback delivery " + deliveryId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_callback_delivery SET state = ?, "
                    + "attempts = attempts + 1, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL "
                    + "WHERE id = ? AND lease_owner = ?")) {
                ps.setString(1, state.name());
                Sql.setInstant(ps, 2, nextAttemptAt);
                ps.setLong(3, deliveryId);
                ps.setString(4, node);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_callback_attempt (delivery_id, "
                    + "attempted_at, status, latency_ms, detail) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, deliveryId);
                Sql.setInstant(ps, 2, attempt.at());
                if (attempt.status().isPresent()) {
                    ps.setInt(3, attempt.status().get());
                } else {
                    ps.setNull(3, Types.INTEGER);
                }
                ps.setLong(4, attempt.latency().toMillis());
                // PostgreSQL refuses the NUL character in text.
                ps.setString(5, attempt.detail().replace('\0', '?'));
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public Optional<CallbackDeliveryRecord> delivery(String account, long id) {
        return tx.run("read callback delivery " + id, c -> Rows.first(c, "SELECT " + DELIVERY_COLUMNS
                + " FROM ses_callback_delivery WHERE id = ? AND account = ?", ps -> {
                    ps.setLong(1, id);
                    ps.setString(2, account);
                }, JdbcCallbacks::delivery));
    }

    @Override
    public List<CallbackDeliveryRecord> deliveries(long addressId, CallbackDeliveryState state, long afterId,
                                                   int limit) {
        return tx.run("list callback deliveries", c -> Rows.list(c, "SELECT " + DELIVERY_COLUMNS
                + " FROM ses_callback_delivery WHERE address_id = ? AND state = ? AND id > ? ORDER BY id LIMIT ?",
                ps -> {
                    ps.setLong(1, addressId);
                    ps.setString(2, state.name());
                    ps.setLong(3, afterId);
                    ps.setInt(4, limit);
                }, JdbcCallbacks::delivery));
    }

    @Override
    public Map<Long, List<CallbackAttempt>> attempts(Collection<Long> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return Map.of();
        }
        List<Long> ids = List.copyOf(new LinkedHashSet<>(deliveryIds));
        return tx.run("read callback attempts", c -> {
            Map<Long, List<CallbackAttempt>> found = new HashMap<>();
            for (int from = 0; from < ids.size(); from += BATCH) {
                List<Long> part = ids.subList(from, Math.min(ids.size(), from + BATCH));
                Rows.list(c, "SELECT delivery_id, attempted_at, status, latency_ms, detail FROM ses_callback_attempt "
                        + "WHERE delivery_id IN (" + String.join(", ", Collections.nCopies(part.size(), "?"))
                        + ") ORDER BY delivery_id, id", ps -> {
                            for (int i = 0; i < part.size(); i++) {
                                ps.setLong(i + 1, part.get(i));
                            }
                        }, rs -> {
                            long status = rs.getLong("status");
                            Optional<Integer> code = rs.wasNull() ? Optional.empty() : Optional.of((int) status);
                            found.computeIfAbsent(rs.getLong("delivery_id"), k -> new ArrayList<>()).add(
                                    new CallbackAttempt(Sql.instant(rs, "attempted_at"), code,
                                            Duration.ofMillis(rs.getLong("latency_ms")), rs.getString("detail")));
                            return 0;
                        });
            }
            return found;
        });
    }

    @Override
    public int requeueDead(long addressId, Optional<Long> deliveryId, Instant now) {
        return tx.run("replay dead callback deliveries", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_callback_delivery SET state = 'PENDING', "
                    + "attempts = 0, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL "
                    + "WHERE address_id = ? AND state = 'DEAD'" + (deliveryId.isPresent() ? " AND id = ?" : ""))) {
                Sql.setInstant(ps, 1, now);
                ps.setLong(2, addressId);
                if (deliveryId.isPresent()) {
                    ps.setLong(3, deliveryId.get());
                }
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int pruneBefore(Instant before, int limit) {
        return tx.atomic("prune callback deliveries before " + before, c -> {
            List<Long> ids = Rows.list(c, "SELECT id FROM ses_callback_delivery WHERE event_at < ? ORDER BY event_at "
                    + "LIMIT ?", ps -> {
                        Sql.setInstant(ps, 1, before);
                        ps.setInt(2, limit);
                    }, rs -> rs.getLong(1));
            if (ids.isEmpty()) {
                return 0;
            }
            String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
            for (String table : Arrays.asList("ses_callback_attempt WHERE delivery_id", "ses_callback_delivery WHERE id")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " IN (" + in + ")")) {
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setLong(i + 1, ids.get(i));
                    }
                    ps.executeUpdate();
                }
            }
            return ids.size();
        });
    }
}
