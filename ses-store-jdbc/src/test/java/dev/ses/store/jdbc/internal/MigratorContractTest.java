package dev.ses.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.DomainStatus;
import dev.ses.core.ErrorCode;
import dev.ses.core.RecipientGroup;
import dev.ses.core.EventType;
import dev.ses.core.SenderDomain;
import dev.ses.core.SesEvent;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.store.jdbc.JdbcStore;
import dev.ses.store.jdbc.MigrationMode;
import dev.ses.store.jdbc.SchemaVersionException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** How the migration runner behaves, on each database. */
abstract class MigratorContractTest {
    private static final String TEST_SCRIPTS = "/dev/ses/store/jdbc/testmigrations";

    /** A new, empty database (or schema) for this test. */
    protected abstract DataSource freshDatabase();

    /** Another pool on the same database as the last {@link #freshDatabase()}, as another node would have. */
    protected abstract DataSource anotherNode();

    protected abstract Dialect dialect();

    private static Migrator.Script script(String name) {
        return Migrator.Script.load(TEST_SCRIPTS, name);
    }

    private static List<Integer> versions(DataSource ds) throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM ses_schema_version ORDER BY version")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    @Test
    void aFreshDatabaseIsMigratedAndUsable() throws SQLException {
        DataSource ds = freshDatabase();
        try (JdbcStore store = JdbcStore.create(ds)) {
            SenderDomain d = store.domains().insert(new SenderDomain(0, "acme", "mail.acme.test",
                    DomainStatus.PENDING, "s1", List.of(), Instant.EPOCH, Optional.empty(), Optional.empty()));
            assertThat(store.domains().get("acme", d.id())).contains(d);
        }
        assertThat(versions(ds)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        try (JdbcStore again = JdbcStore.builder(ds).migration(MigrationMode.VALIDATE).build()) {
            assertThat(again.domains().list("acme")).hasSize(1);
        }
    }

    @Test
    void validateRefusesADatabaseWithoutTheSchema() {
        DataSource ds = freshDatabase();
        assertThatThrownBy(() -> JdbcStore.builder(ds).migration(MigrationMode.VALIDATE).build())
                .isInstanceOfSatisfying(SchemaVersionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_ERROR))
                .hasMessageContaining("no ses schema")
                .hasMessageContaining("MigrationMode.MIGRATE");
    }

    @Test
    void noneNeitherChecksNorChanges() throws SQLException {
        DataSource ds = freshDatabase();
        JdbcStore.builder(ds).migration(MigrationMode.NONE).build().close();
        assertThatThrownBy(() -> versions(ds)).isInstanceOf(SQLException.class);
    }

