package dev.ses.store.jdbc.internal;

import dev.ses.core.BlocklistEntry;
import dev.ses.core.Unsubscription;
import dev.ses.core.spi.BlocklistRepository;
import dev.ses.core.spi.UnsubscriptionFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Blocklists in {@code ses_blocklist} and unsubscriptions in {@code ses_unsubscription}. Addresses are matched
 * through their lower-case form, kept in its own indexed column; a set of addresses is one query with
 * {@code = ANY(?)} per thousand.
 */
public final class JdbcBlocklist implements BlocklistRepository {
    private static final int CHUNK = 1000;
    private static final String COLUMNS = "account, address, source, reason, added_at, expires_at";

    private final Transactions tx;

    public JdbcBlocklist(Transactions tx) {
        this.tx = tx;
    }

    private static String norm(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    @Override
    public void put(BlocklistEntry e) {
        String sql = tx.dialect() == Dialect.POSTGRESQL
                ? "INSERT INTO ses_blocklist (account, address_lc, address, source, reason, added_at, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, address_lc, source) DO UPDATE SET "
                        + "address = EXCLUDED.address, reason = EXCLUDED.reason, added_at = EXCLUDED.added_at, "
                        + "expires_at = EXCLUDED.expires_at"
                : "MERGE INTO ses_blocklist (account, address_lc, address, source, reason, added_at, expires_at) "
                        + "KEY (account, address_lc, source) VALUES (?, ?, ?, ?, ?, ?, ?)";
        tx.run("put " + e.address() + " on the blocklist", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, e.account());
                ps.setString(2, norm(e.address()));
                ps.setString(3, e.address());
                ps.setString(4, e.source().name());
                ps.setString(5, e.reason());
                Sql.setInstant(ps, 6, e.addedAt());
                Sql.setInstant(ps, 7, e.expiresAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<BlocklistEntry> find(String account, String address) {
        return tx.run("read blocklist", c -> Rows.list(c, "SELECT " + COLUMNS + " FROM ses_blocklist "
                + "WHERE account = ? AND address_lc = ? ORDER BY source", ps -> {
                    ps.setString(1, account);
                    ps.setString(2, norm(address));
                }, JdbcBlocklist::entry));
    }

    @Override
    public List<BlocklistEntry> list(String account, Optional<String> addressContains, Optional<Instant> addedFrom,
                                     Optional<Instant> addedTo, Optional<BlocklistEntry.Source> source) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM ses_blocklist WHERE account = ?");
        addressContains.ifPresent(x -> sql.append(" AND address_lc LIKE ? ESCAPE '!'"));
        addedFrom.ifPresent(x -> sql.append(" AND added_at >= ?"));
        addedTo.ifPresent(x -> sql.append(" AND added_at < ?"));
        source.ifPresent(x -> sql.append(" AND source = ?"));
        sql.append(" ORDER BY added_at DESC, address");
        return tx.run("list blocklist", c -> Rows.list(c, sql.toString(), ps -> {
            int i = 1;
            ps.setString(i++, account);
            if (addressContains.isPresent()) {
                ps.setString(i++, "%" + norm(addressContains.get()).replace("!", "!!").replace("%", "!%")
                        .replace("_", "!_") + "%");
            }
            if (addedFrom.isPresent()) {
                Sql.setInstant(ps, i++, addedFrom.get());
            }
            if (addedTo.isPresent()) {
                Sql.setInstant(ps, i++, addedTo.get());
            }
            if (source.isPresent()) {
                ps.setString(i, source.get().name());
            }
        }, JdbcBlocklist::entry));
    }

    @Override
    public int remove(String account, Collection<String> addresses, Optional<BlocklistEntry.Source> source) {
        if (addresses.isEmpty()) {
            return 0;
        }
        String sql = "DELETE FROM ses_blocklist WHERE account = ? AND address_lc = ANY(?)"
                + (source.isPresent() ? " AND source = ?" : "");
        return tx.atomic("remove from the blocklist", c -> {
            int removed = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (List<String> chunk : chunks(addresses)) {
                    ps.setString(1, account);
                    ps.setArray(2, c.createArrayOf("varchar", chunk.toArray()));
                    if (source.isPresent()) {
                        ps.setString(3, source.get().name());
                    }
                    removed += ps.executeUpdate();
                }
            }
            return removed;
        });
    }

    @Override
    public Set<String> blocked(String account, Collection<String> addresses, Instant now) {
        if (addresses.isEmpty()) {
            return new HashSet<>();
        }
        Set<String> lower = tx.run("read blocklist", c -> matching(c, "SELECT address_lc FROM ses_blocklist "
                + "WHERE account = ? AND address_lc = ANY(?) AND (expires_at IS NULL OR expires_at > ?)",
                account, null, addresses, now));
        return pick(addresses, lower);
    }

    @Override
    public void unsubscribe(String account, String senderDomain, String address, Instant at) {
        String sql = tx.dialect() == Dialect.POSTGRESQL
                ? "INSERT INTO ses_unsubscription (account, sender_domain, address_lc, unsubscribed_at) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (account, sender_domain, address_lc) "
                        + "DO UPDATE SET unsubscribed_at = EXCLUDED.unsubscribed_at"
                : "MERGE INTO ses_unsubscription (account, sender_domain, address_lc, unsubscribed_at) "
                        + "KEY (account, sender_domain, address_lc) VALUES (?, ?, ?, ?)";
        tx.run("record unsubscription", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, account);
                ps.setString(2, senderDomain);
                ps.setString(3, norm(address));
                Sql.setInstant(ps, 4, at);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Set<String> unsubscribed(String account, String senderDomain, Collection<String> addresses) {
        if (addresses.isEmpty()) {
            return new HashSet<>();
        }
        Set<String> lower = tx.run("read unsubscriptions", c -> matching(c, "SELECT address_lc FROM "
                + "ses_unsubscription WHERE account = ? AND sender_domain = ? AND address_lc = ANY(?)",
                account, senderDomain, addresses, null));
        return pick(addresses, lower);
    }

    /** The lower-case addresses a query finds, one statement per chunk. */
    private static Set<String> matching(Connection c, String sql, String account, String senderDomain,
                                        Collection<String> addresses, Instant now) throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (List<String> chunk : chunks(addresses)) {
                int i = 1;
                ps.setString(i++, account);
                if (senderDomain != null) {
                    ps.setString(i++, senderDomain);
                }
                ps.setArray(i++, c.createArrayOf("varchar", chunk.toArray()));
                if (now != null) {
                    Sql.setInstant(ps, i, now);
                }
                found.addAll(Rows.read(ps.executeQuery(), rs -> rs.getString(1)));
            }
        }
        return found;
    }

