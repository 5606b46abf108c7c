package dev.ses.examples;

import dev.ses.core.MessageState;
import dev.ses.core.TemplateType;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import dev.ses.store.jdbc.JdbcStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The settle write of a claimed chunk alone, on embedded PostgreSQL: the store's statement ({@code UPDATE ... FROM
 * unnest}) against the JDBC batch of one fenced {@code UPDATE} per row that it replaced, which this class keeps as
 * the baseline. The two alternate chunk by chunk in one run, so a machine loaded by other work weighs on both alike.
 * Not a test.
 *
 * <pre>
 * java -cp ... dev.ses.examples.SettleBenchmark [chunks, default 400] [chunk size, default 256]
 * </pre>
 */
public final class SettleBenchmark {
    /** The statement the store ran once per row before, with the same lease fence. */
    private static final String PER_ROW = "UPDATE ses_message SET state = ?, bounce_type = ?, attempts = ?, "
            + "next_attempt_at = ?, lease_owner = ?, lease_until = ?, reply = ?, updated_at = ?, delivered_at = ?, "
            + "first_attempt_at = ? WHERE id = ? AND state = 'SENDING' AND lease_owner = ? AND lease_until = ?";

    private SettleBenchmark() {
    }

    /** Runs the comparison and prints the medians per chunk. */
    public static void main(String[] args) throws Exception {
        int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres server =
                     io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().setPort(port)
                             .setServerConfig("listen_addresses", "127.0.0.1").start();
             JdbcStore store = JdbcStore.postgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres",
                     "")) {
            Instant t0 = Instant.parse("2026-01-05T09:00:00Z");
            MailRequest request = store.requests().insertIfAbsent(new MailRequest(UUID.randomUUID().toString(),
                    "bench", 1, "news@mail.shop.example", "Shop", "mail.shop.example", 1, TemplateType.TEXT, "Hi",
                    "Hi", Map.of(), List.of("a@x.example"), List.of(), Optional.empty(), Map.of(), List.of(), false,
                    Optional.empty(), Optional.empty(), Optional.empty(), t0));
            List<MessageRecord> rows = new ArrayList<>(chunks * size);
            for (int i = 0; i < chunks * size; i++) {
                rows.add(MessageRecord.queued(request, "customer" + i + "@example.com", Map.of("name", "C" + i), t0));
            }
            for (int from = 0; from < rows.size(); from += 10_000) {
                store.messages().insertAll(rows.subList(from, Math.min(rows.size(), from + 10_000)));
            }
            List<Long> unnest = new ArrayList<>();
            List<Long> perRow = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                Instant now = t0.plusSeconds(i);
                List<MessageRecord> claimed = store.messages().claim("bench", size, now, Duration.ofMinutes(5));
                Instant until = claimed.get(0).leaseUntil().orElseThrow();
                List<MessageRecord> settled = claimed.stream().map(m -> m.settle(MessageState.DELIVERED,
                        Optional.empty(), Optional.of("250 2.0.0 OK"), now, true, now)).toList();
                long start = System.nanoTime();
                if (i % 2 == 0) {
                    if (!store.inTransaction(() -> store.messages().updateClaimed("bench", until, settled))
                            .isEmpty()) {
                        throw new IllegalStateException("rows were superseded");
                    }
                    unnest.add(System.nanoTime() - start);
                } else {
                    perRow(store, "bench", until, settled);
                    perRow.add(System.nanoTime() - start);
                }
            }
            // The first fifth of each is the JIT's and the server's warm-up.
            double a = median(unnest.subList(unnest.size() / 5, unnest.size()));
            double b = median(perRow.subList(perRow.size() / 5, perRow.size()));
            System.out.printf(Locale.ROOT, "| settle of %d rows (median of %d) | ms per chunk | rows/s |%n", size,
                    unnest.size() - unnest.size() / 5);
            System.out.println("|---|---|---|");
            System.out.printf(Locale.ROOT, "| one UPDATE per row, JDBC batch (before) | %.2f | %,.0f |%n", b,
                    size / (b / 1000));
            System.out.printf(Locale.ROOT, "| UPDATE ... FROM unnest, one statement (now) | %.2f | %,.0f |%n", a,
                    size / (a / 1000));
            System.out.printf(Locale.ROOT, "| ratio before / now | %.2fx | |%n", b / a);
        }
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    private static void perRow(JdbcStore store, String node, Instant until, List<MessageRecord> records)
            throws SQLException {
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(PER_ROW)) {
                for (MessageRecord m : records) {
                    ps.setString(1, m.state().name());
                    ps.setString(2, m.bounceType().map(Enum::name).orElse(null));
                    ps.setInt(3, m.attempts());
                    ps.setObject(4, utc(m.nextAttemptAt()));
                    ps.setString(5, m.leaseOwner().orElse(null));
                    if (m.leaseUntil().isPresent()) {
                        ps.setObject(6, utc(m.leaseUntil().get()));
                    } else {
                        ps.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
                    }
                    ps.setString(7, m.reply().orElse(null));
                    ps.setObject(8, utc(m.updatedAt()));
                    setInstant(ps, 9, m.deliveredAt());
                    setInstant(ps, 10, m.firstAttemptAt());
                    ps.setLong(11, m.id());
                    ps.setString(12, node);
                    ps.setObject(13, utc(until));
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int n : counts) {
                    if (n != 1) {
                        throw new IllegalStateException("a row was not written");
                    }
                }
            }
            c.commit();
        }
    }

    private static void setInstant(PreparedStatement ps, int index, Optional<Instant> t) throws SQLException {
        if (t.isPresent()) {
            ps.setObject(index, utc(t.get()));
        } else {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
