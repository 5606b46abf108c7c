package dev.ses.store.jdbc.internal;

import dev.ses.store.jdbc.JdbcStoreException;
import dev.ses.store.jdbc.SchemaVersionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema to the version this code needs, from versioned SQL scripts shipped in the jar, and
 * records each applied script with its checksum in {@code ses_schema_version}.
 *
 * <p>Why not Flyway: ses is a library embedded in someone else's application; pulling in a migration tool would
 * force its version (and its own history table) on a host that may run another. The scripts are plain SQL, so a
 * host that prefers its own tool runs them and starts the store with {@code MigrationMode.NONE}.
 *
 * <p>Nodes that start at once take turns: on PostgreSQL the whole migration is one transaction under
 * {@code pg_advisory_xact_lock}, so it applies completely or not at all; on H2, whose DDL commits at once, a second
 * connection holds a row lock on {@code ses_schema_lock} while the scripts run.
 */
public final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    /** The scripts this code ships, in order; each exists for every dialect. */
    static final List<String> SHIPPED = List.of("V1__init.sql", "V2__groups_tasks_quotas.sql",
            "V3__event_log.sql", "V4__mailbox_sends.sql", "V5__task_zone.sql", "V6__statistics.sql",
            "V7__tracking.sql", "V8__callbacks.sql", "V9__inbound_reports.sql", "V10__delivery_response.sql",
            "V11__tracking_choices.sql", "V12__report_matching.sql");
    /** An arbitrary key for PostgreSQL's advisory lock, the same on every node: "ses-migr". */
    private static final long ADVISORY_KEY = 0x7365732D6D696772L;
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
    private static final String VERSION_TABLE = "CREATE TABLE IF NOT EXISTS ses_schema_version ("
            + "version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL, "
            + "installed_at TIMESTAMP WITH TIME ZONE NOT NULL)";

    /**
     * One versioned script.
     *
     * @param version its version, from its name {@code V<version>__<description>.sql}
     * @param description the words after the version
     * @param name the file name
     * @param sql the script
     * @param checksum SHA-256 of the script with line ends normalised, in hex
     */
    public record Script(int version, String description, String name, String sql, String checksum) {
        /** Reads a script from the class path. */
        public static Script load(String folder, String name) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalArgumentException("script name must be V<n>__<words>.sql: " + name);
            }
            String path = folder + "/" + name;
            try (InputStream in = Migrator.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new JdbcStoreException("migration script not on the class path: " + path);
                }
                String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
                return new Script(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), name, sql,
                        sha256(sql));
            } catch (IOException e) {
                throw new JdbcStoreException("could not read migration script " + path, e);
            }
        }
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final List<Script> scripts;

    /**
     * A migrator over the given scripts.
     *
     * @param scripts the scripts, in strictly ascending versions from 1 (a version may be missing: versions are
     *                handed out to features before they are written, and one may land before another)
     */
    public Migrator(DataSource dataSource, Dialect dialect, List<Script> scripts) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.scripts = List.copyOf(scripts);
        for (int i = 0; i < this.scripts.size(); i++) {
            int previous = i == 0 ? 0 : this.scripts.get(i - 1).version();
            if (this.scripts.get(i).version() <= previous || (i == 0 && this.scripts.get(i).version() != 1)) {
                throw new IllegalArgumentException("script versions must start at 1 and ascend: " + this.scripts);
            }
        }
    }

    /** A migrator over the scripts this code ships for a dialect. */
    public static Migrator shipped(DataSource dataSource, Dialect dialect) {
        return new Migrator(dataSource, dialect, shippedScripts(dialect));
    }

    /** The scripts this code ships for a dialect. */
    public static List<Script> shippedScripts(Dialect dialect) {
        return SHIPPED.stream().map(n -> Script.load("/dev/ses/store/jdbc/" + dialect.folder(), n)).toList();
    }

    private int target() {
        return scripts.isEmpty() ? 0 : scripts.get(scripts.size() - 1).version();
    }

    private Script script(int version) {
        return scripts.stream().filter(s -> s.version() == version).findFirst().orElseThrow(() ->
                new SchemaVersionException("the database has schema migration " + version
                        + " applied, which this code does not know; refusing to start"));
    }

    /**
     * Applies the scripts the database lacks.
     *
     * @return how many scripts this call applied (0 when another node got there first)
     * @throws SchemaVersionException if the schema is newer than the scripts, or an applied script differs
     */
    public int migrate() {
        try {
            return dialect == Dialect.POSTGRESQL ? migratePostgresql() : migrateH2();
        } catch (SQLException e) {
            throw new SchemaVersionException("schema migration failed: " + e.getMessage(), e);
        }
    }

    private int migratePostgresql() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_KEY + ")");
                    s.execute(VERSION_TABLE);
                }
                int applied = applyMissing(c);
                c.commit();
                return applied;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private int migrateH2() throws SQLException {
        try (Connection lock = dataSource.getConnection(); Connection work = dataSource.getConnection()) {
            boolean autoCommit = lock.getAutoCommit();
            lock.setAutoCommit(true);
            try (Statement s = lock.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS ses_schema_lock (id INTEGER PRIMARY KEY)");
                try {
                    s.execute("MERGE INTO ses_schema_lock KEY (id) VALUES (1)");
                } catch (SQLException e) {
                    if (!Sql.isUniqueViolation(e)) {
                        throw e;
                    }
                }
            }
            lock.setAutoCommit(false);
            int lockTimeout = Rows.first(lock, "SELECT LOCK_TIMEOUT()", ps -> { }, rs -> rs.getInt(1)).orElse(2000);
            try {
                try (Statement s = lock.createStatement()) {
                    // Wait as long as another node may reasonably take to migrate, not the usual short timeout.
                    s.execute("SET LOCK_TIMEOUT 600000");
                    s.executeQuery("SELECT id FROM ses_schema_lock WHERE id = 1 FOR UPDATE").close();
                }
                work.setAutoCommit(true);
                try (Statement s = work.createStatement()) {
                    s.execute(VERSION_TABLE);
                }
                return applyMissing(work);
            } finally {
                lock.rollback();
                try (Statement s = lock.createStatement()) {
                    s.execute("SET LOCK_TIMEOUT " + lockTimeout);
                }
                lock.setAutoCommit(autoCommit);
            }
        }
    }

    /** Applies the missing scripts on a connection that holds the migration lock. */
    private int applyMissing(Connection c) throws SQLException {
        Map<Integer, String> applied = applied(c);
        check(applied);
        int count = 0;
        for (Script script : scripts) {
            if (applied.containsKey(script.version())) {
                continue;
            }
            LOG.info("Applying schema migration {} ({} database)", script.name(), dialect.folder());
            List<String> statements = statements(script.sql());
            for (int i = 0; i < statements.size(); i++) {
                try (Statement s = c.createStatement()) {
                    s.execute(statements.get(i));
                } catch (SQLException e) {
                    throw new SchemaVersionException("schema migration " + script.name() + " failed at statement "
                            + (i + 1) + (dialect == Dialect.H2 ? " (H2 commits DDL at once: the statements before "
                            + "it stay applied)" : " (nothing of it was applied)") + ": " + e.getMessage(), e);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_schema_version "
                    + "(version, description, checksum, installed_at) VALUES (?, ?, ?, ?)")) {
                ps.setInt(1, script.version());
                ps.setString(2, script.description());
                ps.setString(3, script.checksum());
                Sql.setInstant(ps, 4, Instant.now());
                ps.executeUpdate();
            }
            count++;
        }
        if (count > 0) {
            LOG.info("Schema is at version {} after {} migration(s)", target(), count);
        }
        return count;
    }

    /**
     * Checks, without changing anything, that the schema is exactly at the version of the scripts.
     *
     * @throws SchemaVersionException if it is missing, older, newer, or an applied script differs
     */
    public void validate() {
        try (Connection c = dataSource.getConnection()) {
            if (!versionTableExists(c)) {
                throw new SchemaVersionException("the database has no ses schema (no table ses_schema_version); "
                        + "start the store with MigrationMode.MIGRATE, or apply the scripts in /dev/ses/store/jdbc/"
                        + dialect.folder() + "/ with your own tool and start it with MigrationMode.NONE");
            }
            Map<Integer, String> applied = applied(c);
            check(applied);
            int current = applied.isEmpty() ? 0 : ((TreeMap<Integer, String>) applied).lastKey();
            if (current < target()) {
                throw new SchemaVersionException("the database schema is at version " + current
                        + " but this code needs version " + target() + "; start the store with "
                        + "MigrationMode.MIGRATE to upgrade it");
            }
        } catch (SQLException e) {
            throw new SchemaVersionException("could not read the schema version: " + e.getMessage(), e);
        }
    }

    private boolean versionTableExists(Connection c) throws SQLException {
        String sql = dialect == Dialect.POSTGRESQL
                ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() "
                        + "AND table_name = 'ses_schema_version'"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = SCHEMA() "
                        + "AND table_name = 'SES_SCHEMA_VERSION'";
        return Rows.first(c, sql, ps -> { }, rs -> rs.getInt(1)).orElse(0) > 0;
    }

    private static Map<Integer, String> applied(Connection c) throws SQLException {
        Map<Integer, String> applied = new TreeMap<>();
        for (String[] row : Rows.list(c, "SELECT version, checksum FROM ses_schema_version", ps -> { },
                rs -> new String[] {rs.getString(1), rs.getString(2)})) {
            applied.put(Integer.parseInt(row[0]), row[1]);
        }
        return applied;
    }

    private void check(Map<Integer, String> applied) {
        for (Map.Entry<Integer, String> e : applied.entrySet()) {
            int version = e.getKey();
            if (version > target()) {
                throw new SchemaVersionException("the database schema is at version "
                        + ((TreeMap<Integer, String>) applied).lastKey() + ", newer than version " + target()
                        + " that this code knows; refusing to start. Upgrade ses, or use another database");
            }
            Script script = script(version);
            if (!script.checksum().equals(e.getValue())) {
                throw new SchemaVersionException("schema migration " + script.name() + " was applied with checksum "
                        + e.getValue() + " but the script shipped now has checksum " + script.checksum()
                        + "; the schema was changed by another version of the script");
            }
        }
    }

    /**
     * Splits a script into statements at semicolons, leaving out comments. Knows quoted strings and identifiers,
     * {@code --} and block comments; the scripts use no dollar-quoted bodies.
     */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            char ch = sql.charAt(i);
            if (ch == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
            } else if (ch == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
                current.append(' ');
            } else if (ch == '\'' || ch == '"') {
                int end = i + 1;
                while (end < sql.length()) {
                    if (sql.charAt(end) == ch) {
                        if (end + 1 < sql.length() && sql.charAt(end + 1) == ch) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                end = Math.min(end, sql.length() - 1);
                current.append(sql, i, end + 1);
                i = end + 1;
            } else if (ch == ';') {
                add(out, current);
                i++;
            } else {
                current.append(ch);
                i++;
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder statement) {
        String s = statement.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        statement.setLength(0);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
