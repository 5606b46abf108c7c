package dev.ses.examples;

import dev.ses.core.DomainPolicy;
import dev.ses.core.InMemoryStore;
import dev.ses.core.MessageState;
import dev.ses.core.QuotaPolicy;
import dev.ses.core.RecipientGroup;
import dev.ses.core.SenderDomain;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.SesLimits;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.TaskProgress;
import dev.ses.core.TaskRequest;
import dev.ses.core.TaskStatus;
import dev.ses.core.TemplateType;
import dev.ses.core.WarmupPolicy;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.RecipientResult;
import dev.ses.core.spi.Store;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The batch engine's own overhead: recipients imported from CSV, a BATCH task, every message through the mailbox
 * simulator to COMPLETED. Not a test.
 *
 * <pre>
 * java -cp ... dev.ses.examples.EngineBenchmark throughput     # 10,000 recipients, several rounds, msg/s
 * java -Xmx128m -cp ... dev.ses.examples.EngineBenchmark large # 100,000 recipients in ten imports, on H2
 * java -cp ... dev.ses.examples.EngineBenchmark stores          # 10,000 to COMPLETED on each store, with events
 * </pre>
 */
public final class EngineBenchmark {
    private static final String HTML = "<html><body><h1>Hello {{name}}</h1><p>Your order {{order}} has shipped."
            + " <a href=\"https://shop.example/track/{{order}}\">Track it</a>.</p><p>Thanks for shopping with us."
            + "</p></body></html>";

    private EngineBenchmark() {
    }

    /** Counts what it is given and accepts everything, keeping nothing. */
    static final class CountingTransport implements MailTransport {
        final AtomicLong sent = new AtomicLong();

        @Override
        public List<RecipientResult> send(OutboundMail mail) {
            sent.incrementAndGet();
            List<RecipientResult> results = new ArrayList<>(mail.envelopeRecipients().size());
            for (String r : mail.envelopeRecipients()) {
                results.add(RecipientResult.fromReply(r, 250, "2.0.0 OK"));
            }
            return results;
        }
    }

