package dev.ses.examples;

import dev.ses.core.PageRequest;
import dev.ses.core.TemplateType;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageQuery;
import dev.ses.core.spi.MessageRecord;
import dev.ses.store.jdbc.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Measures the JDBC store on H2 and PostgreSQL: enqueueing a 10,000-recipient request, and looking up one
 * recipient's status among a million messages. Not a test: run it by hand, on an otherwise idle machine.
 *
 * <pre>
 * mvn -q -pl ses-examples -am package -DskipTests
 * mvn -q -pl ses-examples exec:java -Dexec.mainClass=dev.ses.examples.StoreBenchmark [-Dexec.args=1000000]
 * </pre>
 *
 * PostgreSQL: the server named by {@code SES_BENCH_POSTGRES_URL} ({@code SES_BENCH_POSTGRES_USER},
 * {@code SES_BENCH_POSTGRES_PASSWORD}), otherwise an embedded one on 127.0.0.1.
 */
public final class StoreBenchmark {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final int RECIPIENTS = 10_000;
    private static final int LOOKUPS = 1_000;

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("ses-bench-h2");
        List<String> lines = new ArrayList<>();
        try (JdbcStore h2 = JdbcStore.h2(dir)) {
            lines.add(run("H2 2.5.252 (file)", h2, total));
        }
        String url = System.getenv("SES_BENCH_POSTGRES_URL");
        if (url != null) {
            try (JdbcStore pg = JdbcStore.postgres(url, System.getenv().getOrDefault("SES_BENCH_POSTGRES_USER",
                    "postgres"), System.getenv().getOrDefault("SES_BENCH_POSTGRES_PASSWORD", ""))) {
                lines.add(run("PostgreSQL (" + url + ")", pg, total));
            }
        } else {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = probe.getLocalPort();
            }
            try (EmbeddedPostgres server = EmbeddedPostgres.builder().setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1").start();
                 JdbcStore pg = JdbcStore.postgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres",
                         "")) {
                lines.add(run("PostgreSQL 18.3 (embedded)", pg, total));
            }
        }
        System.out.println();
        System.out.println("| store | enqueue 10,000 (median of 5) | fill to " + total
                + " | status lookup median | p99 |");
        System.out.println("|---|---|---|---|---|");
        lines.forEach(System.out::println);
        deleteRecursively(dir);
    }

    private static String run(String name, JdbcStore store, int total) {
        System.out.println("== " + name);
        long[] enqueue = new long[5];
        int stored = 0;
        for (int i = 0; i < enqueue.length; i++) {
            long start = System.nanoTime();
            stored += enqueue(store, i, RECIPIENTS);
            enqueue[i] = System.nanoTime() - start;
            System.out.printf("enqueue %d recipients: %.0f ms%n", RECIPIENTS, enqueue[i] / 1e6);
        }
        long fillStart = System.nanoTime();
        for (int batch = enqueue.length; stored < total; batch++) {
            stored += enqueue(store, batch, Math.min(RECIPIENTS, total - stored));
        }
        long fill = System.nanoTime() - fillStart;
        System.out.printf("filled to %d messages in %.1f s%n", stored, fill / 1e9);

        Random random = new Random(42);
        long[] lookups = new long[LOOKUPS];
        for (int i = 0; i < LOOKUPS; i++) {
            String recipient = "user" + random.nextInt(RECIPIENTS) + "-b" + random.nextInt(stored / RECIPIENTS)
                    + "@example.test";
            long start = System.nanoTime();
            var page = store.messages().find("bench", new MessageQuery(T0, T0.plus(Duration.ofDays(31)),
                    Optional.of(recipient), Optional.empty(), Optional.empty()), PageRequest.first(20));
            lookups[i] = System.nanoTime() - start;
            if (page.items().size() != 1) {
                throw new IllegalStateException("expected one message for " + recipient + ", got " + page.total());
            }
        }
        Arrays.sort(lookups);
        Arrays.sort(enqueue);
        return String.format("| %s | %.0f ms | %.1f s | %.2f ms | %.2f ms |", name, enqueue[2] / 1e6, fill / 1e9,
                lookups[LOOKUPS / 2] / 1e6, lookups[LOOKUPS * 99 / 100] / 1e6);
    }

    /** One request and its recipients, in one transaction, as a batch send enqueues them. */
    private static int enqueue(JdbcStore store, int batch, int count) {
        Instant at = T0.plus(Duration.ofMinutes(batch));
        MailRequest request = new MailRequest(UUID.randomUUID().toString(), "bench", 1, "news@mail.example.test",
                "News", "mail.example.test", 1, TemplateType.TEXT, "Hello {{name}}", "News", Map.of(), List.of(),
                List.of(), Optional.empty(), Map.of(), List.of(), true, Optional.of(1L), Optional.of((long) batch),
                Optional.empty(), at);
        Supplier<Integer> work = () -> {
            store.requests().insertIfAbsent(request);
            List<MessageRecord> rows = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                rows.add(MessageRecord.queued(request, "user" + i + "-b" + batch + "@example.test",
                        Map.of("name", "User " + i), at));
            }
            return store.messages().insertAll(rows).size();
        };
        return store.inTransaction(work);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
