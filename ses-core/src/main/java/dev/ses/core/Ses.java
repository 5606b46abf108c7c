package dev.ses.core;

import dev.ses.core.internal.Rendering;
import dev.ses.core.internal.Tracker;
import dev.ses.core.internal.TrackingEndpoints;
import dev.ses.core.internal.tracking.TrackingTokens;
import dev.ses.core.spi.TrackingKey;
import dev.ses.core.internal.Dispatcher;
import dev.ses.core.internal.DomainChecks;
import dev.ses.core.internal.Engine;
import dev.ses.core.internal.EventConsumer;
import dev.ses.core.internal.EventPump;
import dev.ses.core.internal.FeedbackIntake;
import dev.ses.core.internal.ListenerConsumer;
import dev.ses.core.internal.ReportIntake;
import dev.ses.core.internal.Requests;
import dev.ses.core.internal.ReturnPaths;
import dev.ses.core.internal.StatisticsConsumer;
import dev.ses.core.internal.TaskRunner;
import dev.ses.core.internal.TemplateSupport;
import dev.ses.core.internal.callback.CallbackConsumer;
import dev.ses.core.internal.callback.CallbackDispatcher;
import dev.ses.core.internal.crypto.KeyCipher;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.Feedback;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.QueueDepth;
import dev.ses.core.spi.ReportParser;
import dev.ses.core.spi.StoredReport;
import dev.ses.core.spi.Store;
import dev.ses.core.spi.TransportContext;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Simple Email Service: build one per application with {@link #builder()}, share it, close it on
 * shutdown. Immutable and thread-safe.
 *
 * <pre>{@code
 * Ses ses = Ses.builder().transport(transport).dns(resolver).build();
 * SesAccount acme = ses.defaultAccount();
 * acme.domains().create("mail.acme.com");
 * }</pre>
 *
 * <p>Unless built with {@code workers(0)}, ses dispatches queued mail on its own daemon threads. With
 * {@code workers(0)} nothing happens until {@link #runDueWork()} is called: the way tests drive it with a manual
 * clock.
 */
public final class Ses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ses.class);
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final long IDLE_POLL_MS = 100;
    /** How many stored but unread reports one round reads at most. */
    private static final int STALLED_BATCH = 100;
    /** The name of {@link #defaultAccount()}. */
    public static final String DEFAULT_ACCOUNT = "default";
    /** How long daily statistics are kept unless the builder says otherwise: 13 months. */
    public static final Duration DEFAULT_DAILY_STATISTICS_RETENTION = Duration.ofDays(396);
    /** How long hourly statistics are kept unless the builder says otherwise. */
    public static final Duration DEFAULT_HOURLY_STATISTICS_RETENTION = Duration.ofDays(14);

    private final Engine engine;
    private final Dispatcher dispatcher;
    private final FeedbackIntake intake;
    private final ReportIntake reports;
    private final ExecutorService reportParsing;
    private final int maxReportSize;
    private final EventPump events;
    private final DomainChecks domainChecks;
    private final TaskRunner tasks;
    private final CallbackPolicy callbackPolicy;
    private final CallbackDispatcher callbacks;
    private final WebHandler trackingEndpoints;
    private final List<Worker> workers = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private volatile boolean closed;
    private volatile @Nullable Instant lastSuccess;
    private volatile @Nullable String lastError;
    private volatile @Nullable Instant lastErrorAt;
    private long wakeups;
    private final Duration idlePoll;
    private final dev.ses.core.spi.DueWorkSubscription dueWork;

    private Ses(Builder b) {
        this.engine = new Engine(b.store, b.transport, Optional.ofNullable(b.dns), b.clock, b.limits, b.domainPolicy,
                b.listeners, b.node, b.claimSize, b.lease, new TemplateSupport(), b.verification,
                Optional.ofNullable(b.keyEncryptionKey).map(KeyCipher::new), b.quotas, b.eventRetention,
                b.dailyStatisticsRetention, b.hourlyStatisticsRetention, new ReturnPaths(b.returnPathKey()));
        var quotas = new dev.ses.core.internal.Quotas(engine);
        Requests requests = new Requests(engine);
        List<TrackingKey> trackingKeys = List.copyOf(b.trackingKeys);
        String currentKey = b.currentTrackingKey;
        Tracker tracker = new Tracker(engine.store(), () -> trackingTokens(trackingKeys, currentKey, engine),
                Optional.ofNullable(b.trackingBaseUrl), b.keepReaderIp, b.linkScannerWindow);
        Rendering rendering = new Rendering(engine, requests, tracker);
        this.dispatcher = new Dispatcher(engine, quotas, requests, rendering);
        this.intake = new FeedbackIntake(engine, quotas, requests, b.complaintScope);
        this.trackingEndpoints = new TrackingEndpoints(engine, tracker, rendering, requests, this::report);
        this.reportParsing = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ses-report-parser-" + b.node);
            t.setDaemon(true);
            return t;
        });
        this.reports = new ReportIntake(engine, intake, requests, engine.returnPaths(), tracker,
                Optional.ofNullable(b.reportParser), b.reportParseTimeout, reportParsing);
        this.maxReportSize = b.maxReportSize;
        List<EventConsumer> consumers = new ArrayList<>();
        consumers.add(new StatisticsConsumer(engine));
        if (!b.listeners.isEmpty()) {
            consumers.add(new ListenerConsumer(b.listeners));
        }
        consumers.add(new CallbackConsumer(engine));
        this.callbackPolicy = b.callbackPolicy;
        this.callbacks = new CallbackDispatcher(engine, b.callbackPolicy);
        this.events = new EventPump(engine, consumers);
        this.domainChecks = new DomainChecks(engine);
        this.tasks = new TaskRunner(engine);
        b.transport.start(new TransportContext() {
            @Override
            public Clock clock() {
                return engine.clock();
            }

            @Override
            public void feedback(Feedback feedback) {
                Ses.this.report(feedback);
            }

            @Override
            public void report(byte[] message, String receivedFor) {
                Ses.this.ingest(new java.io.ByteArrayInputStream(message), receivedFor);
            }
        });
        this.idlePoll = b.idlePoll;
        for (int i = 0; i < b.workers; i++) {
            workers.add(new Worker("ses-dispatcher-" + b.node + "-" + i, this::pumpSending, this::nextDueWait));
        }
        if (b.workers > 0) {
            workers.add(new Worker("ses-events-" + b.node, () -> events.pump() + reports.retryStalled(STALLED_BATCH),
                    () -> Duration.ofMillis(IDLE_POLL_MS)));
        }
        workers.forEach(w -> w.thread.start());
        if (b.workers > 0) {
            callbacks.startThread();
        }
        // Work that another node queues wakes this one's idle workers through the store, where it can tell.
        this.dueWork = workers.isEmpty() ? dev.ses.core.spi.DueWorkSubscription.NONE
                : engine.store().subscribeDueWork(this::wake);
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The tokens' keys: those the builder gave, or the store's, generating and storing one the first time (the nodes
     * of one store agree on it: the first insert wins).
     */
    private static TrackingTokens trackingTokens(List<TrackingKey> configured, @Nullable String currentKey,
                                                 Engine engine) {
        if (!configured.isEmpty()) {
            String current = currentKey != null ? currentKey : configured.get(configured.size() - 1).id();
            return new TrackingTokens(configured, current);
        }
        List<TrackingKey> stored = engine.store().tracking().keys();
        if (stored.isEmpty()) {
            byte[] secret = new byte[32];
            new java.security.SecureRandom().nextBytes(secret);
            engine.store().tracking().addKey(new TrackingKey("s1", secret, engine.clock().instant()));
            stored = engine.store().tracking().keys();
        }
        return new TrackingTokens(stored, stored.get(stored.size() - 1).id());
    }

    /**
     * {@return the public HTTP endpoints of tracking and unsubscribing: the open pixel, click redirects and one-click
     * unsubscribe (RFC 8058), framework-neutral} Serve them with {@link WebServer} or mount them in the host's own
     * server at the base URL that messages carry ({@link Builder#trackingBaseUrl}, {@link TrackingSetup}); every path
     * ending in {@code /o/<token>}, {@code /c/<token>} or {@code /u/<token>} is theirs. Thread-safe.
     */
    public WebHandler trackingEndpoints() {
        return trackingEndpoints;
    }

    /**
     * The console: the pages of the accounts the settings name (overview, sender domains and addresses,
     * templates, callback addresses, recipient groups and their members, batch tasks, statistics and their
     * settings, queue status, email status, opens and clicks, spam reports, bounces, unsubscriptions, blocklist;
     * CSV downloads of the lists), behind the settings' credential or the host's own authentication
     * ({@link ConsoleSettings#hostAuthentication()}), reading and acting only through this facade. Mount it in a host's server at
     * {@link ConsoleSettings#pathPrefix()}, or serve it with {@link #serveConsole}. Never put it on the listener of
     * {@link #trackingEndpoints()}: those are public, the console is not. Each call makes a console with its own
     * sessions. Thread-safe.
     *
     * @param settings who may log in, which accounts they see, where the pages are mounted
     * @return the console's request handler
     */
    public WebHandler console(ConsoleSettings settings) {
        return new dev.ses.core.internal.console.Console(this, Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Serves {@link #console} on its own {@link WebServer}, at {@link ConsoleSettings#bind()} (127.0.0.1 on a free
     * port unless the host says otherwise). The host closes the server; closing this {@code Ses} does not.
     *
     * @param settings the accounts it shows, its credential and its address
     * @return the started server; the host closes it
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public WebServer serveConsole(ConsoleSettings settings) {
        return WebServer.builder(console(settings)).bind(settings.bind()).maxBodyBytes(settings.maxUploadBytes())
                .start();
    }

    /**
     * {@return the view of one account} Accounts need no creation: the first object created under a name starts it.
     *
     * @param name 1 to 64 characters: letters, digits, {@code .}, {@code _}, {@code -}, starting with a letter or digit
     * @throws IllegalArgumentException for another name
     */
    public SesAccount account(String name) {
        if (name == null || !ACCOUNT.matcher(name).matches()) {
            throw new IllegalArgumentException("account name must be 1-64 letters, digits, '.', '_' or '-': " + name);
        }
        return new SesAccount(engine, this::wake, name, callbackPolicy);
    }

    /** {@return the account named {@value #DEFAULT_ACCOUNT}, for applications with one} */
    public SesAccount defaultAccount() {
        return account(DEFAULT_ACCOUNT);
    }

    /** {@return the clock this instance reads} */
    public Clock clock() {
        return engine.clock();
    }

    /**
     * Records feedback about a sent message: an open, a click, an unsubscription, a spam complaint, an automatic
     * reply, or a bounce reported after the message was accepted. The message is found by the {@code Message-ID}
     * ses gave it and the recipient. Flags, state, blocklist and events are written in one store transaction, so the
     * feedback is durable when this returns; giving the same report again changes nothing. Safe from any thread.
     *
     * @param feedback what happened, to which message and recipient
     * @return whether it was recorded, had been before, or matches no message
     * @throws SesException STORE_ERROR if the store failed; nothing was recorded
     */
    public FeedbackResult report(Feedback feedback) {
        Objects.requireNonNull(feedback, "feedback");
        FeedbackResult result = intake.apply(feedback);
        if (result == FeedbackResult.APPLIED) {
            wake();
        }
        return result;
    }

    /**
     * Takes a message received at a return path, as raw RFC 5322 bytes: a delivery status notification (a late
     * bounce or a delay), a spam complaint (ARF), an automatic reply, or a bounce written as plain text. Used by hosts
     * that fetch such mail themselves (IMAP, a provider's webhook); ses-smtp's inbound listener calls it too.
     *
     * <p>The report is parsed (with the parser given to {@link Builder#reportParser}, in at most
     * {@link Builder#reportParseTimeout}), matched to its message (by the signed return path of the recipient's copy,
     * else the original {@code Message-ID}, else the recipient's recent message) and recorded as feedback: a failed
     * recipient is a late bounce (hard, and blocklisted, only for an address reason; nothing for a copy that bounced
     * before), a delayed one a deferral event, a complaint an event and a suppression, an automatic reply an event.
     * Complaints and automatic replies sent by another address than the one mailed (an alias) reach the copy that
     * the signed return path, or a Message-ID naming one copy, points at. The bytes are stored, whatever they hold,
     * in the transaction that records what they say, and kept: an unmatched, forged or malformed report can be read
     * back with {@link #reports}. The same bytes given twice record nothing the second time. Reads at most {@link Builder#maxReportSize} bytes: a longer message is
     * kept cut, as malformed. Never throws for what the message holds.
     *
     * @param message the message; read to its end (or the size limit), not closed
     * @return what became of it
     * @throws SesException STORE_ERROR if the store failed
     */
    public IngestResult ingest(InputStream message) {
        return ingest(message, List.of());
    }

    /**
     * Takes a message received at a return path for a known envelope recipient, as {@link #ingest(InputStream)} does.
     *
     * @param message the message; read to its end (or the size limit), not closed
     * @param receivedFor the envelope recipient ({@code RCPT TO}) it was received for
     * @return what became of it
     * @throws SesException STORE_ERROR if the store failed
     */
    public IngestResult ingest(InputStream message, String receivedFor) {
        return ingest(message, List.of(Objects.requireNonNull(receivedFor, "receivedFor")));
    }

    /**
     * Takes a message received at a return path for several envelope recipients (an SMTP transaction with several
     * {@code RCPT TO}), as {@link #ingest(InputStream)} does. The message is one report, stored once; every
     * recipient counts: each is matched as the report's own addresses are, and each {@code mailto:} unsubscribe
     * address among them ({@code unsubscribe+<token>@<sender domain>}, as {@code List-Unsubscribe} offers it)
     * unsubscribes the recipient of its copy once its token verifies.
     *
     * @param message the message; read to its end (or the size limit), not closed
     * @param receivedFor the envelope recipients it was received for; may be empty
     * @return what became of it
     * @throws SesException STORE_ERROR if the store failed
     */
    public IngestResult ingest(InputStream message, List<String> receivedFor) {
        List<String> recipients = List.copyOf(Objects.requireNonNull(receivedFor, "receivedFor"));
        Objects.requireNonNull(message, "message");
        byte[] raw;
        Optional<String> problem = Optional.empty();
        try {
            raw = message.readNBytes(maxReportSize + 1);
            if (raw.length > maxReportSize) {
                raw = java.util.Arrays.copyOf(raw, maxReportSize);
                problem = Optional.of("larger than the limit of " + maxReportSize + " bytes; the first "
                        + maxReportSize + " bytes are kept");
            }
        } catch (IOException e) {
            raw = new byte[0];
            problem = Optional.of("the message could not be read: " + e);
        }
        IngestResult result = reports.ingest(raw, recipients, problem);
        if (result.recorded() > 0) {
            wake();
        }
        return result;
    }

    /**
     * {@return messages received at return paths, in one status, oldest first: what {@link #ingest} kept, for
     * inspection}
     *
     * @param status which ones, e.g. {@link StoredReport.Status#UNMATCHED}
     * @param afterId only those with a greater id (0 for the first page)
     * @param limit at most this many, 1..1,000
     * @throws IllegalArgumentException for another limit
     * @throws SesException STORE_ERROR if the store failed
     */
    public List<StoredReport> reports(StoredReport.Status status, long afterId, int limit) {
        Objects.requireNonNull(status, "status");
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1..1000: " + limit);
        }
        return engine.store().reports().list(status, afterId, limit);
    }

    /**
     * Does, on the calling thread, all work that is due at the clock's current time: reads the reports that were
     * stored but never read (left by a crash; see {@link #ingest}), re-checks the sender domains
     * whose time has come, starts due task runs, sends every due message and settles it, lets the transport report
     * feedback that has become due, counts new events in the statistics and hands them to the
     * listeners, and posts the callbacks that are due, waiting for each exchange (bounded by the
     * {@link CallbackPolicy}'s timeouts). Returns when nothing due is left.
     *
     * @return how many messages, runs and events were handled
     * @throws IllegalStateException after {@link #close()}
     * @throws SesException STORE_ERROR if the store failed; what was done before stays done
     */
    public int runDueWork() {
        if (closed) {
            throw new IllegalStateException("this Ses is closed");
        }
        return pumped(() -> {
            int done = retryStalledReports() + pumpSending() + events.pump();
            int posted = callbacks.pumpAndWait();
            // Posting records attempts, not events: nothing new for the consumers, so no second round is needed.
            return done + posted;
        });
    }

    /** Reads the reports left stored but unread, batch by batch, until none is left. */
    private int retryStalledReports() {
        int done = 0;
        int batch;
        while ((batch = reports.retryStalled(STALLED_BATCH)) > 0) {
            done += batch;
        }
        return done;
    }

    private int pumpSending() {
        int done = domainChecks.runDue() + tasks.runDue();
        int sent;
        while ((sent = dispatcher.pump()) > 0) {
            done += sent;
        }
        // Sending may have settled the last messages of a run: complete it now rather than on the next pump.
        return done > 0 ? done + tasks.runDue() : done;
    }

    /** Runs a pump and notes how it went, for {@link #health()}. */
    private int pumped(java.util.function.IntSupplier pump) {
        try {
            int done = pump.getAsInt();
            lastSuccess = engine.clock().instant();
            if (done > 0) {
                wake();
            }
            return done;
        } catch (RuntimeException e) {
            lastError = e.toString();
            lastErrorAt = engine.clock().instant();
            throw e;
        }
    }

    /**
     * How long an idle dispatcher waits: until the next message is due, at least 10 ms and at most the idle poll
     * (default 100 ms). Work queued by another node sharing the store reaches this one's idle workers through the
     * store's notices where it sends them ({@link Store#subscribeDueWork}), and otherwise by this short poll (one
     * read of an index over unsettled rows).
     */
    private Duration nextDueWait() {
        long pollMs = idlePoll.toMillis();
        long waitMs = engine.store().messages().nextDue()
                .map(due -> Duration.between(engine.clock().instant(), due).toMillis()).orElse(pollMs);
        return Duration.ofMillis(Math.max(10, Math.min(pollMs, waitMs)));
    }

    /**
     * {@return how this instance stands: its threads, the last pump that succeeded, the last error, and the queue's
     * backlog} Never throws: a store that cannot be read shows as an empty backlog and an error.
     */
    public SesHealth health() {
        Optional<SesHealth.Backlog> backlog;
        String error = lastError;
        Instant errorAt = lastErrorAt;
        try {
            QueueDepth depth = engine.store().messages().depth();
            Instant now = engine.clock().instant();
            backlog = Optional.of(new SesHealth.Backlog(depth.queued(), depth.deferred(), depth.sending(),
                    depth.oldestQueuedAt().map(t -> Duration.between(t, now).isNegative() ? Duration.ZERO
                            : Duration.between(t, now))));
        } catch (RuntimeException e) {
            backlog = Optional.empty();
            error = "the store cannot be read: " + e;
            errorAt = engine.clock().instant();
        }
        List<SesHealth.Worker> threads = new ArrayList<>(workers.stream().map(w -> new SesHealth.Worker(
                w.thread.getName(), w.thread.isAlive(), w.failures, Optional.ofNullable(w.lastSuccess))).toList());
        callbacks.thread().ifPresent(t -> threads.add(new SesHealth.Worker(t.getName(), t.isAlive(),
                callbacks.failures(), callbacks.lastSuccess())));
        List<SesHealth.FailingCallback> failing;
        try {
            failing = engine.store().callbacks().failing().stream().map(a -> new SesHealth.FailingCallback(
                    a.account(), a.id(), a.url(), a.failuresSince().orElse(a.failingSince().orElseThrow())))
                    .toList();
        } catch (RuntimeException e) {
            failing = List.of();
        }
        return new SesHealth(threads, Optional.ofNullable(lastSuccess), Optional.ofNullable(error),
                Optional.ofNullable(errorAt), backlog, failing);
    }

    private void wake() {
        callbacks.wake();
        if (workers.isEmpty()) {
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

    /**
     * One of ses's threads: pumps until there is nothing to do, then waits to be woken or for its idle time. A pump
     * that fails is logged (with its stack the first time in a row), backed off from 100 ms doubling up to 30 s, and
     * tried again: the thread ends only with {@link #close()}.
     */
    private final class Worker implements Runnable {
        final Thread thread;
        final java.util.function.IntSupplier pump;
        final java.util.function.Supplier<Duration> idle;
        volatile int failures;
        volatile @Nullable Instant lastSuccess;

        Worker(String name, java.util.function.IntSupplier pump, java.util.function.Supplier<Duration> idle) {
            this.pump = pump;
            this.idle = idle;
            this.thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (!closed) {
                long seen;
                lock.lock();
                try {
                    seen = wakeups;
                } finally {
                    lock.unlock();
                }
                long waitMs;
                try {
                    int done = pumped(pump);
                    lastSuccess = engine.clock().instant();
                    failures = 0;
                    if (done > 0) {
                        continue;
                    }
                    waitMs = idle.get().toMillis();
                } catch (RuntimeException e) {
                    failures++;
                    lastError = e.toString();
                    lastErrorAt = engine.clock().instant();
                    waitMs = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(failures - 1, 20));
                    if (failures == 1) {
                        LOG.error("{} failed; retrying in {} ms", thread.getName(), waitMs, e);
                    } else {
                        LOG.warn("{} failed again ({} in a row): {}; retrying in {} ms", thread.getName(), failures,
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
    }

    /**
     * Stops ses's threads (waiting for the message chunk in hand), then closes the transport. The store stays open:
     * it belongs to the caller. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        dueWork.close();
        lock.lock();
        try {
            wakeups++;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        for (Worker w : workers) {
            try {
                w.thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        callbacks.close();
        reportParsing.shutdownNow();
        try {
            if (!reportParsing.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("a report parser ignored its interruption and is still running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.transport().close();
    }

    /** Builds a {@link Ses}. Each setting is checked when it is made. */
    public static final class Builder {
        private @Nullable Store store;
        private @Nullable MailTransport transport;
        private @Nullable DnsResolver dns;
        private Clock clock = Clock.systemUTC();
        private SesLimits limits = SesLimits.defaults();
        private DomainPolicy domainPolicy = DomainPolicy.defaults();
        private final List<SesListener> listeners = new ArrayList<>();
        private int workers = 2;
        private String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
        private int claimSize = 256;
        private Duration lease = Duration.ofMinutes(5);
        private VerificationOptions verification = VerificationOptions.defaults();
        private byte @Nullable [] keyEncryptionKey;
        private QuotaPolicy quotas = QuotaPolicy.defaults();
        private Duration eventRetention = Duration.ofDays(30);
        private Duration dailyStatisticsRetention = DEFAULT_DAILY_STATISTICS_RETENTION;
        private Duration hourlyStatisticsRetention = DEFAULT_HOURLY_STATISTICS_RETENTION;
        private CallbackPolicy callbackPolicy = CallbackPolicy.defaults();
        private Duration idlePoll = Duration.ofMillis(IDLE_POLL_MS);
        private final List<TrackingKey> trackingKeys = new ArrayList<>();
        private @Nullable String currentTrackingKey;
        private @Nullable String trackingBaseUrl;
        private boolean keepReaderIp;
        private Duration linkScannerWindow = Duration.ofSeconds(10);
        private @Nullable ReportParser reportParser;
        private byte @Nullable [] returnPathKey;
        private ComplaintScope complaintScope = ComplaintScope.SENDER_DOMAIN;
        private int maxReportSize = 10 * 1024 * 1024;
        private Duration reportParseTimeout = Duration.ofSeconds(5);

        private Builder() {
        }

        /**
         * Where data lives; default a new {@link InMemoryStore}. The caller closes it.
         *
         * @param value the store
         * @return this builder
         */
        public Builder store(Store value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        /**
         * How mail leaves: an SMTP transport, or a {@code MailboxSimulator} in tests. Required.
         *
         * @param value the transport
         * @return this builder
         */
        public Builder transport(MailTransport value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /**
         * How domains are verified; required to call {@link SenderDomains#verify(String)}.
         *
         * @param value the DNS resolver
         * @return this builder
         */
        public Builder dns(DnsResolver value) {
            this.dns = Objects.requireNonNull(value, "dns");
            return this;
        }

        /**
         * The clock every time rule reads; default UTC system time.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * The limits; default {@link SesLimits#defaults()}.
         *
         * @param value the limits
         * @return this builder
         */
        public Builder limits(SesLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * What sender domains must publish; default {@link DomainPolicy#defaults()}, whose SPF mechanism and MX host
         * are placeholders for tests: set both for real domains.
         *
         * @param value the domain policy
         * @return this builder
         */
        public Builder domainPolicy(DomainPolicy value) {
            this.domainPolicy = Objects.requireNonNull(value, "domainPolicy");
            return this;
        }

        /**
         * Which DNS checks a domain must pass, and how often domains are re-checked; default
         * {@link VerificationOptions#defaults()}.
         *
         * @param value the checks and their schedule
         * @return this builder
         */
        public Builder verification(VerificationOptions value) {
            this.verification = Objects.requireNonNull(value, "verification");
            return this;
        }

        /**
         * A 256-bit AES key that encrypts DKIM private keys in the store (AES-GCM). Without it, the store holds them
         * as they are: set it for any store on disk. Keep it out of the store, e.g. in a secret manager.
         *
         * @param value the AES key, 32 bytes
         * @return this builder
         * @throws IllegalArgumentException unless 32 bytes long
         */
        public Builder keyEncryptionKey(byte[] value) {
            Objects.requireNonNull(value, "keyEncryptionKey");
            if (value.length != 32) {
                throw new IllegalArgumentException("keyEncryptionKey must be 32 bytes (AES-256): " + value.length
                        + " bytes");
            }
            this.keyEncryptionKey = value.clone();
            return this;
        }

        /**
         * Daily quotas, warm-up and rate limits; default {@link QuotaPolicy#defaults()}.
         *
         * @param value the quota policy
         * @return this builder
         */
        public Builder quotas(QuotaPolicy value) {
            this.quotas = Objects.requireNonNull(value, "quotas");
            return this;
        }

        /**
         * How long the event log keeps an event; default 30 days. Older events are pruned in bounded batches.
         *
         * @param value the retention, 1 hour to 3,650 days
         * @return this builder
         * @throws IllegalArgumentException unless between 1 hour and 3,650 days
         */
        public Builder eventRetention(Duration value) {
            this.eventRetention = retention("eventRetention", value, Duration.ofHours(1), "1 hour", 3650);
            return this;
        }

        /**
         * How long the daily statistics are kept; default 396 days (13 months). Older days are pruned in bounded
         * batches, and a statistics query may not reach further back.
         *
         * @param value the retention, 1 to 3,650 days
         * @return this builder
         * @throws IllegalArgumentException unless between 1 day and 3,650 days
         */
        public Builder dailyStatisticsRetention(Duration value) {
            this.dailyStatisticsRetention = retention("dailyStatisticsRetention", value, Duration.ofDays(1), "1 day",
                    3650);
            return this;
        }

        /**
         * How long the hourly statistics are kept; default 14 days. Older hours are pruned in bounded batches.
         *
         * @param value the retention, 1 to 92 days
         * @return this builder
         * @throws IllegalArgumentException unless between 1 day and 92 days
         */
        public Builder hourlyStatisticsRetention(Duration value) {
            this.hourlyStatisticsRetention = retention("hourlyStatisticsRetention", value, Duration.ofDays(1),
                    "1 day", 92);
            return this;
        }

        /** Checks a retention setting: from {@code min} to {@code maxDays} days. */
        private static Duration retention(String field, Duration value, Duration min, String minText, int maxDays) {
            Objects.requireNonNull(value, field);
            if (value.compareTo(min) < 0 || value.compareTo(Duration.ofDays(maxDays)) > 0) {
                throw new IllegalArgumentException(field + " must be between " + minText + " and " + maxDays
                        + " days: " + value);
            }
            return value;
        }

        /**
         * Which callback URLs are accepted and how callbacks are delivered; default {@link CallbackPolicy#defaults()}
         * (ports 8080-8082, no private or loopback addresses, 5 s to connect, 15 s a request, about 3 days of
         * retries).
         *
         * @param value the callback policy
         * @return this builder
         */
        public Builder callbacks(CallbackPolicy value) {
            this.callbackPolicy = Objects.requireNonNull(value, "callbacks");
            return this;
        }

        /**
         * Adds a key that signs or verifies the tokens of tracking and unsubscribe URLs (HMAC-SHA256). To rotate, add
         * the new key and keep the old ones: the current key signs, every key verifies, so mail sent before still
         * works. Without any, ses generates one key once and keeps it in the store.
         *
         * @param id 1 to 16 letters or digits, written into each token
         * @param secret at least 32 random bytes; keep it out of the store, e.g. in a secret manager
         * @return this builder
         * @throws IllegalArgumentException if the id or secret is not acceptable, or the id was added before
         */
        public Builder trackingKey(String id, byte[] secret) {
            TrackingKey key = new TrackingKey(id, secret, java.time.Instant.EPOCH);
            if (trackingKeys.stream().anyMatch(k -> k.id().equals(id))) {
                throw new IllegalArgumentException("trackingKey: the id " + id + " was added before");
            }
            trackingKeys.add(key);
            return this;
        }

        /**
         * Which added key signs new tokens; default the last one added. Checked in {@link #build()}.
         *
         * @param id the id of an added key
         * @return this builder
         */
        public Builder currentTrackingKey(String id) {
            this.currentTrackingKey = Objects.requireNonNull(id, "currentTrackingKey");
            return this;
        }

        /**
         * The base URL of the tracking endpoints for accounts and sender domains whose {@link TrackingSetup} names
         * none, such as {@code https://track.acme.example}. Without any base URL, messages carry no tracking.
         *
         * @param value the base URL, such as {@code https://track.acme.example}
         * @return this builder
         * @throws IllegalArgumentException if it is not an http(s) URL with a host and no query or fragment
         */
        public Builder trackingBaseUrl(String value) {
            this.trackingBaseUrl = TrackingSetup.checkBaseUrl(value);
            return this;
        }

        /**
         * Whether opens and clicks keep the reader's IP address in their events; default false (dropped).
         *
         * @param value true to keep the address
         * @return this builder
         */
        public Builder keepReaderIp(boolean value) {
            this.keepReaderIp = value;
            return this;
        }

        /**
         * How soon after delivery a click is taken for a link scanner's rather than a person's; default 10 seconds.
         *
         * @param value the window, 0 to 10 minutes
         * @return this builder
         * @throws IllegalArgumentException unless between 0 and 10 minutes
         */
        public Builder linkScannerWindow(Duration value) {
            Objects.requireNonNull(value, "linkScannerWindow");
            if (value.isNegative() || value.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("linkScannerWindow must be between 0 and 10 minutes: " + value);
            }
            this.linkScannerWindow = value;
            return this;
        }

        /**
         * Adds a listener for events.
         *
         * @param value the listener; called on ses's threads, it must not block for long
         * @return this builder
         */
        public Builder listener(SesListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * How many daemon threads dispatch mail; default 2. With 0, nothing is sent until {@link #runDueWork()}.
         *
         * @param value the number of threads, 0 to 64
         * @return this builder
         * @throws IllegalArgumentException outside 0..64
         */
        public Builder workers(int value) {
            if (value < 0 || value > 64) {
                throw new IllegalArgumentException("workers must be 0..64: " + value);
            }
            this.workers = value;
            return this;
        }

        /**
         * This instance's name in message leases; default a random one. Nodes sharing a store need distinct names.
         *
         * @param value the name, 1 to 64 characters
         * @return this builder
         * @throws IllegalArgumentException if blank or longer than 64 characters
         */
        public Builder node(String value) {
            if (value == null || value.isBlank() || value.length() > 64) {
                throw new IllegalArgumentException("node must be 1-64 characters: " + value);
            }
            this.node = value;
            return this;
        }

        /**
         * How many messages one claim takes from the queue; default 256.
         *
         * @param value the number of messages, 1 to 10,000
         * @return this builder
         * @throws IllegalArgumentException outside 1..10,000
         */
        public Builder claimSize(int value) {
            if (value < 1 || value > 10_000) {
                throw new IllegalArgumentException("claimSize must be 1..10000: " + value);
            }
            this.claimSize = value;
            return this;
        }

        /**
         * How long a claimed message stays leased before it returns to the queue; default 5 minutes.
         *
         * @param value the lease, 1 second to 1 day
         * @return this builder
         * @throws IllegalArgumentException unless between 1 second and 1 day
         */
        public Builder lease(Duration value) {
            Objects.requireNonNull(value, "lease");
            if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("lease must be between 1 second and 1 day: " + value);
            }
            this.lease = value;
            return this;
        }

        /**
         * How long an idle dispatcher waits, at most, before it looks again for due work that nobody announced to
         * it; default 100 ms. Work queued through this instance wakes its workers at once, and so does work queued
         * by another node when the store sends notices ({@code JdbcStore} on PostgreSQL does). Work found only by
         * this poll (a scheduled task's start, say, or work of another node on a store without notices) starts up
         * to this late; a longer poll costs the store fewer idle reads.
         *
         * @param value the longest wait
         * @return this builder
         * @throws IllegalArgumentException unless between 10 milliseconds and 1 hour
         */
        public Builder idlePoll(Duration value) {
            Objects.requireNonNull(value, "idlePoll");
            if (value.compareTo(Duration.ofMillis(10)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("idlePoll must be between 10 milliseconds and 1 hour: " + value);
            }
            this.idlePoll = value;
            return this;
        }

        /**
         * What reads the reports given to {@link Ses#ingest}: ses-smtp's {@code MailReports.parser()}. Without one,
         * every ingested message is kept as malformed, unread.
         *
         * @param value the parser
         * @return this builder
         */
        public Builder reportParser(ReportParser value) {
            this.reportParser = Objects.requireNonNull(value, "reportParser");
            return this;
        }

        /**
         * The secret that signs the return path {@code bounce+<token>=<signature>@<domain>} of every message, so that
         * a report with a forged or altered token changes nothing. Reports come back days later: give the same key to
         * every node and every restart. Without it, a key is derived from {@link #keyEncryptionKey} if one is set,
         * else a random key is made for this instance alone (fine for tests; reports for mail sent before a restart
         * are then kept as forged).
         *
         * @param value the key, shared by every node
         * @return this builder
         * @throws IllegalArgumentException if shorter than 16 bytes
         */
        public Builder returnPathKey(byte[] value) {
            Objects.requireNonNull(value, "returnPathKey");
            if (value.length < 16) {
                throw new IllegalArgumentException("returnPathKey must be at least 16 bytes: " + value.length
                        + " bytes");
            }
            this.returnPathKey = value.clone();
            return this;
        }

        /**
         * Whom a spam complaint suppresses the recipient for; default {@link ComplaintScope#SENDER_DOMAIN}.
         *
         * @param value whom a complaint suppresses the recipient for
         * @return this builder
         */
        public Builder complaintScope(ComplaintScope value) {
            this.complaintScope = Objects.requireNonNull(value, "complaintScope");
            return this;
        }

        /**
         * The largest message {@link Ses#ingest} reads; default 10 MB. A longer one is kept cut, as malformed.
         *
         * @param bytes the size, 1 KB to 100 MB
         * @return this builder
         * @throws IllegalArgumentException outside 1 KB..100 MB
         */
        public Builder maxReportSize(int bytes) {
            if (bytes < 1024 || bytes > 100 * 1024 * 1024) {
                throw new IllegalArgumentException("maxReportSize must be 1024..104857600 bytes: " + bytes);
            }
            this.maxReportSize = bytes;
            return this;
        }

        /**
         * How long parsing one report may take; default 5 seconds. One that takes longer is kept as malformed.
         *
         * @param value the timeout, 10 milliseconds to 5 minutes
         * @return this builder
         * @throws IllegalArgumentException unless between 10 milliseconds and 5 minutes
         */
        public Builder reportParseTimeout(Duration value) {
            Objects.requireNonNull(value, "reportParseTimeout");
            if (value.compareTo(Duration.ofMillis(10)) < 0 || value.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("reportParseTimeout must be between 10 ms and 5 minutes: "
                        + value);
            }
            this.reportParseTimeout = value;
            return this;
        }

        /** The return-path key: the one given, else derived from the key-encryption key, else random. */
        private byte[] returnPathKey() {
            if (returnPathKey != null) {
                return returnPathKey.clone();
            }
            if (keyEncryptionKey != null) {
                try {
                    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                    mac.init(new javax.crypto.spec.SecretKeySpec(keyEncryptionKey, "HmacSHA256"));
                    return mac.doFinal("ses return path".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
                }
            }
            byte[] random = new byte[32];
            new java.security.SecureRandom().nextBytes(random);
            return random;
        }

        /**
         * Builds and starts the instance.
         *
         * @return the started instance; close it when done
         * @throws IllegalStateException if no transport was set, or if sender domains are checked in real DNS (a
         *         resolver other than {@link StaticDnsResolver}) while the domain policy still names the placeholder
         *         hosts of {@link DomainPolicy#defaults()}: their owners would be told to publish records that can
         *         never verify
         */
        public Ses build() {
            if (transport == null) {
                throw new IllegalStateException("transport is required: an SMTP transport, or a MailboxSimulator "
                        + "in tests");
            }
            if (dns != null && !(dns instanceof StaticDnsResolver) && domainPolicy.usesPlaceholders()) {
                throw new IllegalStateException(domainPolicy.placeholderRefusal("this Ses checks sender domains"
                        + " in real DNS (" + dns + "), so their owners would be told to publish records that can"
                        + " never verify"));
            }
            if (hourlyStatisticsRetention.compareTo(dailyStatisticsRetention) > 0) {
                throw new IllegalStateException("hourlyStatisticsRetention (" + hourlyStatisticsRetention
                        + ") must not be longer than dailyStatisticsRetention (" + dailyStatisticsRetention + ")");
            }
            if (currentTrackingKey != null && trackingKeys.stream().noneMatch(k -> k.id().equals(currentTrackingKey))) {
                throw new IllegalStateException("currentTrackingKey " + currentTrackingKey + " names none of the "
                        + "added tracking keys: " + trackingKeys.stream().map(TrackingKey::id).toList());
            }
            if (store == null) {
                store = new InMemoryStore();
            }
            return new Ses(this);
        }
    }
}
