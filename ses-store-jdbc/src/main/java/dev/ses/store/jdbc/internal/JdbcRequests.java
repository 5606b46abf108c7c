package dev.ses.store.jdbc.internal;

import dev.ses.core.TemplateType;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.RequestRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Send requests in {@code ses_request}; lists, maps and attachments as JSON. */
public final class JdbcRequests implements RequestRepository {
    private static final String COLUMNS = "id, account, address_id, from_address, from_name, sender_domain, "
            + "template_id, template_type, template_body, subject, variables, to_list, cc_list, reply_to, headers, "
            + "attachments, individual, task_id, run_id, idempotency_key, created_at, track_opens, track_clicks, "
            + "list_unsubscribe, tracking_consent";
    private static final String INSERT = "INSERT INTO ses_request (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Transactions tx;

    public JdbcRequests(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public MailRequest insertIfAbsent(MailRequest r) {
        if (r.idempotencyKey().isEmpty()) {
            return tx.run("insert request " + r.id(), c -> {
                insert(c, INSERT, r);
                return stored(r);
            });
        }
        String key = r.idempotencyKey().get();
        if (tx.dialect() == Dialect.POSTGRESQL) {
            // ON CONFLICT waits for a concurrent insert of the same key and then does nothing: no error, so a
            // surrounding transaction is not aborted.
            return tx.run("insert request " + r.id(), c -> {
                if (insert(c, INSERT + " ON CONFLICT (account, idempotency_key) DO NOTHING", r) == 1) {
                    return stored(r);
                }
                return byKey(c, r.account(), key).orElseThrow();
            });
        }
        return tx.atomic("insert request " + r.id(), c -> {
            Optional<MailRequest> earlier = byKey(c, r.account(), key);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            try {
                insert(c, INSERT, r);
                return stored(r);
            } catch (SQLException e) {
                if (!Sql.isUniqueViolation(e)) {
                    throw e;
                }
                // Another transaction stored the same key between our read and our insert.
                return byKey(c, r.account(), key).orElseThrow(() -> e);
            }
        });
    }

    private static MailRequest stored(MailRequest r) {
        return new MailRequest(r.id(), r.account(), r.addressId(), r.fromAddress(), r.fromName(), r.senderDomain(),
                r.templateId(), r.templateType(), r.templateBody(), r.subject(), r.variables(), r.to(), r.cc(),
                r.replyTo(), r.headers(), r.attachments(), r.individual(), r.taskId(), r.runId(),
                r.idempotencyKey(), Sql.micros(r.createdAt()), r.tracking());
    }

    private static int insert(Connection c, String sql, MailRequest r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, r.id());
            ps.setString(2, r.account());
            ps.setLong(3, r.addressId());
            ps.setString(4, r.fromAddress());
            ps.setString(5, r.fromName());
            ps.setString(6, r.senderDomain());
            ps.setLong(7, r.templateId());
            ps.setString(8, r.templateType().name());
            ps.setString(9, r.templateBody());
            ps.setString(10, r.subject());
            ps.setString(11, Json.ofMap(r.variables()));
            ps.setString(12, Json.ofStrings(r.to()));
            ps.setString(13, Json.ofStrings(r.cc()));
            Sql.setString(ps, 14, r.replyTo());
            ps.setString(15, Json.ofMap(r.headers()));
            ps.setString(16, Json.ofAttachments(r.attachments()));
            ps.setBoolean(17, r.individual());
            Sql.setLong(ps, 18, r.taskId());
            Sql.setLong(ps, 19, r.runId());
            Sql.setString(ps, 20, r.idempotencyKey());
            Sql.setInstant(ps, 21, r.createdAt());
            ps.setBoolean(22, r.tracking().opens());
            ps.setBoolean(23, r.tracking().clicks());
            ps.setBoolean(24, r.tracking().listUnsubscribe());
            Sql.setString(ps, 25, r.tracking().consentVariable());
            return ps.executeUpdate();
        }
    }

    private static Optional<MailRequest> byKey(Connection c, String account, String key) throws SQLException {
        return Rows.first(c, "SELECT " + COLUMNS + " FROM ses_request WHERE account = ? AND idempotency_key = ?",
                ps -> {
                    ps.setString(1, account);
                    ps.setString(2, key);
                }, JdbcRequests::request);
    }

    @Override
    public Optional<MailRequest> get(String id) {
        return tx.run("read request " + id, c -> Rows.first(c, "SELECT " + COLUMNS + " FROM ses_request WHERE id = ?",
                ps -> ps.setString(1, id), JdbcRequests::request));
    }

    @Override
    public Optional<MailRequest> get(String account, String id) {
        return tx.run("read request " + id, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_request WHERE id = ? AND account = ?", ps -> {
                    ps.setString(1, id);
                    ps.setString(2, account);
                }, JdbcRequests::request));
    }

    private static MailRequest request(ResultSet rs) throws SQLException {
        return new MailRequest(rs.getString("id"), rs.getString("account"), rs.getLong("address_id"),
                rs.getString("from_address"), rs.getString("from_name"), rs.getString("sender_domain"),
                rs.getLong("template_id"), TemplateType.valueOf(rs.getString("template_type")),
                rs.getString("template_body"), rs.getString("subject"), Json.toMap(rs.getString("variables")),
                Json.toStrings(rs.getString("to_list")), Json.toStrings(rs.getString("cc_list")),
                Sql.optionalString(rs, "reply_to"), Json.toMap(rs.getString("headers")),
                Json.toAttachments(rs.getString("attachments")), rs.getBoolean("individual"),
                Sql.optionalLong(rs, "task_id"), Sql.optionalLong(rs, "run_id"),
                Sql.optionalString(rs, "idempotency_key"), Sql.instant(rs, "created_at"),
                tracking(rs));
    }

    /** A request's tracking choice; one written before version 7 has no unsubscribe choice: its kind's default. */
    private static dev.ses.core.MessageTracking tracking(ResultSet rs) throws SQLException {
        boolean unsubscribe = rs.getBoolean("list_unsubscribe");
        if (rs.wasNull()) {
            unsubscribe = Sql.optionalLong(rs, "task_id").isPresent();
        }
        return new dev.ses.core.MessageTracking(rs.getBoolean("track_opens"), rs.getBoolean("track_clicks"),
                unsubscribe, Sql.optionalString(rs, "tracking_consent"));
    }
}
