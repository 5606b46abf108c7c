package dev.ses.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.DomainStatus;
import dev.ses.core.ErrorCode;
import dev.ses.core.MessageState;
import dev.ses.core.SenderDomain;
import dev.ses.core.SesException;
import dev.ses.core.TemplateType;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a {@link JdbcStore} does beyond the store contract, on each database. */
abstract class JdbcStoreBehaviourTest {
    protected static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    protected JdbcStore store;

    /** A store on a new, empty database; the host reaches the same database through {@link JdbcStore#dataSource}. */
    protected abstract JdbcStore newStore();

    @BeforeEach
    void open() throws SQLException {
        store = newStore();
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE shop_order (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)");
        }
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    protected static SenderDomain domain(String name) {
        return new SenderDomain(0, "acme", name, DomainStatus.PENDING, "s1", List.of(), T0, Optional.empty(),
                Optional.empty());
    }

    protected static MailRequest request() {
        return new MailRequest(UUID.randomUUID().toString(), "acme", 1, "noreply@mail.acme.test", "Acme",
                "mail.acme.test", 7, TemplateType.TEXT, "Hi {{name}}", "Hello", Map.of(), List.of(), List.of(),
                Optional.empty(), Map.of(), List.of(), true, Optional.empty(), Optional.empty(), Optional.empty(), T0);
    }

    protected static List<MessageRecord> rows(MailRequest r, int count) {
        List<MessageRecord> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(MessageRecord.queued(r, "user" + i + "@x.test", Map.of("name", "u" + i), T0));
        }
        return rows;
    }

    private static void saveOrder(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shop_order (id, total) VALUES (?, 10)")) {
            ps.setInt(1, id);
            ps.executeUpdate();
        }
    }

    private int orders() throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM shop_order")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void mailQueuedInTheHostsTransactionVanishesWhenTheHostRollsBack() throws SQLException {
        MailRequest r = request();
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            saveOrder(c, 1);
            store.inHostTransaction(c, () -> store.inTransaction(() -> {
                store.requests().insertIfAbsent(r);
                return store.messages().insertAll(rows(r, 3));
            }));
            // Nothing is visible outside the host's transaction before it commits.
            assertThat(store.requests().get(r.id())).isEmpty();
            c.rollback();
            c.setAutoCommit(true);
        }
        assertThat(orders()).isZero();
        assertThat(store.requests().get(r.id())).isEmpty();
        assertThat(store.messages().byRequest("acme", r.id())).isEmpty();
        assertThat(store.messages().claim("n", 10, T0, Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void mailQueuedInTheHostsTransactionIsSentWhenTheHostCommits() throws SQLException {
        MailRequest r = request();
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            saveOrder(c, 2);
            store.inHostTransaction(c, () -> {
                store.requests().insertIfAbsent(r);
                return store.messages().insertAll(rows(r, 2));
            });
            c.commit();
            c.setAutoCommit(true);
        }
        assertThat(orders()).isEqualTo(1);
        assertThat(store.messages().claim("n", 10, T0, Duration.ofMinutes(1))).hasSize(2);
    }

    @Test
    void aHostConnectionInAutoCommitModeIsRefused() throws SQLException {
        try (Connection c = store.dataSource().getConnection()) {
            assertThatThrownBy(() -> store.inHostTransaction(c, () -> 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto-commit");
        }
    }

    @Test
    void aDuplicateIsAlreadyExistsCarryingTheSqlException() {
        store.domains().insert(domain("mail.acme.test"));
        assertThatThrownBy(() -> store.domains().insert(domain("mail.acme.test")))
                .isInstanceOfSatisfying(SesException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                .isNotInstanceOf(JdbcStoreException.class)
                .hasMessage("domain: 'mail.acme.test' already exists in account acme")
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void anyOtherSqlFailureIsAStoreErrorCarryingTheSqlException() {
        // ses_domain.name holds at most 253 characters, the longest a domain name can be.
        String tooLong = "a".repeat(250) + ".test";
        assertThatThrownBy(() -> store.domains().insert(domain(tooLong)))
                .isInstanceOfSatisfying(JdbcStoreException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_ERROR))
                .hasMessageStartingWith("insert domain " + tooLong + ": ")
                .hasCauseInstanceOf(SQLException.class);
        assertThat(store.domains().list("acme")).isEmpty();
    }

    @Test
    void largeBatchesKeepTheirOrderAndIds() {
        MailRequest r = store.requests().insertIfAbsent(request());
        List<MessageRecord> stored = store.messages().insertAll(rows(r, 2500));
        assertThat(stored).extracting(MessageRecord::id).doesNotHaveDuplicates().isSorted();
        assertThat(stored.get(2499).recipient()).isEqualTo("user2499@x.test");
        assertThat(store.messages().get("acme", stored.get(1234).id())).contains(stored.get(1234));

        List<MessageRecord> claimed = store.messages().claim("n", 2500, T0, Duration.ofMinutes(1));
        store.messages().updateAll(claimed.stream().map(m -> m.settle(MessageState.DELIVERED, Optional.empty(),
                Optional.of("250 ok"), T0, true, T0.plusSeconds(1))).toList());
        assertThat(store.messages().nextDue()).isEmpty();
        assertThat(store.messages().get("acme", stored.get(0).id()).orElseThrow().state())
                .isEqualTo(MessageState.DELIVERED);
    }

    @Test
    void instantsAreKeptToTheMicrosecond() {
        Instant precise = T0.plusNanos(123_456_789);
        SenderDomain d = store.domains().insert(new SenderDomain(0, "acme", "mail.acme.test", DomainStatus.PENDING,
                "s1", List.of(), precise, Optional.empty(), Optional.empty()));
        assertThat(d.createdAt()).isEqualTo(T0.plusNanos(123_456_000));
        assertThat(store.domains().get("acme", d.id())).contains(d);
    }

    @Test
    void closeIsIdempotent() {
        store.close();
        store.close();
    }

    protected DataSource dataSource() {
        return store.dataSource();
    }
}
