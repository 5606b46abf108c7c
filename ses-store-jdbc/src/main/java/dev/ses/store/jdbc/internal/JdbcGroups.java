package dev.ses.store.jdbc.internal;

import dev.ses.core.RecipientGroup;
import dev.ses.core.spi.GroupMember;
import dev.ses.core.spi.GroupRepository;
import dev.ses.core.spi.RecipientRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Recipient groups in {@code ses_group}, their members in {@code ses_group_member}. */
public final class JdbcGroups implements GroupRepository {
    private static final String COLUMNS = "id, account, name, description, variables, recipients, created_at";

    private final Transactions tx;

    public JdbcGroups(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public RecipientGroup insert(RecipientGroup g) {
        return tx.insert("insert group " + g.name(), Sql.taken("group", g.name(), g.account()), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_group (account, name, description, "
                    + "variables, recipients, created_at) VALUES (?, ?, ?, ?, ?, ?)", tx.dialect().idColumn())) {
                ps.setString(1, g.account());
                ps.setString(2, g.name());
                ps.setString(3, g.description());
                ps.setString(4, Json.ofStrings(g.variables()));
                ps.setLong(5, g.recipients());
                Sql.setInstant(ps, 6, g.createdAt());
                ps.executeUpdate();
                return new RecipientGroup(Rows.generatedId(ps), g.account(), g.name(), g.description(), g.variables(),
                        g.recipients(), Sql.micros(g.createdAt()));
            }
        });
    }

    @Override
    public void update(RecipientGroup g) {
        tx.run("update group " + g.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_group SET name = ?, description = ?, "
                    + "variables = ?, recipients = ?, created_at = ? WHERE id = ? AND account = ?")) {
                ps.setString(1, g.name());
                ps.setString(2, g.description());
                ps.setString(3, Json.ofStrings(g.variables()));
                ps.setLong(4, g.recipients());
                Sql.setInstant(ps, 5, g.createdAt());
                ps.setLong(6, g.id());
                ps.setString(7, g.account());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<RecipientGroup> get(String account, long id) {
        return tx.run("read group " + id, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_group WHERE id = ? AND account = ?", ps -> {
                    ps.setLong(1, id);
                    ps.setString(2, account);
                }, JdbcGroups::group));
    }

    @Override
    public Optional<RecipientGroup> byName(String account, String name) {
        return tx.run("read group " + name, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_group WHERE account = ? AND name = ?", ps -> {
                    ps.setString(1, account);
                    ps.setString(2, name);
                }, JdbcGroups::group));
    }

    @Override
    public List<RecipientGroup> list(String account) {
        return tx.run("list groups", c -> Rows.list(c,
                "SELECT " + COLUMNS + " FROM ses_group WHERE account = ? ORDER BY id",
                ps -> ps.setString(1, account), JdbcGroups::group));
    }

    @Override
    public boolean delete(String account, long id) {
        return tx.atomic("delete group " + id, c -> {
            int deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ses_group WHERE id = ? AND account = ?")) {
                ps.setLong(1, id);
                ps.setString(2, account);
                deleted = ps.executeUpdate();
            }
            if (deleted == 0) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ses_group_member WHERE group_id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public void addMembers(long groupId, List<RecipientRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        tx.atomic("add members to group " + groupId, c -> {
            // Ids come from the identity in insertion order, which is the order members are read back in.
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ses_group_member (group_id, email, variables) VALUES (?, ?, ?)")) {
                for (int from = 0; from < rows.size(); from += JdbcMessages.BATCH) {
                    for (RecipientRow r : rows.subList(from, Math.min(rows.size(), from + JdbcMessages.BATCH))) {
                        ps.setLong(1, groupId);
                        ps.setString(2, r.email());
                        ps.setString(3, Json.ofMap(r.variables()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public List<GroupMember> members(long groupId, long afterId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return tx.run("read members of group " + groupId, c -> Rows.list(c,
                "SELECT id, group_id, email, variables FROM ses_group_member WHERE group_id = ? AND id > ? "
                        + "ORDER BY id LIMIT ?", ps -> {
                    ps.setLong(1, groupId);
                    ps.setLong(2, afterId);
                    ps.setInt(3, limit);
                }, rs -> new GroupMember(rs.getLong("id"), rs.getLong("group_id"), rs.getString("email"),
                        Json.toMap(rs.getString("variables")))));
    }

    @Override
    public List<GroupMember> membersWithLineBreaks(long groupId, long afterId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // The values are stored as JSON, where a line break is written \n or \r: the database finds the few rows
        // that hold one, without sending every member over to have its JSON parsed. A value holding a backslash
        // before an n matches too, which the contract allows.
        return tx.run("read members of group " + groupId + " with line breaks", c -> Rows.list(c,
                "SELECT id, group_id, email, variables FROM ses_group_member WHERE group_id = ? AND id > ? "
                        + "AND (variables LIKE ? ESCAPE '!' OR variables LIKE ? ESCAPE '!') ORDER BY id LIMIT ?",
                ps -> {
                    ps.setLong(1, groupId);
                    ps.setLong(2, afterId);
                    ps.setString(3, "%\\n%");
                    ps.setString(4, "%\\r%");
                    ps.setInt(5, limit);
                }, rs -> new GroupMember(rs.getLong("id"), rs.getLong("group_id"), rs.getString("email"),
                        Json.toMap(rs.getString("variables")))));
    }

    @Override
    public Set<String> emails(long groupId) {
        return tx.run("read addresses of group " + groupId, c -> new HashSet<>(Rows.list(c,
                "SELECT email FROM ses_group_member WHERE group_id = ?", ps -> ps.setLong(1, groupId),
                rs -> rs.getString(1))));
    }

    private static RecipientGroup group(ResultSet rs) throws SQLException {
        return new RecipientGroup(rs.getLong("id"), rs.getString("account"), rs.getString("name"),
                rs.getString("description"), Json.toStrings(rs.getString("variables")), rs.getLong("recipients"),
                Sql.instant(rs, "created_at"));
    }

    @Override
    public int removeMembers(String account, long groupId, Collection<String> emails) {
        if (emails.isEmpty()) {
            return 0;
        }
        List<String> all = List.copyOf(emails);
        return tx.atomic("remove members of group " + groupId, c -> {
            if (Rows.first(c, "SELECT id FROM ses_group WHERE id = ? AND account = ? FOR UPDATE", ps -> {
                ps.setLong(1, groupId);
                ps.setString(2, account);
            }, rs -> rs.getLong(1)).isEmpty()) {
                return 0;
            }
            int removed = 0;
            for (int from = 0; from < all.size(); from += 500) {
                List<String> part = all.subList(from, Math.min(all.size(), from + 500));
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM ses_group_member WHERE group_id = ? "
                        + "AND email IN (" + String.join(", ", java.util.Collections.nCopies(part.size(), "?"))
                        + ")")) {
                    ps.setLong(1, groupId);
                    for (int i = 0; i < part.size(); i++) {
                        ps.setString(i + 2, part.get(i));
                    }
                    removed += ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_group SET recipients = recipients - ? "
                    + "WHERE id = ?")) {
                ps.setLong(1, removed);
                ps.setLong(2, groupId);
                ps.executeUpdate();
            }
            return removed;
        });
    }
}