    @Test
    void aVersionNotShippedIsSkippedAndVersionsMustAscend() throws SQLException {
        DataSource ds = freshDatabase();
        Migrator.Script v1 = script("V1__first.sql");
        Migrator.Script v2 = script("V2__second.sql");
        Migrator.Script v5 = new Migrator.Script(5, v2.description(), "V5__second.sql", v2.sql(), v2.checksum());
        Migrator gapped = new Migrator(ds, dialect(), List.of(v1, v5));
        assertThat(gapped.migrate()).isEqualTo(2);
        gapped.validate();
        assertThat(versions(ds)).containsExactly(1, 5);
        assertThatThrownBy(() -> new Migrator(ds, dialect(), List.of(v1, v1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascend");
        assertThatThrownBy(() -> new Migrator(ds, dialect(), List.of(v2, v1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascend");
        assertThatThrownBy(() -> new Migrator(ds, dialect(), List.of(v1, v2)).validate())
                .isInstanceOf(SchemaVersionException.class).hasMessageContaining("newer than version 2");
    }

    @Test
    void anOlderSchemaIsUpgraded() throws SQLException {
        DataSource ds = freshDatabase();
        assertThat(new Migrator(ds, dialect(), List.of(script("V1__first.sql"))).migrate()).isEqualTo(1);
        Migrator both = new Migrator(ds, dialect(), List.of(script("V1__first.sql"), script("V2__second.sql")));
        assertThatThrownBy(both::validate).isInstanceOf(SchemaVersionException.class)
                .hasMessageContaining("at version 1 but this code needs version 2");

        assertThat(both.migrate()).isEqualTo(1);
        assertThat(both.migrate()).isZero();
        both.validate();
        assertThat(versions(ds)).containsExactly(1, 2);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT note FROM mig_a")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("semi;colon");
        }
    }

    @Test
    void aStoreStartedOnTheFirstShippedSchemaUpgradesItAndKeepsItsRows() throws SQLException {
        DataSource ds = freshDatabase();
        Migrator.Script v1 = Migrator.shippedScripts(dialect()).get(0);
        assertThat(new Migrator(ds, dialect(), List.of(v1)).migrate()).isEqualTo(1);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO ses_domain "
                + "(account, name, status, dkim_selector, dns_records, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, "acme");
            ps.setString(2, "old.acme.test");
            ps.setString(3, "PENDING");
            ps.setString(4, "s1");
            ps.setString(5, "[]");
            ps.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
            ps.executeUpdate();
        }
        assertThatThrownBy(() -> JdbcStore.builder(ds).migration(MigrationMode.VALIDATE).build())
                .isInstanceOf(SchemaVersionException.class).hasMessageContaining("at version 1 but");

        try (JdbcStore store = JdbcStore.create(ds)) {
            assertThat(store.domains().list("acme")).extracting(SenderDomain::name).containsExactly("old.acme.test");
            RecipientGroup g = store.groups().insert(new RecipientGroup(0, "acme", "customers", "", List.of(), 0,
                    Instant.EPOCH));
            assertThat(store.groups().get("acme", g.id())).contains(g);
            assertThat(store.counters().add("quota", LocalDate.of(2026, 3, 1), 3)).isEqualTo(3);
            assertThat(store.events().append(List.of(LoggedEvent.of("k", new SesEvent(EventType.QUEUED, "acme", "m",
                    1, "a@x.test", "n@old.acme.test", "old.acme.test", 1, Optional.empty(), Optional.empty(), 0,
                    Instant.EPOCH, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())))))
                    .extracting(LoggedEvent::seq).containsExactly(1L);
        }
        assertThat(versions(ds)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void rowsWrittenBeforeSchemaFiveReadAsTheyBehavedThen() throws SQLException {
        DataSource ds = freshDatabase();
        assertThat(new Migrator(ds, dialect(), Migrator.shippedScripts(dialect()).subList(0, 4)).migrate())
                .isEqualTo(4);
        OffsetDateTime start = OffsetDateTime.of(2026, 3, 27, 8, 0, 0, 0, ZoneOffset.UTC);
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_task (account, type, group_id, "
                    + "template_id, address_id, subject, shared_variables, start_at, repeat_every, status, "
                    + "next_run_at, runs, created_at, updated_at) "
                    + "VALUES ('acme', 'RECURRING', 1, 2, 3, 'Hi', '{}', ?, 'P1D', 'WAITING', ?, 0, ?, ?)")) {
                for (int i = 1; i <= 4; i++) {
                    ps.setObject(i, start);
                }
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ses_message (account, request_id, "
                    + "recipient, variables, state, attempts, next_attempt_at, created_at, updated_at, sender_domain, "
                    + "template_id, opened, clicked, unsubscribed, complained) VALUES ('acme', 'r1', 'a@x.test', '{}', "
                    + "'DEFERRED', 2, ?, ?, ?, 'old.acme.test', 1, FALSE, FALSE, FALSE, FALSE)")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setObject(i, start);
                }
                ps.executeUpdate();
            }
        }
        try (JdbcStore store = JdbcStore.create(ds)) {
            // Runs by fixed durations, which is what days in UTC are.
            assertThat(store.tasks().list("acme")).singleElement().satisfies(t -> {
                assertThat(t.zone()).isEqualTo(java.time.ZoneId.of("UTC"));
                assertThat(t.nextRunAt()).contains(start.toInstant());
            });
            // Its retry age counts from its creation, as before.
            assertThat(store.messages().byRequest("acme", "r1")).singleElement().satisfies(m -> {
                assertThat(m.attempts()).isEqualTo(2);
                assertThat(m.firstAttemptAt()).isEmpty();
            });
        }
    }

    @Test
    void aNewerSchemaIsRefused() throws SQLException {
        DataSource ds = freshDatabase();
        JdbcStore.create(ds).close();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ses_schema_version (version, description, checksum, installed_at) VALUES (?, ?, ?, ?)")) {
            ps.setInt(1, 99);
            ps.setString(2, "from the future");
            ps.setString(3, "0");
            ps.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            ps.executeUpdate();
        }
        for (MigrationMode mode : List.of(MigrationMode.MIGRATE, MigrationMode.VALIDATE)) {
            assertThatThrownBy(() -> JdbcStore.builder(ds).migration(mode).build())
                    .isInstanceOf(SchemaVersionException.class)
                    .hasMessageContaining("at version 99, newer than version " + Migrator.shippedScripts(dialect())
                            .get(Migrator.SHIPPED.size() - 1).version());
        }
    }

    @Test
    void aChangedScriptIsRefused() {
        DataSource ds = freshDatabase();
        new Migrator(ds, dialect(), List.of(script("V1__first.sql"))).migrate();
        Migrator.Script v1 = script("V1__first.sql");
        String edited = v1.sql() + "\nCREATE TABLE mig_c (id INTEGER);\n";
        Migrator changed = new Migrator(ds, dialect(), List.of(new Migrator.Script(1, v1.description(), v1.name(),
                edited, Migrator.sha256(edited))));
        assertThatThrownBy(changed::migrate).isInstanceOf(SchemaVersionException.class)
                .hasMessageContaining("V1__first.sql was applied with checksum");
        assertThatThrownBy(changed::validate).isInstanceOf(SchemaVersionException.class);
    }

    @Test
    void nodesStartingAtOnceMigrateOnce() throws Exception {
        freshDatabase();
        int nodes = 4;
        List<DataSource> sources = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            sources.add(anotherNode());
        }
        CyclicBarrier start = new CyclicBarrier(nodes);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<Callable<Integer>> starts = new ArrayList<>();
            for (DataSource ds : sources) {
                starts.add(() -> {
                    start.await();
                    return Migrator.shipped(ds, dialect()).migrate();
                });
            }
            int applied = 0;
            for (Future<Integer> f : pool.invokeAll(starts)) {
                applied += f.get();
            }
            assertThat(applied).isEqualTo(Migrator.SHIPPED.size());
        } finally {
            pool.shutdownNow();
        }
        assertThat(versions(sources.get(0))).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        Migrator.shipped(sources.get(0), dialect()).validate();
    }
}
