package dev.ses.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A callback receiver for tests: the JDK's HTTP server on 127.0.0.1 and a free port, answering each request by a
 * script (fail N times, answer slowly, reset, redirect, send a huge or never-ending body), then 200. Records every
 * request it received.
 */
public final class CallbackReceiver implements AutoCloseable {
    /** One request as received. */
    public record Received(String path, Map<String, List<String>> headers, String body) {
        /** A header's first value, by its lower-case name. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? "" : v.get(0);
        }
    }

    /** How one request is answered. */
    @FunctionalInterface
    public interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Map.Entry<String, CompletableFuture<Received>>> waiting = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Answer otherwise = ok();

    private CallbackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A started receiver. */
    public static CallbackReceiver start() {
        try {
            return new CallbackReceiver();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Its port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL of a path on it, {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Answers the next requests so, in order; then as {@link #otherwise(Answer)} says (200 by default). */
    public CallbackReceiver then(Answer... answers) {
        script.addAll(Arrays.asList(answers));
        return this;
    }

    /** Answers every request not scripted so. */
    public CallbackReceiver otherwise(Answer answer) {
        this.otherwise = answer;
        return this;
    }

    /** The requests received so far. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests received on a path. */
    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** How many requests came with each webhook-id. */
    public Map<String, Integer> countsById() {
        Map<String, Integer> counts = new HashMap<>();
        received.forEach(r -> counts.merge(r.header("webhook-id"), 1, Integer::sum));
        return counts;
    }

    /** A future of the next request received on a path. */
    public CompletableFuture<Received> next(String path) {
        CompletableFuture<Received> f = new CompletableFuture<>();
        waiting.add(Map.entry(path, f));
        return f;
    }

    /** Lets every request held by {@link #hold()} answer 200. */
    public void release() {
        released.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Received r = new Received(exchange.getRequestURI().getPath(), headers, body);
        received.add(r);
        for (Map.Entry<String, CompletableFuture<Received>> w : waiting) {
            if (w.getKey().equals(r.path())) {
                waiting.remove(w);
                w.getValue().complete(r);
            }
        }
        Answer answer = script.poll();
        try {
            (answer == null ? otherwise : answer).answer(exchange);
        } finally {
            exchange.close();
        }
    }

    /** 200 with a short body. */
    public static Answer ok() {
        return status(200, "ok");
    }

    /** A status with a body. */
    public static Answer status(int code, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        };
    }

    /** 503 with a {@code Retry-After} of some seconds. */
    public static Answer retryAfter(long seconds) {
        return exchange -> {
            exchange.getResponseHeaders().add("Retry-After", Long.toString(seconds));
            exchange.sendResponseHeaders(503, -1);
        };
    }

    /** A 301 to another path of the same receiver. */
    public Answer redirect(String path) {
        return exchange -> {
            exchange.getResponseHeaders().add("Location", url(path));
            exchange.sendResponseHeaders(301, -1);
        };
    }

    /** Closes the connection without answering. */
    public static Answer reset() {
        return exchange -> {
            // No answer: closing the exchange now drops the connection.
        };
    }

    /** Waits (up to a minute) for {@link #release()} before answering 200: slower than any test's timeout. */
    public Answer hold() {
        return exchange -> {
            try {
                released.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            status(200, "late").answer(exchange);
        };
    }

    /** A status with a body of {@code megabytes} MB. */
    public static Answer huge(int code, int megabytes) {
        return exchange -> {
            exchange.sendResponseHeaders(code, (long) megabytes << 20);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            OutputStream out = exchange.getResponseBody();
            try {
                for (int i = 0; i < megabytes * 16; i++) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the client stopped reading: what is being tested
            }
        };
    }

    /** A status with a body that never ends (until the client goes away or the receiver closes). */
    public Answer endless(int code) {
        return exchange -> {
            exchange.sendResponseHeaders(code, 0);
            byte[] chunk = new byte[8 * 1024];
            Arrays.fill(chunk, (byte) 'y');
            OutputStream out = exchange.getResponseBody();
            try {
                while (released.getCount() > 0) {
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException e) {
                // the client stopped reading: what is being tested
            }
        };
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
