package dev.ses.examples;

import dev.ses.core.DomainPolicy;
import dev.ses.core.MessageState;
import dev.ses.core.PageRequest;
import dev.ses.core.QuotaPolicy;
import dev.ses.core.RecipientGroup;
import dev.ses.core.SenderDomain;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.TaskProgress;
import dev.ses.core.TaskRequest;
import dev.ses.core.TaskStatus;
import dev.ses.core.TemplateType;
import dev.ses.core.WarmupPolicy;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.MessageQuery;
import dev.ses.core.spi.MessageRecord;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.RecipientResult;
import dev.ses.core.spi.TransportContext;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.store.jdbc.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Measures the JDBC store on H2 and PostgreSQL: importing a 10,000-row CSV into a group and starting a BATCH task to
 * it through the facade, enqueueing a 10,000-recipient request, and looking up one recipient's status among a
 * million messages. Not a test: run it by hand, on an otherwise idle machine.
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
        System.out.println("| store | import 10,000 | task start: enqueue 10,000 | import + enqueue | to COMPLETED "
                + "| enqueue 10,000 (store only) | fill to " + total + " | status lookup median | p99 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
        deleteRecursively(dir);
    }

    private static String run(String name, JdbcStore store, int total) {
        System.out.println("== " + name);
        Facade facade = facade(store);
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
        return String.format("| %s | %.0f ms | %.0f ms | %.0f ms | %.1f s | %.0f ms | %.1f s | %.2f ms | %.2f ms |",
                name, facade.importMs, facade.enqueueMs, facade.importMs + facade.enqueueMs, facade.completedMs / 1e3,
                enqueue[2] / 1e6, fill / 1e9, lookups[LOOKUPS / 2] / 1e6, lookups[LOOKUPS * 99 / 100] / 1e6);
    }

    /** Medians of the facade runs, in milliseconds. */
    private record Facade(double importMs, double enqueueMs, double completedMs) {
    }

    /**
     * Through the facade, three times on fresh groups: the import of a 10,000-row CSV into a new group, then a BATCH
     * task to it, timed from {@code runDueWork()} until the first message reaches the transport (the run writes its
     * 10,000 messages before the dispatcher claims any), and until the task is COMPLETED through the simulator.
     */
    private static Facade facade(JdbcStore store) {
        StaticDnsResolver dns = new StaticDnsResolver();
        AtomicLong firstSend = new AtomicLong();
        MailboxSimulator simulator = MailboxSimulator.create();
        MailTransport timed = new MailTransport() {
            @Override
            public List<RecipientResult> send(OutboundMail mail) {
                firstSend.compareAndSet(0, System.nanoTime());
                return simulator.send(mail);
            }

            @Override
            public List<List<RecipientResult>> sendAll(List<OutboundMail> mails) {
                firstSend.compareAndSet(0, System.nanoTime());
                return simulator.sendAll(mails);
            }

            @Override
            public void start(TransportContext context) {
                simulator.start(context);
            }

            @Override
            public void runDueWork() {
                simulator.runDueWork();
            }
        };
        double[] imports = new double[3];
        double[] enqueues = new double[3];
        double[] completions = new double[3];
        try (Ses ses = Ses.builder().store(store).transport(timed).dns(dns).workers(0)
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none()))
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256)).build()) {
            SesAccount acme = ses.account("bench-facade");
            SenderDomain d = acme.domains().create("mail.shop.example");
            dns.publish(d);
            acme.domains().verify(d.name());
            acme.addresses().create(d.name(), "news", "Shop");
            long tpl = acme.templates().create("t", TemplateType.TEXT, "Hello {{name}}, order {{order}}").id();
            for (int run = 0; run < imports.length; run++) {
                String csv = csv(run);
                long t0 = System.nanoTime();
                RecipientGroup g = acme.groups().create("customers " + run, "");
                if (acme.groups().importCsv(g.id(), new StringReader(csv)).added() != RECIPIENTS) {
                    throw new IllegalStateException("the import was refused");
                }
                long t1 = System.nanoTime();
                long task = acme.tasks().create(TaskRequest.batch("news@mail.shop.example", g.id(), tpl,
                        "Your order {{order}}")).id();
                firstSend.set(0);
                long t2 = System.nanoTime();
                ses.runDueWork();
                long t3 = System.nanoTime();
                TaskProgress p = acme.tasks().progress(task);
                if (p.status() != TaskStatus.COMPLETED || p.count(MessageState.DELIVERED) != RECIPIENTS) {
                    throw new IllegalStateException("task not completed: " + p);
                }
                imports[run] = (t1 - t0) / 1e6;
                enqueues[run] = (firstSend.get() - t1) / 1e6;
                completions[run] = (t3 - t2) / 1e6;
                System.out.printf("facade: import %.0f ms, create + enqueue %.0f ms, to COMPLETED %.0f ms%n",
                        imports[run], enqueues[run], completions[run]);
            }
        }
        Arrays.sort(imports);
        Arrays.sort(enqueues);
        Arrays.sort(completions);
        return new Facade(imports[1], enqueues[1], completions[1]);
    }

    /** A group file of 10,000 recipients with two variables. */
    private static String csv(int run) {
        StringBuilder b = new StringBuilder(RECIPIENTS * 48).append("email,name,order\n");
        for (int i = 0; i < RECIPIENTS; i++) {
            b.append("customer").append(i).append("-r").append(run).append("@example.com,Customer ").append(i)
                    .append(",A-").append(i).append('\n');
        }
        return b.toString();
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
