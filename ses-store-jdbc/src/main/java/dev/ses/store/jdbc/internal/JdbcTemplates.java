package dev.ses.store.jdbc.internal;

import dev.ses.core.Template;
import dev.ses.core.TemplateType;
import dev.ses.core.spi.TemplateRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Templates in {@code ses_template}. */
public final class JdbcTemplates implements TemplateRepository {
    private static final String COLUMNS = "id, account, name, type, body, summary, variables, created_at, updated_at";

    private final Transactions tx;

    public JdbcTemplates(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Template insert(Template t) {
        return tx.insert("insert template " + t.name(), Sql.taken("template", t.name(), t.account()), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_template (account, name, type, body, "
                    + "summary, variables, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    tx.dialect().idColumn())) {
                ps.setString(1, t.account());
                ps.setString(2, t.name());
                ps.setString(3, t.type().name());
                ps.setString(4, t.body());
                Sql.setString(ps, 5, t.summary());
                ps.setString(6, Json.ofStrings(t.variables()));
                Sql.setInstant(ps, 7, t.createdAt());
                Sql.setInstant(ps, 8, t.updatedAt());
                ps.executeUpdate();
                return new Template(Rows.generatedId(ps), t.account(), t.name(), t.type(), t.body(), t.summary(),
                        t.variables(), Sql.micros(t.createdAt()), Sql.micros(t.updatedAt()));
            }
        });
    }

    @Override
    public void update(Template t) {
        tx.run("update template " + t.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ses_template SET name = ?, type = ?, body = ?, "
                    + "summary = ?, variables = ?, created_at = ?, updated_at = ? WHERE id = ? AND account = ?")) {
                ps.setString(1, t.name());
                ps.setString(2, t.type().name());
                ps.setString(3, t.body());
                Sql.setString(ps, 4, t.summary());
                ps.setString(5, Json.ofStrings(t.variables()));
                Sql.setInstant(ps, 6, t.createdAt());
                Sql.setInstant(ps, 7, t.updatedAt());
                ps.setLong(8, t.id());
                ps.setString(9, t.account());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Template> get(String account, long id) {
        return tx.run("read template " + id, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_template WHERE id = ? AND account = ?", ps -> {
                    ps.setLong(1, id);
                    ps.setString(2, account);
                }, JdbcTemplates::template));
    }

    @Override
    public Optional<Template> byName(String account, String name) {
        return tx.run("read template " + name, c -> Rows.first(c,
                "SELECT " + COLUMNS + " FROM ses_template WHERE account = ? AND name = ?", ps -> {
                    ps.setString(1, account);
                    ps.setString(2, name);
                }, JdbcTemplates::template));
    }

    @Override
    public List<Template> list(String account) {
        return tx.run("list templates", c -> Rows.list(c,
                "SELECT " + COLUMNS + " FROM ses_template WHERE account = ? ORDER BY id",
                ps -> ps.setString(1, account), JdbcTemplates::template));
    }

    @Override
    public boolean delete(String account, long id) {
        return tx.run("delete template " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ses_template WHERE id = ? AND account = ?")) {
                ps.setLong(1, id);
                ps.setString(2, account);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static Template template(ResultSet rs) throws SQLException {
        return new Template(rs.getLong("id"), rs.getString("account"), rs.getString("name"),
                TemplateType.valueOf(rs.getString("type")), rs.getString("body"),
                Sql.optionalString(rs, "summary"), Json.toStrings(rs.getString("variables")),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
    }
}
