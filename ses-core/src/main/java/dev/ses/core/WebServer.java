package dev.ses.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WebHandler} served by the JDK's own HTTP server ({@code com.sun.net.httpserver}, module
 * {@code jdk.httpserver}): no dependency, started and stopped by the host. The same server serves ses's public
 * tracking endpoints and, on a listener of its own, any other handler of the host's.
 *
 * <pre>{@code
 * WebServer web = WebServer.builder(ses.trackingEndpoints())
 *         .bind(new InetSocketAddress("0.0.0.0", 8443)).start();
 * ...
 * web.close();
 * }</pre>
 *
 * <p>Limits: a request whose path and query exceed {@link Builder#maxUrlLength} characters gets 414, one whose body
 * exceeds {@link Builder#maxBodyBytes} gets 413, before the handler sees it. A handler that throws gets a plain
 * 500 page; the stack trace goes to the log only. TLS is the host's affair (a proxy in front, say). Thread-safe;
 * {@link #close()} is idempotent and shuts down only the pool the server made itself.
 *
 * <p>The JDK's server writes a response's headers and its body in two TCP segments; with Nagle's algorithm on, the
 * body waits for the client's delayed acknowledgement of the headers, some 40 ms on Linux, so a client that reuses
 * its connections gets at most about 25 responses a second from each. Unless the host has set
 * {@code sun.net.httpserver.nodelay} itself, loading this class sets it to {@code true} (the JDK's server reads it
 * once, when it first starts a server in the JVM), so that its sockets send at once ({@code TCP_NODELAY}).
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** The JDK server's switch for {@code TCP_NODELAY} on its sockets. */
    static final String NODELAY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
    }
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final HttpServer server;
    private final @Nullable ExecutorService ownPool;
    private final WebHandler handler;
    private final int maxUrl;
    private final int maxBody;
    private volatile boolean closed;

    private WebServer(Builder b) throws IOException {
        this.handler = b.handler;
        this.maxUrl = b.maxUrl;
        this.maxBody = b.maxBody;
        this.server = HttpServer.create(b.address, 0);
        if (b.executor != null) {
            this.ownPool = null;
            server.setExecutor(b.executor);
        } else {
            int n = SERVERS.incrementAndGet();
            AtomicInteger threads = new AtomicInteger();
            this.ownPool = Executors.newFixedThreadPool(b.threads, r -> {
                Thread t = new Thread(r, "ses-web-" + n + "-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(ownPool);
        }
        server.createContext("/", this::exchange);
        server.start();
    }

    /**
     * {@return a builder of a server for one handler}
     *
     * @param handler what answers the requests
     */
    public static Builder builder(WebHandler handler) {
        return new Builder(handler);
    }

    /** {@return where the server listens: the port picked when it bound to port 0} */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops listening and, when the server made its own pool, shuts that down. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        if (ownPool != null) {
            ownPool.shutdownNow();
        }
    }

    private void exchange(HttpExchange ex) {
        try (ex) {
            WebResponse response = answer(ex);
            response.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
            if (response.streamed()) {
                // Length 0 is chunked transfer: the body goes out as it is written, never whole in memory.
                ex.sendResponseHeaders(response.status(), head ? -1 : 0);
                if (!head) {
                    try (OutputStream out = ex.getResponseBody()) {
                        response.writeBody(out);
                    }
                }
                return;
            }
            byte[] body = response.body();
            ex.sendResponseHeaders(response.status(), head || body.length == 0 ? -1 : body.length);
            if (!head && body.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("an HTTP exchange from {} broke off: {}", ex.getRemoteAddress(), e.toString());
        } catch (RuntimeException e) {
            // Only a streamed body can fail here, after its status went out: the client sees a cut-off body.
            LOG.warn("a streamed response to {} failed", ex.getRemoteAddress(), e);
        }
    }

    private WebResponse answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String query = Objects.requireNonNullElse(ex.getRequestURI().getRawQuery(), "");
        if (path == null || path.length() + query.length() > maxUrl) {
            LOG.debug("refused a URL of {} characters from {}", path == null ? 0 : path.length() + query.length(),
                    ex.getRemoteAddress());
            return WebResponse.text(414, "URL too long");
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(maxBody + 1);
        }
        if (body.length > maxBody) {
            LOG.debug("refused a body over {} bytes from {}", maxBody, ex.getRemoteAddress());
            return WebResponse.text(413, "Request body too large");
        }
        Optional<String> remote = Optional.ofNullable(ex.getRemoteAddress()).map(a -> a.getAddress() == null
                ? a.getHostString() : a.getAddress().getHostAddress());
        WebRequest request = new WebRequest(ex.getRequestMethod(), path, query, Map.copyOf(ex.getRequestHeaders()),
                body, remote);
        try {
            return handler.handle(request);
        } catch (RuntimeException e) {
            LOG.warn("the handler failed on {} {}", request.method(), path, e);
            return WebResponse.text(500, "Internal error");
        }
    }

    /** Settings of a {@link WebServer}; each is checked when it is made. */
    public static final class Builder {
        private final WebHandler handler;
        private InetSocketAddress address = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
        private @Nullable Executor executor;
        private int threads = 4;
        private int maxUrl = 2_048;
        private int maxBody = 65_536;

        private Builder(WebHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /**
         * Where to listen; default 127.0.0.1 on a free port.
         *
         * @param value the address and port; port 0 for a free one
         * @return this builder
         */
        public Builder bind(InetSocketAddress value) {
            this.address = Objects.requireNonNull(value, "address");
            return this;
        }

        /**
         * The host's pool that runs the exchanges; ses never shuts it down. Default: a pool of its own.
         *
         * @param value the host's executor
         * @return this builder
         */
        public Builder executor(Executor value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /**
         * How many threads the server's own pool has; default 4. Ignored with {@link #executor}.
         *
         * @param value the number of threads, 1 to 256
         * @return this builder
         * @throws IllegalArgumentException outside 1..256
         */
        public Builder threads(int value) {
            if (value < 1 || value > 256) {
                throw new IllegalArgumentException("threads must be 1..256: " + value);
            }
            this.threads = value;
            return this;
        }

        /**
         * The longest path and query accepted, in characters; default 2,048.
         *
         * @param value the length, 64 to 65,536
         * @return this builder
         * @throws IllegalArgumentException outside 64..65,536
         */
        public Builder maxUrlLength(int value) {
            if (value < 64 || value > 65_536) {
                throw new IllegalArgumentException("maxUrlLength must be 64..65536: " + value);
            }
            this.maxUrl = value;
            return this;
        }

        /**
         * The largest body accepted, in bytes; default 65,536.
         *
         * @param value the size, 0 to 16 MiB
         * @return this builder
         * @throws IllegalArgumentException outside 0..16 MiB
         */
        public Builder maxBodyBytes(int value) {
            if (value < 0 || value > 16 << 20) {
                throw new IllegalArgumentException("maxBodyBytes must be 0..16777216: " + value);
            }
            this.maxBody = value;
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @return the started server; close it to stop
         * @throws UncheckedIOException if the address cannot be bound
         */
        public WebServer start() {
            try {
                return new WebServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
            }
        }
    }
}