    private static List<List<String>> chunks(Collection<String> addresses) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(addresses.stream().map(JdbcBlocklist::norm)
                .toList()));
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += CHUNK) {
            chunks.add(distinct.subList(from, Math.min(distinct.size(), from + CHUNK)));
        }
        return chunks;
    }

    /** The given addresses, as given, whose lower-case form was found. */
    private static Set<String> pick(Collection<String> addresses, Set<String> lower) {
        Set<String> out = new HashSet<>();
        for (String a : addresses) {
            if (lower.contains(norm(a))) {
                out.add(a);
            }
        }
        return out;
    }

    private static BlocklistEntry entry(ResultSet rs) throws SQLException {
        return new BlocklistEntry(rs.getString("account"), rs.getString("address"),
                BlocklistEntry.Source.valueOf(rs.getString("source")), rs.getString("reason"),
                Sql.instant(rs, "added_at"), Sql.optionalInstant(rs, "expires_at"));
    }

    @Override
    public List<Unsubscription> unsubscriptions(UnsubscriptionFilter f, Optional<Unsubscription> after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT sender_domain, address_lc, unsubscribed_at FROM "
                + "ses_unsubscription WHERE account = ? AND unsubscribed_at >= ? AND unsubscribed_at < ?");
        f.senderDomain().ifPresent(d -> sql.append(" AND sender_domain = ?"));
        f.recipientDomain().ifPresent(d -> sql.append(" AND address_lc LIKE ?"));
        after.ifPresent(a -> sql.append(" AND sender_domain >= ? AND (sender_domain > ? OR address_lc > ?)"));
        sql.append(" ORDER BY account, sender_domain, address_lc LIMIT ?");
        return tx.run("list unsubscriptions", c -> Rows.list(c, sql.toString(), ps -> {
            int i = 1;
            ps.setString(i++, f.account());
            Sql.setInstant(ps, i++, f.from());
            Sql.setInstant(ps, i++, f.to());
            if (f.senderDomain().isPresent()) {
                ps.setString(i++, f.senderDomain().get());
            }
            if (f.recipientDomain().isPresent()) {
                ps.setString(i++, "%@" + f.recipientDomain().get().replace("\\", "\\\\").replace("%", "\\%")
                        .replace("_", "\\_"));
            }
            if (after.isPresent()) {
                ps.setString(i++, after.get().senderDomain());
                ps.setString(i++, after.get().senderDomain());
                ps.setString(i++, norm(after.get().address()));
            }
            ps.setInt(i, limit);
        }, rs -> new Unsubscription(rs.getString(1), rs.getString(2), Sql.instant(rs, "unsubscribed_at"))));
    }

    @Override
    public boolean withdrawUnsubscription(String account, String senderDomain, String address) {
        return tx.run("withdraw unsubscription", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ses_unsubscription WHERE account = ? "
                    + "AND sender_domain = ? AND address_lc = ?")) {
                ps.setString(1, account);
                ps.setString(2, senderDomain);
                ps.setString(3, norm(address));
                return ps.executeUpdate() > 0;
            }
        });
    }
}
