package dev.ses.store.jdbc.internal;

import dev.ses.core.SenderAddress;
import dev.ses.core.spi.AddressRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Sender addresses in {@code ses_address}. */
public final class JdbcAddresses implements AddressRepository {
    private static final String COLUMNS = "id, account, domain_id, domain, local_part, display_name, created_at";

    private final Transactions tx;

    public JdbcAddresses(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public SenderAddress insert(SenderAddress a) {
        return tx.insert("insert address " + a.email(), Sql.taken("address", a.email(), a.account()), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_address (account, domain_id, domain, "
                    + "local_part, display_name, email, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    tx.dialect().idColumn())) {
                ps.setString(1, a.account());
                ps.setLong(2, a.domainId());
                ps.setString(3, a.domain());
                ps.setString(4, a.localPart());
                ps.setString(5, a.displayName());
                ps.setString(6, a.email());
                Sql.setInstant(ps, 7, a.createdAt());
                ps.executeUpdate();
                return new SenderAddress(Rows.generatedId(ps), a.account(), a.domainId(), a.domain(), a.localPart(),
                        a.displayName(), Sql.micros(a.createdAt()));
            }
        });
    }

    @Override
    public Optional<SenderAddress> get(String account, long id) {
        return tx.run("read address " + id, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_address WHERE id = ? AND account = ?", ps -> {
                    ps.setLong(1, id);
                    ps.setString(2, account);
                }, JdbcAddresses::address));
    }

    @Override
    public Optional<SenderAddress> byEmail(String account, String email) {
        return tx.run("read address " + email, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_address WHERE account = ? AND email = ?", ps -> {
                    ps.setString(1, account);
                    ps.setString(2, email);
                }, JdbcAddresses::address));
    }

    @Override
    public List<SenderAddress> list(String account) {
        return tx.run("list addresses", c -> Rows.list(c,
                "SELECT " + COLUMNS + " FROM ses_address WHERE account = ? ORDER BY id",
                ps -> ps.setString(1, account), JdbcAddresses::address));
    }

    @Override
    public int countByDomain(long domainId) {
        return tx.run("count addresses", c -> Rows.first(c, "SELECT COUNT(*) FROM ses_address WHERE domain_id = ?",
                ps -> ps.setLong(1, domainId), rs -> rs.getInt(1)).orElse(0));
    }

    @Override
    public boolean delete(String account, long id) {
        return tx.run("delete address " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ses_address WHERE id = ? AND account = ?")) {
                ps.setLong(1, id);
                ps.setString(2, account);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static SenderAddress address(ResultSet rs) throws SQLException {
        return new SenderAddress(rs.getLong("id"), rs.getString("account"), rs.getLong("domain_id"),
                rs.getString("domain"), rs.getString("local_part"), rs.getString("display_name"),
                Sql.instant(rs, "created_at"));
    }
}
