package dev.ses.store.jdbc.internal;

import dev.ses.core.spi.CounterRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Daily counters in {@code ses_counter}, one row per (name, day).
 *
 * <p>Why a reservation cannot overshoot: the amount granted is computed inside the UPDATE from the row's current
 * value, under the row lock that UPDATE holds until its transaction ends. A concurrent reservation on the same row
 * (from this node or another) waits for that lock and then computes from the value just committed. The grant is
 * written to {@code last_granted} by the same UPDATE (every SET expression reads the row as it was before the
 * statement), so the statement itself returns it.
 *
 * <p>On PostgreSQL each call is one {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING}. H2 has no upsert with
 * a computed update and a returned value, so there a missing row is first created (a concurrent creator's
 * duplicate is ignored) and then updated in one statement.
 */
public final class JdbcCounters implements CounterRepository {
    private static final String ADD_POSTGRESQL = "INSERT INTO ses_counter (name, on_day, amount, last_granted) "
            + "VALUES (?, ?, ?, 0) ON CONFLICT (name, on_day) DO UPDATE SET amount = ses_counter.amount + "
            + "EXCLUDED.amount RETURNING amount";
    private static final String GRANT = "GREATEST(0, LEAST(CAST(? AS BIGINT), CAST(? AS BIGINT) - %s))";
    private static final String RESERVE_POSTGRESQL = "INSERT INTO ses_counter (name, on_day, amount, last_granted) "
            + "VALUES (?, ?, " + GRANT.formatted("0") + ", " + GRANT.formatted("0") + ") "
            + "ON CONFLICT (name, on_day) DO UPDATE SET "
            + "last_granted = " + GRANT.formatted("ses_counter.amount") + ", "
            + "amount = ses_counter.amount + " + GRANT.formatted("ses_counter.amount") + " RETURNING last_granted";
    private static final String ADD_H2 = "SELECT amount FROM FINAL TABLE (UPDATE ses_counter "
            + "SET amount = amount + ? WHERE name = ? AND on_day = ?)";
    private static final String RESERVE_H2 = "SELECT last_granted FROM FINAL TABLE (UPDATE ses_counter SET "
            + "last_granted = " + GRANT.formatted("amount") + ", amount = amount + " + GRANT.formatted("amount")
            + " WHERE name = ? AND on_day = ?)";

    private final Transactions tx;

    public JdbcCounters(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public long add(String key, LocalDate day, long delta) {
        if (tx.dialect() == Dialect.POSTGRESQL) {
            return tx.run("add to counter " + key, c -> {
                try (PreparedStatement ps = c.prepareStatement(ADD_POSTGRESQL)) {
                    ps.setString(1, key);
                    ps.setObject(2, day);
                    ps.setLong(3, delta);
                    return Rows.read(ps.executeQuery(), rs -> rs.getLong(1)).get(0);
                }
            });
        }
        return tx.atomic("add to counter " + key, c -> updateH2(c, key, day, ADD_H2, ps -> {
            ps.setLong(1, delta);
            ps.setString(2, key);
            ps.setObject(3, day);
        }));
    }

    @Override
    public long get(String key, LocalDate day) {
        return tx.run("read counter " + key, c -> Rows.first(c,
                "SELECT amount FROM ses_counter WHERE name = ? AND on_day = ?", ps -> {
                    ps.setString(1, key);
                    ps.setObject(2, day);
                }, rs -> rs.getLong(1)).orElse(0L));
    }

    @Override
    public long reserve(String key, LocalDate day, long wanted, long limit) {
        if (tx.dialect() == Dialect.POSTGRESQL) {
            return tx.run("reserve from counter " + key, c -> {
                try (PreparedStatement ps = c.prepareStatement(RESERVE_POSTGRESQL)) {
                    ps.setString(1, key);
                    ps.setObject(2, day);
                    for (int i = 3; i <= 9; i += 2) {
                        ps.setLong(i, wanted);
                        ps.setLong(i + 1, limit);
                    }
                    return Rows.read(ps.executeQuery(), rs -> rs.getLong(1)).get(0);
                }
            });
        }
        return tx.atomic("reserve from counter " + key, c -> updateH2(c, key, day, RESERVE_H2, ps -> {
            ps.setLong(1, wanted);
            ps.setLong(2, limit);
            ps.setLong(3, wanted);
            ps.setLong(4, limit);
            ps.setString(5, key);
            ps.setObject(6, day);
        }));
    }

    /** Runs an UPDATE of one counter that returns one value, creating the row at 0 first if it is missing. */
    private static long updateH2(Connection c, String key, LocalDate day, String sql, Rows.Binder binder)
            throws SQLException {
        Optional<Long> updated = Rows.first(c, sql, binder, rs -> rs.getLong(1));
        if (updated.isPresent()) {
            return updated.get();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ses_counter (name, on_day, amount, last_granted) VALUES (?, ?, 0, 0)")) {
            ps.setString(1, key);
            ps.setObject(2, day);
            ps.executeUpdate();
        } catch (SQLException e) {
            // Another transaction created it between our UPDATE and INSERT; the UPDATE below waits for it.
            if (!Sql.isUniqueViolation(e)) {
                throw e;
            }
        }
        return Rows.first(c, sql, binder, rs -> rs.getLong(1)).orElseThrow(
                () -> new SQLException("counter " + key + " on " + day + " vanished while being updated"));
    }
}
