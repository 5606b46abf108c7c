package dev.ses.core;

import dev.ses.core.internal.Dispatcher;
import dev.ses.core.internal.DomainChecks;
import dev.ses.core.internal.crypto.KeyCipher;
import dev.ses.core.internal.Engine;
import dev.ses.core.internal.TemplateSupport;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.Feedback;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.Store;
import dev.ses.core.spi.TransportContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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
    /** The name of {@link #defaultAccount()}. */
    public static final String DEFAULT_ACCOUNT = "default";

    private final Engine engine;
    private final Dispatcher dispatcher;
    private final DomainChecks domainChecks;
    private final dev.ses.core.internal.TaskRunner tasks;
    private final List<Thread> workers = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private volatile boolean closed;
    private boolean woken;

    private Ses(Builder b) {
        this.engine = new Engine(b.store, b.transport, Optional.ofNullable(b.dns), b.clock, b.limits, b.domainPolicy,
                b.listeners, b.node, b.claimSize, b.lease, new TemplateSupport(), b.verification,
                Optional.ofNullable(b.keyEncryptionKey).map(KeyCipher::new), b.quotas);
        this.dispatcher = new Dispatcher(engine);
        this.domainChecks = new DomainChecks(engine);
        this.tasks = new dev.ses.core.internal.TaskRunner(engine);
        b.transport.start(new TransportContext() {
            @Override
            public Clock clock() {
                return engine.clock();
            }

            @Override
            public void feedback(Feedback feedback) {
                dispatcher.report(feedback);
                wake();
            }
        });
        for (int i = 0; i < b.workers; i++) {
            Thread t = new Thread(this::workLoop, "ses-dispatcher-" + b.node + "-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The view of one account. Accounts need no creation: the first object created under a name starts it.
     *
     * @param name 1 to 64 characters: letters, digits, {@code .}, {@code _}, {@code -}, starting with a letter or digit
     * @throws IllegalArgumentException for another name
     */
    public SesAccount account(String name) {
        if (name == null || !ACCOUNT.matcher(name).matches()) {
            throw new IllegalArgumentException("account name must be 1-64 letters, digits, '.', '_' or '-': " + name);
        }
        return new SesAccount(engine, this::wake, name);
    }

    /** The account named {@value #DEFAULT_ACCOUNT}, for applications with one. */
    public SesAccount defaultAccount() {
        return account(DEFAULT_ACCOUNT);
    }

    /** The clock this instance reads. */
    public Clock clock() {
        return engine.clock();
    }

    /**
     * Does, on the calling thread, all work that is due at the clock's current time: re-checks the sender domains
     * whose time has come, applies feedback, sends every due message and settles it. Returns when nothing due is
     * left.
     *
     * @return how many messages and feedback items were handled
     * @throws IllegalStateException after {@link #close()}
     */
    public int runDueWork() {
        if (closed) {
            throw new IllegalStateException("this Ses is closed");
        }
        return pump();
    }

    private int pump() {
        int done = domainChecks.runDue() + tasks.runDue() + dispatcher.pump();
        // Sending may have settled the last messages of a run: complete it now rather than on the next pump.
        return done > 0 ? done + tasks.runDue() : done;
    }

    private void wake() {
        if (workers.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            woken = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void workLoop() {
        while (!closed) {
            int done = 0;
            try {
                done = pump();
            } catch (RuntimeException e) {
                LOG.error("dispatcher failed; retrying in a second", e);
            }
            if (done > 0) {
                continue;
            }
            // Asked before the lock is taken: a read may wait for a transaction in progress, and a send in that
            // transaction wakes the dispatchers through this lock.
            long waitMs = engine.store().messages().nextDue()
                    .map(due -> Duration.between(engine.clock().instant(), due).toMillis())
                    .orElse(1000L);
            lock.lock();
            try {
                if (!woken && !closed) {
                    work.await(Math.max(10, Math.min(1000, waitMs)), TimeUnit.MILLISECONDS);
                }
                woken = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Stops the dispatcher threads (waiting for the message chunk in hand), then closes the transport. The store
     * stays open: it belongs to the caller. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        wake();
        for (Thread t : workers) {
            lock.lock();
            try {
                work.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
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

        private Builder() {
        }

        /** Where data lives; default a new {@link InMemoryStore}. The caller closes it. */
        public Builder store(Store value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        /** How mail leaves: an SMTP transport, or a {@code MailboxSimulator} in tests. Required. */
        public Builder transport(MailTransport value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /** How domains are verified; required to call {@link SenderDomains#verify(String)}. */
        public Builder dns(DnsResolver value) {
            this.dns = Objects.requireNonNull(value, "dns");
            return this;
        }

        /** The clock every time rule reads; default UTC system time. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The limits; default {@link SesLimits#defaults()}. */
        public Builder limits(SesLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /** What sender domains must publish; default {@link DomainPolicy#defaults()}. */
        public Builder domainPolicy(DomainPolicy value) {
            this.domainPolicy = Objects.requireNonNull(value, "domainPolicy");
            return this;
        }

        /** Which DNS checks a domain must pass, and how often domains are re-checked; default
         * {@link VerificationOptions#defaults()}. */
        public Builder verification(VerificationOptions value) {
            this.verification = Objects.requireNonNull(value, "verification");
            return this;
        }

        /**
         * A 256-bit AES key that encrypts DKIM private keys in the store (AES-GCM). Without it, the store holds them
         * as they are: set it for any store on disk. Keep it out of the store, e.g. in a secret manager.
         *
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

        /** Daily quotas, warm-up and rate limits; default {@link QuotaPolicy#defaults()}. */
        public Builder quotas(QuotaPolicy value) {
            this.quotas = Objects.requireNonNull(value, "quotas");
            return this;
        }

        /** Adds a listener for events. */
        public Builder listener(SesListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * How many daemon threads dispatch mail; default 2. With 0, nothing is sent until {@link #runDueWork()}.
         *
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
         * Builds and starts the instance.
         *
         * @throws IllegalStateException if no transport was set
         */
        public Ses build() {
            if (transport == null) {
                throw new IllegalStateException("transport is required: an SMTP transport, or a MailboxSimulator "
                        + "in tests");
            }
            if (store == null) {
                store = new InMemoryStore();
            }
            return new Ses(this);
        }
    }
}
