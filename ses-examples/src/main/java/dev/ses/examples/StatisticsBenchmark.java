package dev.ses.examples;

import dev.ses.core.DomainPolicy;
import dev.ses.core.InMemoryStore;
import dev.ses.core.MessageState;
import dev.ses.core.QuotaPolicy;
import dev.ses.core.RecipientGroup;
import dev.ses.core.ResponseQuery;
import dev.ses.core.SenderDomain;
import dev.ses.core.SendingStats;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.SesLimits;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.StatisticsQuery;
import dev.ses.core.StatisticsReport;
import dev.ses.core.TaskProgress;
import dev.ses.core.TaskRequest;
import dev.ses.core.TaskStatus;
import dev.ses.core.TemplateType;
import dev.ses.core.WarmupPolicy;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.EventRepository;
import dev.ses.core.spi.StatMetric;
import dev.ses.core.spi.Store;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.store.jdbc.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.OutputStream;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The statistics and delivery response benchmarks. Not a test: run by hand.
 *
 * <pre>
 * java -cp ... dev.ses.examples.StatisticsBenchmark series [h2|postgres]  # a 30-day series over 1,000,000 messages
 * java -Xmx128m -cp ... dev.ses.examples.StatisticsBenchmark export [h2|postgres] # 1,000,000 rows of CSV
 * java -cp ... dev.ses.examples.StatisticsBenchmark consumer             # end to end with and without the counter
 * </pre>
 *
 * <ul>
 *   <li><b>series</b>: the statistics cube of 1,000,000 messages (90 days x 20 sender domains x 50 recipient
 *   domains x 10 templates, each cell one or two messages, delivered or bounced), written into the store's
 *   schema by one {@code INSERT ... SELECT} per metric; then the 30-day daily series of one sender domain and one template through
 *   {@code acme.statistics().sending(...)}: 20 warm-up queries, 101 measured over every template and several
 *   windows, the median and the slowest reported.</li>
 *   <li><b>export</b>: 1,000,000 opens in the event log (written by one {@code INSERT ... SELECT}), exported as CSV to a stream that counts and drops the
 *   bytes; three runs, the median reported, with the heap's ceiling.</li>
 *   <li><b>consumer</b>: 10,000 recipients from a BATCH task to COMPLETED through the mailbox simulator, two
 *   threads, rounds alternating with the statistics consumer and without it (its cursor held elsewhere, so it reads
 *   and writes nothing); three warm-up pairs, five measured pairs, medians compared.</li>
 * </ul>
 */
public final class StatisticsBenchmark {
    private static final int DAYS = 90;
    private static final int SENDERS = 20;
    private static final int RECIPIENT_DOMAINS = 50;
    private static final int TEMPLATES = 10;
    private static final int MESSAGES = 1_000_000;
    private static final LocalDate FIRST = LocalDate.parse("2026-01-01");
    private static final String ACCOUNT = "bench";
    /** The statistics consumer's cursor in the event log; a run without it checks that nothing was counted. */
    private static final String STATISTICS_CURSOR = "statistics";

    private StatisticsBenchmark() {
    }

