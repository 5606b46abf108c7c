package dev.ses.examples;

import dev.ses.core.DomainPolicy;
import dev.ses.core.MessageTracking;
import dev.ses.core.SendRequest;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.TemplateType;
import dev.ses.core.WebServer;
import dev.ses.core.internal.TemplateSupport;
import dev.ses.core.internal.Tracker;
import dev.ses.core.internal.tracking.LinkRewriter;
import dev.ses.core.internal.tracking.TrackingTokens;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.Store;
import dev.ses.core.spi.TrackingKey;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.store.jdbc.JdbcStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Tracking costs. Not a test.
 *
 * <pre>
 * java -cp ... dev.ses.examples.TrackingBenchmark hits       # pixel hits/s through the JDK server, events to H2, PostgreSQL
 * java -cp ... dev.ses.examples.TrackingBenchmark rewriting  # rendering an 8 KB HTML message with and without tracking
 * </pre>
 */
public final class TrackingBenchmark {
    private static final int MESSAGES = 500;
    private static final int IN_FLIGHT = 32;

    private TrackingBenchmark() {
    }

    /** Runs the benchmark named by the first argument, or both. */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        if (!mode.equals("hits")) {
            rewriting();
        }
        if (!mode.equals("rewriting")) {
            hits();
        }
    }

    private static void hits() throws Exception {
        Path dir = Files.createTempDirectory("ses-tracking-bench");
        Map<String, Double> medians = new java.util.LinkedHashMap<>();
        try (JdbcStore h2 = JdbcStore.h2(dir)) {
            medians.put("H2 (file)", hitsPerSecond(h2));
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
                             .setServerConfig("listen_addresses", "127.0.0.1").start();
             JdbcStore pg = JdbcStore.postgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "")) {
            medians.put("PostgreSQL (embedded)", hitsPerSecond(pg));
        }
        System.out.println();
        System.out.println("| store | pixel hits/s (median of 5 rounds of 10,000) |");
        System.out.println("|---|---|");
        medians.forEach((name, rate) -> System.out.printf(Locale.ROOT, "| %s | %,.0f |%n", name, rate));
    }

    /** Pixel hits of 500 messages, 32 in flight, each an OPENED event written through the feedback intake. */
    private static double hitsPerSecond(Store store) throws Exception {
        StaticDnsResolver dns = new StaticDnsResolver();
        MailboxSimulator simulator = MailboxSimulator.create();
        ExecutorService serverPool = Executors.newFixedThreadPool(8);
        ExecutorService clientPool = Executors.newFixedThreadPool(4);
        try (Ses ses = Ses.builder().store(store).transport(simulator).dns(dns).workers(0)
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256))
                .trackingBaseUrl("http://127.0.0.1").build();
             WebServer web = WebServer.builder(ses.trackingEndpoints()).executor(serverPool).start()) {
            SesAccount acme = ses.account("bench");
            dns.publish(acme.domains().create("mail.bench.test"));
            acme.domains().verify("mail.bench.test");
            acme.addresses().create("mail.bench.test", "news", "News");
            long tpl = acme.templates().create("t", TemplateType.HTML, "<p>Hello</p>").id();
            for (int i = 0; i < MESSAGES; i++) {
                acme.send(SendRequest.builder().from("news@mail.bench.test").template(tpl).subject("hi")
                        .to("r" + i + "@bench.test").build());
            }
            ses.runDueWork();
            String origin = "http://127.0.0.1:" + web.address().getPort();
            List<String> pixels = simulator.delivered().stream()
                    .map(m -> origin + URI.create(MailboxSimulator.pixelUrl(m).orElseThrow()).getRawPath()).toList();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool)
                    .build();
            round(http, pixels, 5_000);
            List<Double> rates = new ArrayList<>();
            for (int r = 0; r < 5; r++) {
                rates.add(round(http, pixels, 10_000));
                System.out.printf(Locale.ROOT, "  round %d: %,.0f hits/s%n", r + 1, rates.get(rates.size() - 1));
            }
            rates.sort(null);
            return rates.get(2);
        } finally {
            serverPool.shutdownNow();
            clientPool.shutdownNow();
        }
    }

    private static double round(HttpClient http, List<String> pixels, int hits) throws Exception {
        Semaphore window = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>(hits);
        long start = System.nanoTime();
        for (int i = 0; i < hits; i++) {
            window.acquire();
            // A distinct agent per hit: each hit is its own open, not a repeat of one report.
            HttpRequest req = HttpRequest.newBuilder(URI.create(pixels.get(i % pixels.size())))
                    .header("User-Agent", "Mozilla/5.0 bench/" + i).build();
            all.add(http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> window.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        for (CompletableFuture<HttpResponse<Void>> f : all) {
            if (f.join().statusCode() != 200) {
                throw new IllegalStateException("a pixel answered " + f.join().statusCode());
            }
        }
        return hits / seconds;
    }

    /**
     * Rendering an 8 KB HTML message with 46 links (the template and its text part, as the dispatcher renders them)
     * against the same with its links rewritten and its pixel added, in one run; medians of 7 rounds of 5,000.
     */
    private static void rewriting() {
        StringBuilder html = new StringBuilder("<html><body><h1>Hello {{name}}</h1>");
        int link = 0;
        while (html.length() < 8_000) {
            html.append("<p>Item ").append(link).append(": a paragraph of the newsletter with some words about the "
                    + "offer of the week, and a <a href=\"https://shop.example/item/").append(link)
                    .append("?ref={{name}}\">link to it</a> for {{name}}.</p>");
            link++;
        }
        html.append("</body></html>");
        String source = html.toString();
        TemplateSupport templates = new TemplateSupport();
        TemplateSupport.Compiled compiled = templates.compile(source, TemplateType.HTML, "body");
        TemplateSupport.Compiled text = templates.textOf(source);
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 7);
        TrackingTokens tokens = new TrackingTokens(List.of(new TrackingKey("k1", secret, Instant.EPOCH)), "k1");
        // The dispatcher's own path: one copy token per message (its link set digested and signed once), each link
        // the token and its number.
        Tracker tracker = new Tracker(new dev.ses.core.InMemoryStore(), () -> tokens,
                Optional.of("https://track.example.test"), false, java.time.Duration.ofSeconds(10));
        Tracker.Plan plan = new Tracker.Plan(Optional.of("https://track.example.test"), true, true, false);
        LinkRewriter rewriter = tracker.rewriter(plan);
        Map<String, String> variables = new HashMap<>(Map.of("name", "Ann"));
        System.out.printf(Locale.ROOT, "message: %,d bytes of HTML, %d links%n", templates.render(compiled,
                variables).length(), link);

        List<Double> plain = new ArrayList<>();
        List<Double> tracked = new ArrayList<>();
        long sink = 0;
        for (int round = 0; round < 10; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 5_000; i++) {
                sink += templates.render(compiled, variables).length() + templates.render(text, variables).length();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < 5_000; i++) {
                long row = i;
                String body = templates.render(compiled, variables);
                String textPart = templates.render(text, variables);
                Map<String, List<String>> newSets = new HashMap<>();
                LinkRewriter.Result r = rewriter.apply(Optional.of(body), textPart,
                        tracker.copyUrls(plan, row, "ann@example.net", true, true, newSets));
                sink += r.html().orElseThrow().length() + r.text().length();
            }
            long t2 = System.nanoTime();
            if (round >= 3) {
                plain.add((t1 - t0) / 5_000.0 / 1_000);
                tracked.add((t2 - t1) / 5_000.0 / 1_000);
            }
        }
        plain.sort(null);
        tracked.sort(null);
        double p = plain.get(3);
        double t = tracked.get(3);
        System.out.println();
        System.out.println("| rendering an 8 KB HTML message | microseconds (median of 7 rounds of 5,000) |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| template and text part | %.1f |%n", p);
        System.out.printf(Locale.ROOT, "| the same with links rewritten and a pixel | %.1f |%n", t);
        System.out.printf(Locale.ROOT, "| overhead | %+.0f%% |%n", (t / p - 1) * 100);
        System.out.println("(checksum " + sink + ")");
    }
}
