package dev.ses.store.jdbc.internal;

import dev.ses.core.TrackingSettings;
import dev.ses.core.spi.StatFilter;
import dev.ses.core.spi.StatGranularity;
import dev.ses.core.spi.StatKey;
import dev.ses.core.spi.StatMetric;
import dev.ses.core.spi.StatSum;
import dev.ses.core.spi.StatisticsRepository;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statistics cube in {@code ses_stat}, one row per cell, and the tracking switches in
 * {@code ses_tracking_setting}.
 *
 * <p>Counts are added with one upsert per distinct cell, sent as JDBC batches: {@code INSERT ... ON CONFLICT DO
 * UPDATE} on PostgreSQL, {@code MERGE ... USING} on H2. Two writers of one cell cannot lose an addition, since the
 * update adds to the row's current value under its row lock; in practice one writer holds the statistics cursor.
 * A sum fixes the account, the granularity and a range of buckets, the leading columns of the cells' unique key.
 */
public final class JdbcStatistics implements StatisticsRepository {
    private static final int BATCH = 500;
    private static final String COLUMNS = "account, granularity, bucket, sender_domain, recipient_domain, "
            + "template_id, task_id, metric, amount";
    private static final String ADD_POSTGRESQL = "INSERT INTO ses_stat (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ON CONSTRAINT ses_stat_cell_uq "
            + "DO UPDATE SET amount = ses_stat.amount + EXCLUDED.amount";
    private static final String ADD_H2 = "MERGE INTO ses_stat t USING (VALUES (CAST(? AS VARCHAR(200)), "
            + "CAST(? AS CHAR(1)), CAST(? AS TIMESTAMP(6) WITH TIME ZONE), CAST(? AS VARCHAR(253)), "
            + "CAST(? AS VARCHAR(253)), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS VARCHAR(32)), "
            + "CAST(? AS BIGINT))) AS s (" + COLUMNS + ") ON t.account = s.account AND t.granularity = s.granularity "
            + "AND t.bucket = s.bucket AND t.sender_domain = s.sender_domain "
            + "AND t.recipient_domain = s.recipient_domain AND t.template_id = s.template_id "
            + "AND t.task_id = s.task_id AND t.metric = s.metric "
            + "WHEN MATCHED THEN UPDATE SET amount = t.amount + s.amount "
            + "WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (s.account, s.granularity, s.bucket, "
            + "s.sender_domain, s.recipient_domain, s.template_id, s.task_id, s.metric, s.amount)";
    private static final String PRUNE = "DELETE FROM ses_stat WHERE id IN (SELECT id FROM ses_stat "
            + "WHERE granularity = ? AND bucket < ? ORDER BY bucket LIMIT ?)";
    private static final String SET_POSTGRESQL = "INSERT INTO ses_tracking_setting (account, sender_domain, opens, "
            + "clicks) VALUES (?, ?, ?, ?) ON CONFLICT (account, sender_domain) DO UPDATE SET opens = EXCLUDED.opens, "
            + "clicks = EXCLUDED.clicks";
    private static final String SET_H2 = "MERGE INTO ses_tracking_setting (account, sender_domain, opens, clicks) "
            + "KEY (account, sender_domain) VALUES (?, ?, ?, ?)";

    private final Transactions tx;

    public JdbcStatistics(Transactions tx) {
        this.tx = tx;
    }

    private static String code(StatGranularity granularity) {
        return granularity == StatGranularity.DAY ? "D" : "H";
    }

    @Override
    public void add(Map<StatKey, Long> amounts) {
        if (amounts.isEmpty()) {
            return;
        }
        String sql = tx.dialect() == Dialect.POSTGRESQL ? ADD_POSTGRESQL : ADD_H2;
        tx.atomic("add " + amounts.size() + " statistics counter(s)", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int pending = 0;
                for (Map.Entry<StatKey, Long> e : amounts.entrySet()) {
                    StatKey k = e.getKey();
                    ps.setString(1, k.account());
                    ps.setString(2, code(k.granularity()));
                    Sql.setInstant(ps, 3, k.bucket());
                    ps.setString(4, k.senderDomain());
                    ps.setString(5, k.recipientDomain());
                    ps.setLong(6, k.templateId());
                    ps.setLong(7, k.taskId());
                    ps.setString(8, k.metric().name());
                    ps.setLong(9, e.getValue());
                    ps.addBatch();
                    if (++pending == BATCH) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public List<StatSum> sum(StatFilter f) {
        StringBuilder sql = new StringBuilder("SELECT bucket, metric, SUM(amount) AS total FROM ses_stat "
                + "WHERE account = ? AND granularity = ? AND bucket >= ? AND bucket < ? AND task_id BETWEEN ? AND ?");
        f.senderDomain().ifPresent(d -> sql.append(" AND sender_domain = ?"));
        f.recipientDomain().ifPresent(d -> sql.append(" AND recipient_domain = ?"));
        f.templateId().ifPresent(t -> sql.append(" AND template_id = ?"));
        sql.append(" GROUP BY bucket, metric ORDER BY bucket, metric");
        return tx.run("sum statistics of account " + f.account(), c -> Rows.list(c, sql.toString(), ps -> {
            int i = 1;
            ps.setString(i++, f.account());
            ps.setString(i++, code(f.granularity()));
            Sql.setInstant(ps, i++, f.from());
            Sql.setInstant(ps, i++, f.to());
            ps.setLong(i++, f.taskFrom());
            ps.setLong(i++, f.taskTo());
            if (f.senderDomain().isPresent()) {
                ps.setString(i++, f.senderDomain().get());
            }
            if (f.recipientDomain().isPresent()) {
                ps.setString(i++, f.recipientDomain().get());
            }
            if (f.templateId().isPresent()) {
                ps.setLong(i, f.templateId().get());
            }
        }, rs -> new StatSum(Sql.instant(rs, "bucket"), StatMetric.valueOf(rs.getString("metric")),
                rs.getLong("total"))));
    }

    @Override
    public int pruneBefore(StatGranularity granularity, Instant before, int limit) {
        return tx.run("prune " + granularity + " statistics", c -> {
            try (PreparedStatement ps = c.prepareStatement(PRUNE)) {
                ps.setString(1, code(granularity));
                Sql.setInstant(ps, 2, before);
                ps.setInt(3, limit);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<TrackingSettings> tracking(String account, String senderDomain) {
        return tx.run("read the tracking settings of " + account, c -> Rows.first(c,
                "SELECT opens, clicks FROM ses_tracking_setting WHERE account = ? AND sender_domain = ?", ps -> {
                    ps.setString(1, account);
                    ps.setString(2, senderDomain);
                }, rs -> new TrackingSettings(rs.getBoolean("opens"), rs.getBoolean("clicks"))));
    }

    @Override
    public void setTracking(String account, List<String> senderDomains, TrackingSettings settings) {
        String sql = tx.dialect() == Dialect.POSTGRESQL ? SET_POSTGRESQL : SET_H2;
        tx.atomic("set the tracking settings of " + account, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (String domain : senderDomains) {
                    ps.setString(1, account);
                    ps.setString(2, domain);
                    ps.setBoolean(3, settings.opens());
                    ps.setBoolean(4, settings.clicks());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void clearTracking(String account, List<String> senderDomains) {
        tx.atomic("clear the tracking settings of " + account, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM ses_tracking_setting WHERE account = ? AND sender_domain = ?")) {
                for (String domain : senderDomains) {
                    ps.setString(1, account);
                    ps.setString(2, domain);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }
}
