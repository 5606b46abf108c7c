package dev.ses.core.internal.callback;

import dev.ses.core.CallbackAddress;
import dev.ses.core.CallbackAttempt;
import dev.ses.core.CallbackDeliveryState;
import dev.ses.core.CallbackPolicy;
import dev.ses.core.internal.Engine;
import dev.ses.core.spi.CallbackDeliveryRecord;
import dev.ses.core.spi.CallbackRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts queued callback deliveries. A pump finds the addresses with due deliveries, and for each claims (with a
 * lease) as many as it has free places for — {@link CallbackPolicy#concurrency()} per address, one while it is
 * failing — and starts them; it never waits for an endpoint. Each attempt resolves and checks the host on a
 * callback thread, posts the signed body with the JDK's asynchronous HTTP client, reads at most
 * {@link CallbackPolicy#keptBytes()} of the answer, and records the attempt, the delivery's new state and the
 * endpoint's health in one store transaction. So a slow or dead endpoint fills only its own places, and never delays
 * another's deliveries or the pump.
 *
 * <p>Failures are retried by the policy's schedule with up to 10% jitter, no sooner than a {@code Retry-After}
 * asks (capped at a day), and dead-lettered after the last. An endpoint that has failed every attempt for
 * {@link CallbackPolicy#failingAfter()} is marked failing, retried no more than every
 * {@link CallbackPolicy#failingRetryEvery()}, and recovers with its first success.
 *
 * <p>The host check before each attempt resolves the name itself and the HTTP client resolves it again: an answer
 * that changes between the two (DNS rebinding within the resolver's cache time) is not caught.
 */
public final class CallbackDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);
    private static final int ADDRESSES_PER_PUMP = 1_000;
    private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final long IDLE_POLL_MS = 100;
    private static final int PRUNE_BATCH = 1_000;
    private static final int PRUNE_BATCHES = 10;
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final Engine engine;
    private final CallbackPolicy policy;
    private final Duration lease;
    private final ExecutorService executor;
    private final ConcurrentHashMap<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<Void>> running = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ReentrantLock pumping = new ReentrantLock();
    private volatile @Nullable HttpClient client;
    private volatile @Nullable Thread thread;
    private volatile boolean closed;
    private volatile int failures;
    private volatile @Nullable Instant lastSuccess;
    private volatile Instant lastPrune = Instant.EPOCH;
    private long wakeups;

    public CallbackDispatcher(Engine engine, CallbackPolicy policy) {
        this.engine = engine;
        this.policy = policy;
        this.lease = policy.connectTimeout().plus(policy.requestTimeout()).plusSeconds(60);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ses-callback-" + engine.node() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private CallbackRepository repo() {
        return engine.store().callbacks();
    }

    /**
     * Starts the due deliveries there are free places for, and prunes deliveries past retention once a minute.
     *
     * @return how many deliveries it started
     */
    public int pump() {
        pumping.lock();
        try {
            Instant now = engine.clock().instant();
            int started = 0;
            for (long id : repo().dueAddresses(now, ADDRESSES_PER_PUMP)) {
                Optional<CallbackAddress> address = repo().address(id);
                if (address.isEmpty()) {
                    continue;
                }
                int places = address.get().failing() ? 1 : policy.concurrency();
                AtomicInteger busy = inFlight.computeIfAbsent(id, k -> new AtomicInteger());
                int free = places - busy.get();
                if (free <= 0) {
                    continue;
                }
                for (CallbackDeliveryRecord d : repo().claim(id, engine.node(), free, now, lease)) {
                    start(address.get(), d, busy);
                    started++;
                }
            }
            prune(now);
            return started;
        } finally {
            pumping.unlock();
        }
    }

    /**
     * Pumps until no delivery is due, waiting each time for the attempts started to finish: the synchronous way
     * {@code Ses.runDueWork()} drives callbacks.
     *
     * @return how many deliveries were attempted
     */
    public int pumpAndWait() {
        int total = 0;
        int started;
        do {
            started = pump();
            total += started;
            awaitRunning();
        } while (started > 0 && !closed);
        return total;
    }

    /** Waits for the attempts in flight, each bounded by the policy's timeouts. */
    private void awaitRunning() {
        long boundMs = policy.connectTimeout().plus(policy.requestTimeout()).toMillis() * 2 + 5_000;
        for (CompletableFuture<Void> f : List.copyOf(running)) {
            try {
                f.get(boundMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("a callback attempt did not finish in {} ms", boundMs, e);
            }
        }
    }

    private void start(CallbackAddress address, CallbackDeliveryRecord d, AtomicInteger busy) {
        busy.incrementAndGet();
        CompletableFuture<Void> done;
        try {
            done = CompletableFuture.supplyAsync(() -> attempt(address, d), executor)
                    .thenCompose(f -> f)
                    .handle((result, error) -> {
                        try {
                            settle(address, d, result != null ? result : Result.failed(engine.clock().instant(),
                                    Duration.ZERO, describe(error)));
                        } catch (RuntimeException e) {
                            // The lease expires and another pump tries the delivery again: at least once.
                            LOG.warn("could not record the attempt of callback delivery {}: {}", d.id(), e.toString());
                        } finally {
                            busy.decrementAndGet();
                            wake();
                        }
                        return null;
                    });
        } catch (RejectedExecutionException e) {
            busy.decrementAndGet();
            return;
        }
        running.add(done);
        done.whenComplete((x, y) -> running.remove(done));
    }

    /** One attempt: the host check, then the request; completes with its result, never exceptionally. */
    private CompletableFuture<Result> attempt(CallbackAddress address, CallbackDeliveryRecord d) {
        Instant at = engine.clock().instant();
        long startNanos = System.nanoTime();
        URI uri = URI.create(address.url());
        Optional<String> refused = CallbackUrls.refusalBeforeAttempt(policy, uri);
        if (refused.isPresent()) {
            return CompletableFuture.completedFuture(Result.failed(at, Duration.ZERO, refused.get()));
        }
        long timestamp = at.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(policy.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "ses-callbacks")
                .header("webhook-id", d.webhookId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.signature(d.webhookId(), timestamp, d.body(),
                        address.signingSecrets(at)))
                .POST(HttpRequest.BodyPublishers.ofString(d.body(), StandardCharsets.UTF_8))
                .build();
        AtomicReference<BoundedBody> body = new AtomicReference<>();
        AtomicReference<HttpResponse.ResponseInfo> info = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> exchange = client().sendAsync(request, i -> {
            info.set(i);
            BoundedBody b = new BoundedBody(policy.keptBytes());
            body.set(b);
            return b;
        });
        long boundMs = policy.requestTimeout().toMillis();
        return exchange.orTimeout(boundMs, TimeUnit.MILLISECONDS).handle((response, error) -> {
            Duration latency = Duration.ofNanos(System.nanoTime() - startNanos);
            if (response != null) {
                return Result.answered(at, latency, response.statusCode(), response.body(),
                        retryAfter(response.headers().firstValue("Retry-After"), at));
            }
            exchange.cancel(true);
            BoundedBody b = body.get();
            if (b != null) {
                b.finish();
            }
            HttpResponse.ResponseInfo i = info.get();
            String what = describe(error);
            return i == null ? Result.failed(at, latency, what)
                    : Result.failed(at, latency, "HTTP " + i.statusCode() + " but the body did not finish: " + what);
        });
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder().connectTimeout(policy.connectTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1)
                            .executor(executor).build();
                    client = c;
                }
            }
        }
        return c;
    }

    private static String describe(@Nullable Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e == null) {
            return "failed";
        }
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
            return "timed out: " + e;
        }
        return "failed: " + e;
    }

    /** A {@code Retry-After} of seconds or an HTTP date, as a delay from {@code now}. */
    static Optional<Duration> retryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String v = header.get().strip();
        try {
            if (v.chars().allMatch(Character::isDigit) && !v.isEmpty()) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            }
            Instant when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(when.isAfter(now) ? Duration.between(now, when) : Duration.ZERO);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Up to a tenth of a retry's delay, spread by the delivery and its attempt, so that deliveries failing together
     * do not all come back together. Derived, not random: the same delivery waits the same after a restart.
     */
    static long jitterMillis(Duration delay, String webhookId, int attempt) {
        long mix = webhookId.hashCode() * 0x9E3779B97F4A7C15L ^ attempt * 0xC2B2AE3D27D4EB4FL;
        mix ^= mix >>> 29;
        mix *= 0xBF58476D1CE4E5B9L;
        mix ^= mix >>> 32;
        return Math.floorMod(mix, delay.toMillis() / 10 + 1);
    }

    /** Records an attempt: the delivery's new state and due time, and the endpoint's health, in one transaction. */
    private void settle(CallbackAddress address, CallbackDeliveryRecord d, Result result) {
        Instant now = engine.clock().instant();
        int attempts = d.attempts() + 1;
        CallbackDeliveryState state;
        Instant next = now;
        if (result.attempt.acknowledged()) {
            state = CallbackDeliveryState.DELIVERED;
        } else if (attempts > policy.retrySchedule().size()) {
            state = CallbackDeliveryState.DEAD;
        } else {
            state = CallbackDeliveryState.PENDING;
            Duration delay = policy.retrySchedule().get(attempts - 1);
            delay = delay.plusMillis(jitterMillis(delay, d.webhookId(), attempts));
            if (address.failing() && delay.compareTo(policy.failingRetryEvery()) < 0) {
                delay = policy.failingRetryEvery();
            }
            if (result.retryAfter.isPresent()) {
                Duration asked = result.retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER
                        : result.retryAfter.get();
                if (asked.compareTo(delay) > 0) {
                    delay = asked;
                }
            }
            next = now.plus(delay);
        }
        CallbackDeliveryState finalState = state;
        Instant finalNext = next;
        engine.store().inTransaction(() -> {
            if (!repo().finish(d.id(), engine.node(), result.attempt, finalState, finalNext)) {
                LOG.warn("callback delivery {} was taken over by another node before its attempt was recorded",
                        d.id());
                return null;
            }
            repo().address(address.id()).ifPresent(current -> health(current, result.attempt.acknowledged(), now));
            return null;
        });
        if (state == CallbackDeliveryState.DEAD) {
            LOG.warn("callback delivery {} ({}) to {} is dead-lettered after {} attempt(s); last: {}", d.id(),
                    d.webhookId(), address.url(), attempts, result.attempt.detail());
        }
    }

    private void health(CallbackAddress current, boolean acknowledged, Instant now) {
        Optional<Instant> since;
        Optional<Instant> failing;
        if (acknowledged) {
            since = Optional.empty();
            failing = Optional.empty();
            if (current.failing()) {
                LOG.info("callback address {} of account {} recovered", current.url(), current.account());
            }
        } else {
            since = Optional.of(current.failuresSince().orElse(now));
            boolean longEnough = !since.get().plus(policy.failingAfter()).isAfter(now);
            failing = longEnough ? Optional.of(current.failingSince().orElse(now)) : Optional.empty();
            if (failing.isPresent() && current.failingSince().isEmpty()) {
                LOG.warn("callback address {} of account {} has failed since {}: marked failing", current.url(),
                        current.account(), since.get());
            }
        }
        if (!since.equals(current.failuresSince()) || !failing.equals(current.failingSince())) {
            repo().saveAddress(current.withHealth(since, failing));
        }
    }

    private void prune(Instant now) {
        if (Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) < 0) {
            return;
        }
        lastPrune = now;
        Instant before = now.minus(engine.eventRetention());
        for (int i = 0; i < PRUNE_BATCHES; i++) {
            if (repo().pruneBefore(before, PRUNE_BATCH) < PRUNE_BATCH) {
                return;
            }
        }
        lastPrune = Instant.EPOCH;
    }

    /** What one attempt gave. */
    private record Result(CallbackAttempt attempt, Optional<Duration> retryAfter) {
        static Result failed(Instant at, Duration latency, String detail) {
            return new Result(new CallbackAttempt(at, Optional.empty(), latency, detail), Optional.empty());
        }

        static Result answered(Instant at, Duration latency, int status, byte[] body, Optional<Duration> retryAfter) {
            return new Result(new CallbackAttempt(at, Optional.of(status), latency,
                    new String(body, StandardCharsets.UTF_8)), retryAfter);
        }
    }

    // The background thread: its own wake-ups, so that finished attempts wake only it.

    /** Starts the background thread. */
    public void startThread() {
        Thread t = new Thread(this::run, "ses-callbacks-" + engine.node());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** The background thread, if started. */
    public Optional<Thread> thread() {
        return Optional.ofNullable(thread);
    }

    /** How many pumps in a row failed. */
    public int failures() {
        return failures;
    }

    /** When a pump last succeeded. */
    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    /** Makes the background thread pump now. */
    public void wake() {
        if (thread == null) {
            return;
        }
        lock.lock();
        try {
            wakeups++;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (!closed) {
            long seen;
            lock.lock();
            try {
                seen = wakeups;
            } finally {
                lock.unlock();
            }
            long waitMs = IDLE_POLL_MS;
            try {
                int started = pump();
                failures = 0;
                lastSuccess = engine.clock().instant();
                if (started > 0) {
                    continue;
                }
            } catch (RuntimeException e) {
                failures++;
                waitMs = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(failures - 1, 20));
                if (failures == 1) {
                    LOG.error("callback pump failed; retrying in {} ms", waitMs, e);
                } else {
                    LOG.warn("callback pump failed again ({} in a row): {}; retrying in {} ms", failures,
                            e.toString(), waitMs);
                }
            }
            lock.lock();
            try {
                if (wakeups == seen && !closed) {
                    work.await(waitMs, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Stops the thread, waits for the attempts in flight (each bounded by the timeouts), and stops the callback
     * threads. A delivery whose attempt was cut short keeps its lease until it expires, then is tried again.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Thread t = thread;
        if (t != null) {
            wake();
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        awaitRunning();
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("callback threads of node {} did not stop within 10 s", engine.node());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
