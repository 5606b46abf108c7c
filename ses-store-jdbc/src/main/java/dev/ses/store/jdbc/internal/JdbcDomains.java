package dev.ses.store.jdbc.internal;

import dev.ses.core.DomainStatus;
import dev.ses.core.SenderDomain;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.DomainRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Sender domains and DKIM keys in {@code ses_domain} and {@code ses_dkim_key}. */
public final class JdbcDomains implements DomainRepository {
    private static final String COLUMNS =
            "id, account, name, status, dkim_selector, dns_records, created_at, verified_at, last_checked_at";

    private final Transactions tx;

    public JdbcDomains(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public SenderDomain insert(SenderDomain d) {
        return tx.insert("insert domain " + d.name(), Sql.taken("domain", d.name(), d.account()), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_domain (account, name, status, "
                    + "dkim_selector, dns_records, created_at, verified_at, last_checked_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", tx.dialect().idColumn())) {
                ps.setString(1, d.account());
                ps.setString(2, d.name());
                ps.setString(3, d.status().name());
                ps.setString(4, d.dkimSelector());
                ps.setString(5, Json.ofRecords(d.records()));
                Sql.setInstant(ps, 6, d.createdAt());
                Sql.setInstant(ps, 7, d.verifiedAt());
                Sql.setInstant(ps, 8, d.lastCheckedAt());
                ps.executeUpdate();
                long id = Rows.generatedId(ps);
                return new SenderDomain(id, d.account(), d.name(), d.status(), d.dkimSelector(), d.records(),
                        Sql.micros(d.createdAt()), d.verifiedAt().map(Sql::micros),
                        d.lastCheckedAt().map(Sql::micros));
            }
        });
    }

    @Override
    public void update(SenderDomain d) {
        tx.run("update domain " + d.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_domain SET name = ?, status = ?, "
                    + "dkim_selector = ?, dns_records = ?, created_at = ?, verified_at = ?, last_checked_at = ? "
                    + "WHERE id = ? AND account = ?")) {
                ps.setString(1, d.name());
                ps.setString(2, d.status().name());
                ps.setString(3, d.dkimSelector());
                ps.setString(4, Json.ofRecords(d.records()));
                Sql.setInstant(ps, 5, d.createdAt());
                Sql.setInstant(ps, 6, d.verifiedAt());
                Sql.setInstant(ps, 7, d.lastCheckedAt());
                ps.setLong(8, d.id());
                ps.setString(9, d.account());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<SenderDomain> get(String account, long id) {
        return tx.run("read domain " + id, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_domain WHERE id = ? AND account = ?",
                ps -> {
                    ps.setLong(1, id);
                    ps.setString(2, account);
                }, JdbcDomains::domain));
    }

    @Override
    public Optional<SenderDomain> byName(String account, String name) {
        return tx.run("read domain " + name, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_domain WHERE account = ? AND name = ?",
                ps -> {
                    ps.setString(1, account);
                    ps.setString(2, name);
                }, JdbcDomains::domain));
    }

    @Override
    public List<SenderDomain> withName(String name) {
        return tx.run("read domains named " + name, c -> Rows.list(c,
                "SELECT " + COLUMNS + " FROM ses_domain WHERE name = ? ORDER BY id",
                ps -> ps.setString(1, name), JdbcDomains::domain));
    }

    @Override
    public List<SenderDomain> list(String account) {
        return tx.run("list domains", c -> Rows.list(c,
                "SELECT " + COLUMNS + " FROM ses_domain WHERE account = ? ORDER BY id",
                ps -> ps.setString(1, account), JdbcDomains::domain));
    }

    @Override
    public List<SenderDomain> all() {
        return tx.run("list all domains", c -> Rows.list(c, "SELECT " + COLUMNS + " FROM ses_domain ORDER BY id",
                ps -> { }, JdbcDomains::domain));
    }

    @Override
    public boolean delete(String account, long id) {
        return tx.atomic("delete domain " + id, c -> {
            int deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ses_domain WHERE id = ? AND account = ?")) {
                ps.setLong(1, id);
                ps.setString(2, account);
                deleted = ps.executeUpdate();
            }
            if (deleted == 0) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ses_dkim_key WHERE domain_id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public void saveKey(DkimKey key) {
        tx.atomic("save DKIM key " + key.selector(), c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_dkim_key SET algorithm = ?, private_key = ?, "
                    + "public_key = ?, active = ?, created_at = ? WHERE domain_id = ? AND selector = ?")) {
                ps.setString(1, key.algorithm());
                ps.setBytes(2, key.privateKey());
                ps.setString(3, key.publicKey());
                ps.setBoolean(4, key.active());
                Sql.setInstant(ps, 5, key.createdAt());
                ps.setLong(6, key.domainId());
                ps.setString(7, key.selector());
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_dkim_key (domain_id, selector, "
                        + "algorithm, private_key, public_key, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, key.domainId());
                    ps.setString(2, key.selector());
                    ps.setString(3, key.algorithm());
                    ps.setBytes(4, key.privateKey());
                    ps.setString(5, key.publicKey());
                    ps.setBoolean(6, key.active());
                    Sql.setInstant(ps, 7, key.createdAt());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<DkimKey> keys(long domainId) {
        return tx.run("list DKIM keys", c -> Rows.list(c, "SELECT domain_id, selector, algorithm, private_key, "
                + "public_key, active, created_at FROM ses_dkim_key WHERE domain_id = ? ORDER BY created_at, selector",
                ps -> ps.setLong(1, domainId),
                rs -> new DkimKey(rs.getLong("domain_id"), rs.getString("selector"), rs.getString("algorithm"),
                        rs.getBytes("private_key"), rs.getString("public_key"), rs.getBoolean("active"),
                        Sql.instant(rs, "created_at"))));
    }

    private static SenderDomain domain(ResultSet rs) throws SQLException {
        return new SenderDomain(rs.getLong("id"), rs.getString("account"), rs.getString("name"),
                DomainStatus.valueOf(rs.getString("status")), rs.getString("dkim_selector"),
                Json.toRecords(rs.getString("dns_records")), Sql.instant(rs, "created_at"),
                Sql.optionalInstant(rs, "verified_at"), Sql.optionalInstant(rs, "last_checked_at"));
    }
}
