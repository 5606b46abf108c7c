package dev.ses.store.jdbc.internal;

import dev.ses.core.WarmupDecision;
import dev.ses.core.spi.WarmupRepository;
import dev.ses.core.spi.WarmupState;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Warm-up states in {@code ses_warmup} with an optimistic version, decisions in {@code ses_warmup_decision}. A save
 * is one statement: an UPDATE guarded by the expected version, or for a first state an INSERT that a concurrent
 * first insert makes fail.
 */
public final class JdbcWarmups implements WarmupRepository {
    private static final String INSERT_POSTGRESQL = "INSERT INTO ses_warmup (account, domain, warmup_level, "
            + "evaluated_day, blocked_day, version) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account, domain) DO NOTHING";
    private static final String INSERT_H2 = "INSERT INTO ses_warmup (account, domain, warmup_level, evaluated_day, "
            + "blocked_day, version) VALUES (?, ?, ?, ?, ?, ?)";

    private final Transactions tx;

    public JdbcWarmups(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<WarmupState> get(String account, String domain) {
        return tx.run("read warm-up of " + domain, c -> Rows.first(c,
                "SELECT account, domain, warmup_level, evaluated_day, blocked_day, version FROM ses_warmup "
                        + "WHERE account = ? AND domain = ?", ps -> {
                    ps.setString(1, account);
                    ps.setString(2, domain);
                }, rs -> new WarmupState(rs.getString("account"), rs.getString("domain"), rs.getInt("warmup_level"),
                        Sql.date(rs, "evaluated_day"), Sql.optionalDate(rs, "blocked_day"), rs.getLong("version"))));
    }

    @Override
    public boolean save(WarmupState s, long expectedVersion) {
        if (s.version() <= expectedVersion) {
            return false;
        }
        if (expectedVersion < 0) {
            return tx.run("save warm-up of " + s.domain(), c -> {
                boolean postgres = tx.dialect() == Dialect.POSTGRESQL;
                try (PreparedStatement ps = c.prepareStatement(postgres ? INSERT_POSTGRESQL : INSERT_H2)) {
                    ps.setString(1, s.account());
                    ps.setString(2, s.domain());
                    ps.setInt(3, s.level());
                    ps.setObject(4, s.evaluatedDay());
                    Sql.setDate(ps, 5, s.blockedDay());
                    ps.setLong(6, s.version());
                    return ps.executeUpdate() == 1;
                } catch (SQLException e) {
                    // On H2 a failed statement leaves the transaction usable, so the duplicate can be answered here;
                    // PostgreSQL never gets here, having skipped the conflicting row.
                    if (!postgres && Sql.isUniqueViolation(e)) {
                        return false;
                    }
                    throw e;
                }
            });
        }
        return tx.run("save warm-up of " + s.domain(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_warmup SET warmup_level = ?, "
                    + "evaluated_day = ?, blocked_day = ?, version = ? WHERE account = ? AND domain = ? "
                    + "AND version = ?")) {
                ps.setInt(1, s.level());
                ps.setObject(2, s.evaluatedDay());
                Sql.setDate(ps, 3, s.blockedDay());
                ps.setLong(4, s.version());
                ps.setString(5, s.account());
                ps.setString(6, s.domain());
                ps.setLong(7, expectedVersion);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void addDecision(WarmupDecision d) {
        tx.run("record warm-up decision for " + d.domain(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_warmup_decision (account, domain, "
                    + "on_day, from_level, to_level, blocked, reason, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, d.account());
                ps.setString(2, d.domain());
                ps.setObject(3, d.day());
                ps.setInt(4, d.fromLevel());
                ps.setInt(5, d.toLevel());
                ps.setBoolean(6, d.blocked());
                ps.setString(7, d.reason());
                Sql.setInstant(ps, 8, d.at());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<WarmupDecision> decisions(String account, String domain) {
        return tx.run("read warm-up decisions for " + domain, c -> Rows.list(c,
                "SELECT account, domain, on_day, from_level, to_level, blocked, reason, decided_at "
                        + "FROM ses_warmup_decision WHERE account = ? AND domain = ? ORDER BY id", ps -> {
                    ps.setString(1, account);
                    ps.setString(2, domain);
                }, rs -> new WarmupDecision(rs.getString("account"), rs.getString("domain"),
                        Sql.date(rs, "on_day"), rs.getInt("from_level"), rs.getInt("to_level"),
                        rs.getBoolean("blocked"), rs.getString("reason"), Sql.instant(rs, "decided_at"))));
    }
}
