package dev.ses.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ses.core.CallbackAddress;
import dev.ses.core.CallbackEvent;
import dev.ses.core.CallbackPolicy;
import dev.ses.core.InMemoryStore;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.spi.CallbackDeliveryRecord;
import dev.ses.core.spi.Store;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.store.jdbc.JdbcStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signed callbacks per second to a receiver on 127.0.0.1 (the JDK's HTTP server answering 200 at once), and the same
 * with a second callback address whose endpoint never answers, taking the same number of deliveries at the same
 * time: the healthy endpoint's rate against the first, measured in one run. Deliveries are queued straight into the
 * store (one transaction), then ses's callback thread claims, signs (HMAC-SHA256), posts and records them. Not a
 * test.
 *
 * <pre>
 * java -cp ... dev.ses.examples.CallbackBenchmark            # in memory, the default 4 requests per address
 * java -cp ... dev.ses.examples.CallbackBenchmark h2         # on an H2 file
 * java -cp ... dev.ses.examples.CallbackBenchmark memory 16  # 16 requests in flight per address
 * </pre>
 */
public final class CallbackBenchmark {
    private static final int WARMUP = 4_000;
    private static final int ROUND = 10_000;
    private static final int ROUNDS = 5;
    private static final String BODY = "{\"event\":\"delivered\",\"eventid\":1,\"email\":\"ann@example.org\","
            + "\"link\":\"\",\"bulkId\":\"4f1c0e6a2b9d4c7e8a1b2c3d4e5f6a7b\",\"messageId\":"
            + "\"4f1c0e6a2b9d4c7e8a1b2c3d4e5f6a7b@mail.acme.test\",\"taskId\":0,\"templateId\":7,"
            + "\"timestamp\":1767603600,\"sentTimestamp\":1767603600,\"reason\":\"250 2.0.0 OK\",\"bounceType\":\"\","
            + "\"from\":\"noreply@mail.acme.test\",\"fromDomain\":\"mail.acme.test\",\"subject\":\"Your order\","
            + "\"useragent\":\"\",\"username\":\"acme\"}";

    private CallbackBenchmark() {
    }

    /** A receiver that answers 200 at once and counts, or one that never answers. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final ExecutorService executor = Executors.newFixedThreadPool(4);
        final AtomicLong received = new AtomicLong();
        final AtomicLong signed = new AtomicLong();
        volatile CountDownLatch target = new CountDownLatch(0);
        final CountDownLatch never = new CountDownLatch(1);

        Receiver(boolean answers) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            server.setExecutor(executor);
            server.createContext("/", answers ? this::ok : this::hang);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private void ok(HttpExchange exchange) throws IOException {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestHeaders().getFirst("webhook-signature").startsWith("v1,")) {
                signed.incrementAndGet();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            received.incrementAndGet();
            target.countDown();
        }

        private void hang(HttpExchange exchange) {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        }

        @Override
        public void close() {
            never.countDown();
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /**
     * Runs the benchmark on the store named by the first argument, {@code memory} (default) or {@code h2}, with the
     * concurrency per address of the second (default the policy's).
     */
    public static void main(String[] args) throws Exception {
        String storeName = args.length > 0 ? args[0] : "memory";
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : CallbackPolicy.defaults().concurrency();
        try (Receiver healthy = new Receiver(true); Receiver dead = new Receiver(false)) {
            CallbackPolicy policy = CallbackPolicy.defaults().withLoopbackAllowed(true)
                    .withPorts(Set.of(healthy.port(), dead.port())).withConcurrency(concurrency);
            Store store = storeName.equals("h2") ? JdbcStore.h2(Files.createTempDirectory("ses-callback-bench"))
                    : new InMemoryStore();
            try (store; Ses ses = Ses.builder().store(store).transport(MailboxSimulator.create())
                    .dns(new StaticDnsResolver()).workers(1).callbacks(policy).build()) {
                SesAccount acme = ses.account("acme");
                CallbackAddress good = acme.callbacks().setAccountAddress("http://127.0.0.1:" + healthy.port()
                        + "/hooks", EnumSet.allOf(CallbackEvent.class));
                // A second account, so the dead endpoint is an address of its own with its own queue.
                CallbackAddress bad = ses.account("other").callbacks().setAccountAddress("http://127.0.0.1:"
                        + dead.port() + "/hooks", EnumSet.allOf(CallbackEvent.class));
                long[] seq = {0};
                System.out.printf(Locale.ROOT, "store %s, concurrency %d per address, %d cores%n", storeName,
                        policy.concurrency(), Runtime.getRuntime().availableProcessors());
                round(store, healthy, good, null, WARMUP, seq);
                List<Double> alone = new ArrayList<>();
                List<Double> withDead = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    alone.add(round(store, healthy, good, null, ROUND, seq));
                    withDead.add(round(store, healthy, good, bad, ROUND, seq));
                    System.out.printf(Locale.ROOT, "round %d: alone %.0f/s, beside a dead endpoint %.0f/s%n", i + 1,
                            alone.get(i), withDead.get(i));
                }
                double a = median(alone);
                double d = median(withDead);
                System.out.printf(Locale.ROOT, "median: alone %.0f callbacks/s, beside a dead endpoint %.0f/s "
                        + "(%.0f%%); signed and acknowledged: %d%n", a, d, 100 * d / a, healthy.signed.get());
            }
        }
    }

    /** Queues {@code n} deliveries to the healthy address (and as many to the dead one), returns callbacks/s. */
    private static double round(Store store, Receiver healthy, CallbackAddress good, CallbackAddress bad, int n,
                                long[] seq) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(n);
        healthy.target = done;
        Instant now = Instant.now();
        List<CallbackDeliveryRecord> rows = new ArrayList<>(n);
        List<CallbackDeliveryRecord> deadRows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long s = ++seq[0];
            rows.add(CallbackDeliveryRecord.pending(good.id(), good.account(), s, "evt_" + s, CallbackEvent.DELIVERED,
                    now, BODY, now));
            if (bad != null) {
                deadRows.add(CallbackDeliveryRecord.pending(bad.id(), bad.account(), s, "evt_" + s,
                        CallbackEvent.DELIVERED, now, BODY, now));
            }
        }
        if (bad != null) {
            store.callbacks().enqueue(deadRows);
        }
        long start = System.nanoTime();
        store.callbacks().enqueue(rows);
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("only " + (n - done.getCount()) + " of " + n + " arrived");
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
