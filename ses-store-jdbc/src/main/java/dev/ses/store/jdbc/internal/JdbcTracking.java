package dev.ses.store.jdbc.internal;

import dev.ses.core.TrackingSetup;
import dev.ses.core.UnsubscribeScope;
import dev.ses.core.spi.TrackingKey;
import dev.ses.core.spi.TrackingRepository;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * Tracking keys in {@code ses_tracking_key} (secrets as base64), setups in {@code ses_tracking_setup}, link sets in
 * {@code ses_link_set} (the links as a JSON array).
 */
public final class JdbcTracking implements TrackingRepository {
    private static final String SET_POSTGRESQL = "INSERT INTO ses_tracking_setup (account, sender_domain, base_url, "
            + "unsubscribe_scope) VALUES (?, ?, ?, ?) ON CONFLICT (account, sender_domain) DO UPDATE SET "
            + "base_url = EXCLUDED.base_url, unsubscribe_scope = EXCLUDED.unsubscribe_scope";
    private static final String SET_H2 = "MERGE INTO ses_tracking_setup (account, sender_domain, base_url, "
            + "unsubscribe_scope) KEY (account, sender_domain) VALUES (?, ?, ?, ?)";

    private final Transactions tx;

    public JdbcTracking(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public List<TrackingKey> keys() {
        return tx.run("read the tracking keys", c -> Rows.list(c,
                "SELECT id, secret, created_at FROM ses_tracking_key ORDER BY created_at, id", ps -> { },
                rs -> new TrackingKey(rs.getString("id"), Base64.getDecoder().decode(rs.getString("secret")),
                        Sql.instant(rs, "created_at"))));
    }

    @Override
    public TrackingKey addKey(TrackingKey key) {
        // Insert unless present; on PostgreSQL a racing insert must not raise an error that aborts the transaction.
        return tx.atomic("add tracking key " + key.id(), c -> {
            String conflict = tx.dialect() == Dialect.POSTGRESQL ? " ON CONFLICT (id) DO NOTHING" : "";
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_tracking_key (id, secret, created_at) "
                    + "SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM ses_tracking_key WHERE id = ?)" + conflict)) {
                ps.setString(1, key.id());
                ps.setString(2, Base64.getEncoder().encodeToString(key.secret()));
                Sql.setInstant(ps, 3, key.createdAt());
                ps.setString(4, key.id());
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!Sql.isUniqueViolation(e)) {
                    throw e;
                }
            }
            return Rows.first(c, "SELECT id, secret, created_at FROM ses_tracking_key WHERE id = ?",
                    ps -> ps.setString(1, key.id()),
                    rs -> new TrackingKey(rs.getString("id"), Base64.getDecoder().decode(rs.getString("secret")),
                            Sql.instant(rs, "created_at"))).orElseThrow(() -> new SQLException(
                                    "tracking key " + key.id() + " vanished after its insert"));
        });
    }

    @Override
    public Optional<TrackingSetup> setup(String account, String senderDomain) {
        return tx.run("read the tracking setup of " + account, c -> Rows.first(c,
                "SELECT base_url, unsubscribe_scope FROM ses_tracking_setup WHERE account = ? AND sender_domain = ?",
                ps -> {
                    ps.setString(1, account);
                    ps.setString(2, senderDomain);
                }, rs -> new TrackingSetup(Optional.ofNullable(rs.getString("base_url")),
                        UnsubscribeScope.valueOf(rs.getString("unsubscribe_scope")))));
    }

    @Override
    public void setSetup(String account, String senderDomain, TrackingSetup setup) {
        String sql = tx.dialect() == Dialect.POSTGRESQL ? SET_POSTGRESQL : SET_H2;
        tx.atomic("set the tracking setup of " + account, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, account);
                ps.setString(2, senderDomain);
                Sql.setString(ps, 3, setup.baseUrl());
                ps.setString(4, setup.unsubscribeScope().name());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void addLinkSets(Map<String, List<String>> sets) {
        if (sets.isEmpty()) {
            return;
        }
        // In id order, so that two nodes writing overlapping sets lock their rows in one order.
        TreeMap<String, List<String>> sorted = new TreeMap<>(sets);
        String sql = tx.dialect() == Dialect.POSTGRESQL
                ? "INSERT INTO ses_link_set (id, links) VALUES (?, ?) ON CONFLICT (id) DO NOTHING"
                : "MERGE INTO ses_link_set (id, links) KEY (id) VALUES (?, ?)";
        tx.atomic("store " + sets.size() + " link set(s)", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Map.Entry<String, List<String>> e : sorted.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, Json.ofStrings(e.getValue()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<List<String>> linkSet(String id) {
        return tx.run("read link set " + id, c -> Rows.first(c, "SELECT links FROM ses_link_set WHERE id = ?",
                ps -> ps.setString(1, id), rs -> Json.toStrings(rs.getString("links"))));
    }
}