    /** Runs the benchmark named by the first argument. */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "throughput";
        if (mode.equals("large")) {
            large();
        } else if (mode.equals("stores")) {
            stores();
        } else {
            throughput();
        }
    }

    private static Reader csv(int from, int count) {
        StringBuilder b = new StringBuilder(count * 40).append("email,name,order\n");
        for (int i = from; i < from + count; i++) {
            b.append("customer").append(i).append("@example.com,Customer ").append(i).append(",A-").append(i)
                    .append('\n');
        }
        return new java.io.StringReader(b.toString());
    }

    private record Run(double importMs, double sendMs, long delivered) {
    }

    private static Run once(Store store, MailTransport transport, int recipients, int imports, int workers)
            throws InterruptedException {
        StaticDnsResolver dns = new StaticDnsResolver();
        AtomicLong heard = new AtomicLong();
        try (Ses ses = Ses.builder().store(store).transport(transport).dns(dns).workers(0)
                .listener(e -> heard.incrementAndGet())
                .quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none()))
                .limits(SesLimits.defaults().withGroupLimits(10_000, Math.max(50_000, recipients)))
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256)).build()) {
            SesAccount acme = ses.account("bench" + System.nanoTime());
            SenderDomain d = acme.domains().create("mail.shop.example");
            dns.publish(d);
            acme.domains().verify(d.name());
            acme.addresses().create(d.name(), "news", "Shop");
            long tpl = acme.templates().create("t", TemplateType.HTML, HTML).id();

            long t0 = System.nanoTime();
            RecipientGroup g = acme.groups().create("all", "");
            int per = recipients / imports;
            for (int i = 0; i < imports; i++) {
                acme.groups().importCsv(g.id(), csv(i * per, per));
            }
            long t1 = System.nanoTime();
            long task = acme.tasks().create(TaskRequest.batch("news@mail.shop.example", g.id(), tpl,
                    "Your order {{order}}")).id();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Thread t = new Thread(ses::runDueWork, "bench-" + w);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            ses.runDueWork();
            long t2 = System.nanoTime();
            TaskProgress p = acme.tasks().progress(task);
            if (p.status() != TaskStatus.COMPLETED) {
                throw new IllegalStateException("task not completed: " + p);
            }
            if (heard.get() < 2L * recipients) {
                throw new IllegalStateException("the listener heard " + heard.get() + " events of " + recipients
                        + " recipients");
            }
            return new Run((t1 - t0) / 1e6, (t2 - t1) / 1e6, p.count(MessageState.DELIVERED));
        }
    }

    /** The most heap in use seen by a sampler every 5 ms since the last reset. */
    private static final AtomicLong PEAK = new AtomicLong();

    static {
        Thread sampler = new Thread(() -> {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            while (true) {
                PEAK.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static void resetPeaks() {
        System.gc();
        PEAK.set(0);
    }

    private static long peakHeapMiB() {
        return PEAK.get() / (1024 * 1024);
    }

    private static void throughput() throws Exception {
        System.out.println("warm-up...");
        for (int i = 0; i < 3; i++) {
            once(new InMemoryStore(), MailboxSimulator.create(), 10_000, 1, 2);
        }
        System.out.printf(Locale.ROOT, "%-34s %10s %10s %12s %10s%n", "10,000 recipients", "import ms", "send ms",
                "msg/s", "peak MiB");
        for (String name : List.of("simulator, 1 thread", "simulator, 2 threads", "counting sink, 2 threads")) {
            for (int round = 0; round < 3; round++) {
                resetPeaks();
                MailTransport t = name.startsWith("counting") ? new CountingTransport() : MailboxSimulator.create();
                Run r = once(new InMemoryStore(), t, 10_000, 1, name.contains("2 threads") ? 2 : 1);
                System.out.printf(Locale.ROOT, "%-34s %10.0f %10.0f %12.0f %10d%n", name, r.importMs(), r.sendMs(),
                        r.delivered() / (r.sendMs() / 1000), peakHeapMiB());
            }
        }
    }

    /**
     * End to end from a BATCH task to COMPLETED with a transport that keeps nothing, on each store, every event of
     * the log written and read by a listener: five warm-up runs per store (the JIT settles), then five measured,
     * the median counting. The in-memory store is the baseline the others are compared with.
     */
    private static void stores() throws Exception {
        java.util.Map<String, Double> medians = new java.util.LinkedHashMap<>();
        medians.put("in memory", median(() -> new InMemoryStore(), AutoCloseable::close));
        Path dir = Files.createTempDirectory("ses-bench-h2");
        try {
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            medians.put("H2 (file)", median(() -> JdbcStore.h2(dir.resolve("db" + n.incrementAndGet())),
                    AutoCloseable::close));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres server =
                     io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().setPort(port)
                             .setServerConfig("listen_addresses", "127.0.0.1").start()) {
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
            medians.put("PostgreSQL (embedded)", median(() -> JdbcStore.postgres(url, "postgres", ""),
                    AutoCloseable::close));
        }
        double base = medians.get("in memory");
        System.out.println();
        System.out.println("| store | msg/s (median of 5) | ratio to in memory |");
        System.out.println("|---|---|---|");
        medians.forEach((name, rate) -> System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2fx |%n", name, rate,
                rate / base));
    }

    @FunctionalInterface
    private interface StoreFactory {
        Store open() throws Exception;
    }

    @FunctionalInterface
    private interface StoreCloser {
        void close(Store store) throws Exception;
    }

    /** Five warm-up runs and five measured ones of 10,000 recipients, two threads, events heard by a listener. */
    private static double median(StoreFactory stores, StoreCloser closer) throws Exception {
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            Store store = stores.open();
            try {
                Run r = once(store, new CountingTransport(), 10_000, 1, 2);
                if (round >= 5) {
                    double rate = r.delivered() / (r.sendMs() / 1000);
                    rates.add(rate);
                    System.out.printf(Locale.ROOT, "  %s round %d: %,.0f msg/s%n", store.getClass().getSimpleName(),
                            round - 4, rate);
                }
            } finally {
                closer.close(store);
            }
        }
        rates.sort(null);
        return rates.get(rates.size() / 2);
    }

    private static void large() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ses-bench");
        resetPeaks();
        CountingTransport sink = new CountingTransport();
        try (JdbcStore store = JdbcStore.h2(dir)) {
            Run r = once(store, sink, 100_000, 10, 2);
            System.out.printf(Locale.ROOT, "100,000 recipients on H2 with -Xmx%dm: import %.0f ms, send %.0f ms "
                            + "(%.0f msg/s), %d delivered, peak heap %d MiB%n",
                    Runtime.getRuntime().maxMemory() / (1024 * 1024), r.importMs(), r.sendMs(),
                    r.delivered() / (r.sendMs() / 1000), r.delivered(), peakHeapMiB());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