    /** Runs the benchmark the first argument names, on the store the second names (both by default). */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "series";
        List<String> stores = args.length > 1 ? List.of(args[1]) : List.of("h2", "postgres");
        System.out.printf(Locale.ROOT, "max heap %d MiB, %d processors%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        switch (mode) {
            case "series" -> {
                for (String s : stores) {
                    onStore(s, StatisticsBenchmark::series);
                }
            }
            case "export" -> {
                for (String s : stores) {
                    onStore(s, StatisticsBenchmark::export);
                }
            }
            case "consumer" -> consumer();
            default -> throw new IllegalArgumentException("mode must be series, export or consumer: " + mode);
        }
    }

    @FunctionalInterface
    private interface Bench {
        void run(String name, JdbcStore store, Database db) throws Exception;
    }

    /** How to reach the benchmark's database beside the store, to load the cube in one statement. */
    private record Database(String url, String user, boolean postgres) {
        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, "");
        }
    }

    private static void onStore(String which, Bench bench) throws Exception {
        if (which.equals("h2")) {
            Path dir = Files.createTempDirectory("ses-bench-stats");
            try (JdbcStore h2 = JdbcStore.h2(dir)) {
                bench.run("H2 2.5.252 (file)", h2, new Database("jdbc:h2:file:" + dir.resolve("ses")
                        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000", "SA", false));
            } finally {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return;
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1").start();
             JdbcStore pg = JdbcStore.postgres(url, "postgres", "")) {
            bench.run("PostgreSQL 18.3 (embedded)", pg, new Database(url, "postgres", true));
        }
    }

    private static Ses ses(Store store, Instant now) {
        return Ses.builder().store(store).transport(MailboxSimulator.create()).dns(new StaticDnsResolver())
                .workers(0).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    }

    private static String sender(int s) {
        return "mail" + s + ".shop.example";
    }

    private static void series(String name, JdbcStore store, Database db) throws Exception {
        System.out.println("== series on " + name);
        Instant now = FIRST.plusDays(DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
        try (Ses ses = ses(store, now)) {
            SesAccount acme = ses.account(ACCOUNT);
            acme.domains().create(sender(0));
            List<Long> templates = new ArrayList<>();
            for (int t = 0; t < TEMPLATES; t++) {
                templates.add(acme.templates().create("t" + t, TemplateType.TEXT, "Hello " + t).id());
            }
            long loadStart = System.nanoTime();
            long rows = loadCube(db, templates);
            System.out.printf(Locale.ROOT, "loaded %,d counters (%,d messages) in %.1f s%n", rows, MESSAGES,
                    (System.nanoTime() - loadStart) / 1e9);

            List<Long> times = new ArrayList<>();
            long requests = 0;
            for (int i = 0; i < 121; i++) {
                long tpl = templates.get(i % TEMPLATES);
                LocalDate from = FIRST.plusDays(i % 60);
                StatisticsQuery q = StatisticsQuery.between(from, from.plusDays(29)).withSenderDomain(sender(0))
                        .withTemplate(tpl);
                long start = System.nanoTime();
                StatisticsReport<SendingStats> report = acme.statistics().sending(q);
                long took = System.nanoTime() - start;
                if (report.series().size() != 30 || report.total().requests() == 0) {
                    throw new IllegalStateException("unexpected series: " + report.series().size() + " days, "
                            + report.total().requests() + " requests");
                }
                if (i >= 20) {
                    times.add(took);
                    requests += report.total().requests();
                }
            }
            times.sort(null);
            System.out.printf(Locale.ROOT, "| %s | %,d | %.2f ms | %.2f ms | %.2f ms | (%,d requests summed)%n",
                    name, rows, times.get(times.size() / 2) / 1e6, times.get(times.size() * 99 / 100) / 1e6,
                    times.get(times.size() - 1) / 1e6, requests);
        }
    }

    /**
     * Writes the cube in the schema the store reads, one {@code INSERT ... SELECT} per metric over a generated range
     * (a million upserts through the repository take far longer and measure nothing the series depends on): every
     * cell (day, sender domain, recipient domain, template) gets one message, the first 100,000 cells a second one;
     * one in twenty bounces hard as an invalid address, the others are delivered.
     */
    private static long loadCube(Database db, List<Long> templates) throws SQLException {
        for (int t = 1; t < templates.size(); t++) {
            if (templates.get(t) != templates.get(0) + t) {
                throw new IllegalStateException("template ids are not consecutive: " + templates);
            }
        }
        int cells = DAYS * SENDERS * RECIPIENT_DOMAINS * TEMPLATES;
        int extra = MESSAGES - cells;
        String range = db.postgres() ? "generate_series(0, " + (cells - 1) + ") AS g(x)"
                : "SYSTEM_RANGE(0, " + (cells - 1) + ") AS g(x)";
        String day = db.postgres() ? "TIMESTAMPTZ '" + FIRST + " 00:00:00+00' + (x / 10000) * INTERVAL '1 day'"
                : "DATEADD('DAY', x / 10000, TIMESTAMP WITH TIME ZONE '" + FIRST + " 00:00:00+00')";
        String select = "SELECT '" + ACCOUNT + "', 'D', " + day + ", CONCAT('mail', CAST(MOD(x / 500, 20) AS "
                + "VARCHAR(4)), '.shop.example'), CONCAT('provider', CAST(MOD(x / 10, 50) AS VARCHAR(4)), "
                + "'.example'), " + templates.get(0) + " + MOD(x, 10), 0, %s, CASE WHEN x < " + extra
                + " THEN 2 ELSE 1 END FROM " + range;
        String insert = "INSERT INTO ses_stat (account, granularity, bucket, sender_domain, recipient_domain, "
                + "template_id, task_id, metric, amount) ";
        long rows = 0;
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            rows += s.executeUpdate(insert + String.format(Locale.ROOT, select, "'" + StatMetric.REQUESTS + "'"));
            rows += s.executeUpdate(insert + String.format(Locale.ROOT, select, "CASE WHEN MOD(x, 20) = 0 THEN '"
                    + StatMetric.HARD_BOUNCED_INVALID + "' ELSE '" + StatMetric.DELIVERED + "' END"));
            if (db.postgres()) {
                s.execute("ANALYZE ses_stat");
            }
        }
        return rows;
    }

    /** Counts the bytes written to it and keeps none. */
    private static final class CountingStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    private static void export(String name, JdbcStore store, Database db) throws Exception {
        System.out.println("== export on " + name);
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        try (Ses ses = ses(store, start.plus(Duration.ofDays(2)))) {
            SesAccount acme = ses.account(ACCOUNT);
            acme.domains().create("mail.shop.example");
            long loadStart = System.nanoTime();
            loadOpens(db, start);
            System.out.printf(Locale.ROOT, "loaded %,d opens in %.1f s%n", MESSAGES,
                    (System.nanoTime() - loadStart) / 1e9);
            ResponseQuery q = ResponseQuery.between(start, start.plus(Duration.ofDays(2)));
            List<Double> seconds = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                System.gc();
                CountingStream out = new CountingStream();
                long t0 = System.nanoTime();
                long rows = acme.exports().opensAndClicks(q, out);
                double took = (System.nanoTime() - t0) / 1e9;
                if (rows != MESSAGES) {
                    throw new IllegalStateException("exported " + rows + " rows");
                }
                seconds.add(took);
                System.out.printf(Locale.ROOT, "  run %d: %,d rows, %,d bytes in %.2f s, heap used after %d MiB%n",
                        run + 1, rows, out.bytes, took, (Runtime.getRuntime().totalMemory()
                                - Runtime.getRuntime().freeMemory()) >> 20);
            }
            seconds.sort(null);
            System.out.printf(Locale.ROOT, "| %s | %,d | %.2f s | %d MiB |%n", name, MESSAGES, seconds.get(1),
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    /**
     * Writes 1,000,000 opens into the event log in one {@code INSERT ... SELECT} (as the log's appends write them,
     * without the check for known keys that a million appends would repeat), 37 ms apart, one in seven by an image
     * proxy, and moves the log's head past them.
     */
    private static void loadOpens(Database db, Instant start) throws SQLException {
        String range = db.postgres() ? "generate_series(0, " + (MESSAGES - 1) + ") AS g(x)"
                : "SYSTEM_RANGE(0, " + (MESSAGES - 1) + ") AS g(x)";
        String at = db.postgres() ? "TIMESTAMPTZ '" + start + "' + (x * 37) * INTERVAL '1 millisecond'"
                : "DATEADD('MILLISECOND', x * 37, TIMESTAMP WITH TIME ZONE '" + start.toString().replace('T', ' ')
                        .replace("Z", "+00") + "')";
        String sql = "INSERT INTO ses_event (seq, event_key, type, account, message_id, delivery_id, recipient, "
                + "recipient_domain, from_address, sender_domain, template_id, task_id, run_id, attempt, occurred_at, "
                + "reason, bounce_type, link, user_agent) SELECT x + 1, CONCAT('o:', CAST(x AS VARCHAR(10))), "
                + "'OPENED', '" + ACCOUNT + "', CONCAT('msg-', CAST(x / 10 AS VARCHAR(10))), x, CONCAT('customer', "
                + "CAST(x AS VARCHAR(10)), '@provider', CAST(MOD(x, 50) AS VARCHAR(4)), '.example'), "
                + "CONCAT('provider', CAST(MOD(x, 50) AS VARCHAR(4)), '.example'), 'news@mail.shop.example', "
                + "'mail.shop.example', 1 + MOD(x, 10), NULL, NULL, 1, " + at + ", NULL, NULL, NULL, CASE WHEN "
                + "MOD(x, 7) = 0 THEN 'Mozilla/5.0 (via ggpht.com GoogleImageProxy)' ELSE 'Mozilla/5.0 (Windows NT "
                + "10.0; Win64; x64) AppleWebKit/537.36' END FROM " + range;
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
            s.executeUpdate("UPDATE ses_event_head SET last_seq = " + MESSAGES + " WHERE id = 1");
            if (db.postgres()) {
                s.execute("ANALYZE ses_event");
            }
        }
    }

    /**
     * A store whose event log refuses the statistics consumer its cursor, as if another node held it: the consumer
     * then reads and writes nothing, and everything else runs as before.
     */
    private static Store withoutStatistics(Store inner) {
        EventRepository events = inner.events();
        EventRepository refusing = (EventRepository) Proxy.newProxyInstance(EventRepository.class.getClassLoader(),
                new Class<?>[] {EventRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("claimCursor") && STATISTICS_CURSOR.equals(args[0])) {
                        return Optional.empty();
                    }
                    return forward(method, events, args);
                });
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> method.getName().equals("events") ? refusing
                        : forward(method, inner, args));
    }

    private static Object forward(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final String HTML = "<html><body><h1>Hello {{name}}</h1><p>Your order {{order}} has shipped."
            + " <a href=\"https://shop.example/track/{{order}}\">Track it</a>.</p></body></html>";

    /** One BATCH task of 10,000 recipients to COMPLETED through the simulator; returns messages per second. */
    private static double once(Store store, boolean statistics) throws InterruptedException {
        StaticDnsResolver dns = new StaticDnsResolver();
        Store used = statistics ? store : withoutStatistics(store);
        int recipients = 10_000;
        Clock clock = Clock.systemUTC();
        try (Ses ses = Ses.builder().store(used).transport(MailboxSimulator.create()).dns(dns).workers(0)
                .clock(clock)
                .quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none()))
                .limits(SesLimits.defaults().withGroupLimits(10_000, 50_000))
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256)).build()) {
            SesAccount acme = ses.account("bench" + System.nanoTime());
            SenderDomain d = acme.domains().create("mail.shop.example");
            dns.publish(d);
            acme.domains().verify(d.name());
            acme.addresses().create(d.name(), "news", "Shop");
            long tpl = acme.templates().create("t", TemplateType.HTML, HTML).id();
            RecipientGroup g = acme.groups().create("all", "");
            StringBuilder csv = new StringBuilder(recipients * 40).append("email,name,order\n");
            for (int i = 0; i < recipients; i++) {
                csv.append("customer").append(i).append("@provider").append(i % 50).append(".example,Customer ")
                        .append(i).append(",A-").append(i).append('\n');
            }
            acme.groups().importCsv(g.id(), new StringReader(csv.toString()));
            long t1 = System.nanoTime();
            long task = acme.tasks().create(TaskRequest.batch("news@mail.shop.example", g.id(), tpl,
                    "Your order {{order}}")).id();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
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
            if (p.status() != TaskStatus.COMPLETED || p.count(MessageState.DELIVERED) != recipients) {
                throw new IllegalStateException("task not completed: " + p);
            }
            LocalDate today = LocalDate.now(clock);
            long counted = acme.statistics().sending(StatisticsQuery.between(today.minusDays(1), today.plusDays(1)))
                    .total().delivered();
            if (counted != (statistics ? recipients : 0)) {
                throw new IllegalStateException("statistics counted " + counted + " deliveries");
            }
            return recipients / ((t2 - t1) / 1e9);
        }
    }

    private static void consumer() throws Exception {
        Map<String, Function<Integer, Store>> stores = new LinkedHashMap<>();
        stores.put("in memory", n -> new InMemoryStore());
        Path dir = Files.createTempDirectory("ses-bench-consumer");
        stores.put("H2 (file)", n -> JdbcStore.h2(dir.resolve("db" + n)));
        List<String> lines = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Function<Integer, Store>> e : stores.entrySet()) {
            List<Double> with = new ArrayList<>();
            List<Double> without = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (boolean statistics : round % 2 == 0 ? List.of(true, false) : List.of(false, true)) {
                    try (Store store = e.getValue().apply(++n)) {
                        double rate = once(store, statistics);
                        System.out.printf(Locale.ROOT, "  %s round %d %s statistics: %,.0f msg/s%n", e.getKey(),
                                round + 1, statistics ? "with" : "without", rate);
                        if (round >= 3) {
                            (statistics ? with : without).add(rate);
                        }
                    }
                }
            }
            with.sort(null);
            without.sort(null);
            double a = with.get(with.size() / 2);
            double b = without.get(without.size() / 2);
            lines.add(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.1f%% |", e.getKey(), a, b,
                    (1 - a / b) * 100));
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        System.out.println("| store | with statistics, msg/s (median of 5) | without | cost |");
        System.out.println("|---|---|---|---|");
        lines.forEach(System.out::println);
    }
}
