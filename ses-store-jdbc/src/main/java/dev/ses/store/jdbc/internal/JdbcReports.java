package dev.ses.store.jdbc.internal;

import dev.ses.core.spi.InboundReport;
import dev.ses.core.spi.ReportRepository;
import dev.ses.core.spi.StoredReport;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The messages received at return paths, in {@code ses_inbound_report}. */
public final class JdbcReports implements ReportRepository {
    private static final String COLUMNS = "id, received_at, sha256, raw, status, kind, detail, account, message_id";

    private final Transactions tx;

    public JdbcReports(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<StoredReport> add(StoredReport r) {
        // PostgreSQL: ON CONFLICT keeps a bound transaction usable; H2 leaves it usable after a refused insert.
        String sql = "INSERT INTO ses_inbound_report (received_at, sha256, raw, status, kind, detail, account, "
                + "message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + (tx.dialect() == Dialect.POSTGRESQL ? " ON CONFLICT (sha256) DO NOTHING" : "");
        return tx.run("store inbound report " + r.sha256(), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql, tx.dialect().idColumn())) {
                Sql.setInstant(ps, 1, r.receivedAt());
                ps.setString(2, r.sha256());
                ps.setBytes(3, r.raw());
                ps.setString(4, r.status().name());
                Sql.setString(ps, 5, r.kind().map(Enum::name));
                ps.setString(6, r.detail());
                Sql.setString(ps, 7, r.account());
                Sql.setString(ps, 8, r.messageId());
                if (ps.executeUpdate() == 0) {
                    return Optional.<StoredReport>empty();
                }
                return Optional.of(new StoredReport(Rows.generatedId(ps), Sql.micros(r.receivedAt()), r.sha256(),
                        r.raw().clone(), r.status(), r.kind(), r.detail(), r.account(), r.messageId()));
            } catch (SQLException e) {
                if (tx.dialect() != Dialect.POSTGRESQL && Sql.isUniqueViolation(e)) {
                    return Optional.<StoredReport>empty();
                }
                throw e;
            }
        });
    }

    @Override
    public void resolve(StoredReport r) {
        tx.run("resolve inbound report " + r.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_inbound_report SET status = ?, kind = ?, "
                    + "detail = ?, account = ?, message_id = ? WHERE id = ?")) {
                ps.setString(1, r.status().name());
                Sql.setString(ps, 2, r.kind().map(Enum::name));
                ps.setString(3, r.detail());
                Sql.setString(ps, 4, r.account());
                Sql.setString(ps, 5, r.messageId());
                ps.setLong(6, r.id());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<StoredReport> bySha256(String sha256) {
        return tx.run("read inbound report " + sha256, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_inbound_report WHERE sha256 = ?", ps -> ps.setString(1, sha256),
                JdbcReports::report));
    }

    @Override
    public Optional<StoredReport> get(long id) {
        return tx.run("read inbound report " + id, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_inbound_report WHERE id = ?", ps -> ps.setLong(1, id),
                JdbcReports::report));
    }

    @Override
    public List<StoredReport> list(StoredReport.Status status, long afterId, int limit) {
        return tx.run("list inbound reports", c -> Rows.list(c,
                "SELECT " + COLUMNS + " FROM ses_inbound_report WHERE status = ? AND id > ? ORDER BY id "
                        + "FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", ps -> {
                    ps.setString(1, status.name());
                    ps.setLong(2, afterId);
                }, JdbcReports::report));
    }

    private static StoredReport report(ResultSet rs) throws SQLException {
        return new StoredReport(rs.getLong("id"), Sql.instant(rs, "received_at"), rs.getString("sha256"),
                rs.getBytes("raw"), StoredReport.Status.valueOf(rs.getString("status")),
                Sql.optionalString(rs, "kind").map(InboundReport.Kind::valueOf), rs.getString("detail"),
                Sql.optionalString(rs, "account"), Sql.optionalString(rs, "message_id"));
    }
}
