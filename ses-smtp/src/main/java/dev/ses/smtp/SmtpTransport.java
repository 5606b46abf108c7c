package dev.ses.smtp;

import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.RecipientResult;
import dev.ses.smtp.internal.Courier;
import dev.ses.smtp.internal.SmtpSettings;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MailTransport} that speaks SMTP: through one relay ({@link #relay}) or straight to each recipient
 * domain's MX hosts ({@link #direct}).
 *
 * <p>Each message is rendered as MIME (UTF-8, RFC 2047 encoded headers), signed with DKIM when it carries a key,
 * and sent as exactly those bytes. No line of it exceeds 998 octets (RFC 5322 2.1.1): a subject or header that would
 * not fold is sent as encoded words, and text that would read back otherwise (one that looks like an encoded word,
 * leading, trailing or repeated whitespace) too. When a server offers SIZE (RFC 1870), {@code MAIL FROM} declares
 * the message's size, and a message over the server's declared limit is not sent: its recipients are
 * {@link dev.ses.core.spi.Outcome#FAILED FAILED} with that reason, as they are when the message holds 8-bit data (an
 * attached 8-bit message) and the server does not offer 8BITMIME. Connections are pooled per destination: at most
 * {@link Builder#poolSize(int) poolSize} at once, each reused for up to
 * {@link Builder#maxMessagesPerConnection(int) maxMessagesPerConnection} messages and closed after
 * {@link Builder#idleTimeout(Duration) idleTimeout} unused. Sockets use {@code TCP_NODELAY}. When a server offers
 * PIPELINING (RFC 2920), {@code MAIL FROM} and all {@code RCPT TO} commands of a message go out without waiting for
 * each reply, which saves a round trip per message.
 *
 * <p>Every envelope recipient gets a result classified with {@link dev.ses.core.spi.Outcome#classify} from the
 * server's RCPT or end-of-data reply, the reply text kept. A connection that breaks before the message's final dot
 * is sent is replaced and the message sent once more on a fresh connection; if that fails too, or the server stops
 * answering within the {@link Builder#readTimeout(Duration) read timeout}, the recipients are {@code DEFERRED}.
 * Once the final dot is sent the server may have the message: if the connection then breaks, or no reply comes
 * within the {@link Builder#dataTimeout(Duration) data timeout}, the recipients are
 * {@link dev.ses.core.spi.Outcome#UNCERTAIN UNCERTAIN}, the connection is closed and the message is not sent again
 * on another. A refused sender (MAIL FROM) makes them {@code REJECTED} on a 5xx reply and {@code DEFERRED} on a
 * 4xx reply. A connection that cannot be set up defers them with its cause, on one line: the server's refusal, or
 * what failed on the client's side (the certificate not trusted, a host name mismatch, STARTTLS required but not
 * offered), never a success reply the server gave before it.
 *
 * <p>Thread-safe: build one and share it. {@link #send} blocks the calling thread for the whole SMTP transaction
 * (bounded by the timeouts); {@link #sendAll} spreads messages over {@code poolSize} daemon threads. The instance
 * owns one daemon timer thread; {@link #close()} releases it and the connections.
 */
public final class SmtpTransport implements MailTransport {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final SmtpSettings settings;
    private final Courier courier;
    private final int instance = INSTANCES.incrementAndGet();
    private ExecutorService workers;
    private boolean closed;

    private SmtpTransport(SmtpSettings settings) {
        this.settings = settings;
        this.courier = new Courier(settings);
    }

    /**
     * Starts a builder for sending through one relay (a submission server or a smarthost).
     *
     * @param host the relay's host name or address
     * @param port its port: usually 587 with {@link Builder#requireStartTls()}, 465 with
     *             {@link Builder#implicitTls()}, 25 for a local MTA
     * @return a builder for relay delivery
     * @throws IllegalArgumentException if the host is blank or the port outside 1..65535
     */
    public static Builder relay(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("host must be a host name or address: '" + host + "'");
        }
        checkPort(port);
        return new Builder(host, port, null);
    }

    /**
     * Starts a builder for delivering straight to the recipients' mail servers: each recipient domain's MX hosts in
     * preference order, or the domain's own A/AAAA addresses when it has no MX (RFC 5321 section 5.1). A domain that
     * does not exist, publishes a null MX (RFC 7505) or only MX hosts that do not exist, makes its recipients a hard
     * bounce; a DNS failure defers them. An MX host that cannot be reached, or that answers a recipient with a
     * temporary failure (a 421, a 4xx reply), passes that recipient on to the next MX host in the same send. The SMTP port defaults to 25 and can be changed with {@link Builder#port(int)}.
     *
     * @param dns the resolver for MX and address lookups
     * @return a builder for direct delivery
     */
    public static Builder direct(DnsResolver dns) {
        Objects.requireNonNull(dns, "dns");
        return new Builder(null, 25, dns);
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be within 1..65535: " + port);
        }
    }

    /**
     * Sends one message to all its envelope recipients. Never throws for a delivery failure.
     *
     * @return one result per envelope recipient, in the order of {@link OutboundMail#envelopeRecipients()} for a
     *         relay; grouped by recipient domain for direct delivery
     * @throws IllegalArgumentException if the message cannot be rendered (CR or LF in a header value, a header the
     *                                  MIME layer owns, a line that would exceed 998 octets), an envelope address
     *                                  holds a space, an angle bracket or a character outside ASCII, or its DKIM key
     *                                  cannot sign
     * @throws IllegalStateException if this transport is closed
     */
    @Override
    public List<RecipientResult> send(OutboundMail mail) {
        Objects.requireNonNull(mail, "mail");
        return courier.send(mail);
    }

    /** Sends one message; one that cannot be rendered or signed fails alone, as a result. */
    private List<RecipientResult> sendOrFail(OutboundMail mail) {
        Objects.requireNonNull(mail, "mail");
        try {
            return courier.send(mail);
        } catch (IllegalArgumentException e) {
            return RecipientResult.failed(mail, e.getMessage());
        }
    }

    /**
     * Sends several messages in parallel over the pooled connections, blocking until all are done.
     *
     * @return for each message, in order, its results as {@link #send} gives them; a message that cannot be
     *         rendered or signed has {@link dev.ses.core.spi.Outcome#FAILED} for each recipient, and the others are
     *         still sent
     * @throws IllegalStateException if this transport is closed
     */
    @Override
    public List<List<RecipientResult>> sendAll(List<OutboundMail> mails) {
        if (mails.size() <= 1) {
            return mails.isEmpty() ? List.of() : List.of(sendOrFail(mails.get(0)));
        }
        ExecutorService executor = workers();
        List<Future<List<RecipientResult>>> futures = new ArrayList<>(mails.size());
        for (OutboundMail mail : mails) {
            Objects.requireNonNull(mail, "mail");
            futures.add(executor.submit(() -> sendOrFail(mail)));
        }
        List<List<RecipientResult>> results = new ArrayList<>(mails.size());
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Future<List<RecipientResult>> f : futures) {
            while (true) {
                try {
                    results.add(f.get());
                    break;
                } catch (InterruptedException e) {
                    // The sends are under way and bounded by the timeouts: wait for them, then keep the interrupt.
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (failure == null) {
                        failure = cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                    }
                    results.add(List.of());
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    private synchronized ExecutorService workers() {
        if (closed) {
            throw new IllegalStateException("the SMTP transport is closed");
        }
        if (workers == null) {
            AtomicInteger n = new AtomicInteger();
            workers = Executors.newFixedThreadPool(settings.poolSize(), r -> {
                Thread t = new Thread(r, "ses-smtp-" + instance + "-send-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return workers;
    }

    /** Closes idle connections, stops the threads of this transport. Idempotent. */
    @Override
    public void close() {
        ExecutorService executor;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            executor = workers;
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        courier.close();
    }

    @Override
    public String toString() {
        return "SmtpTransport[" + settings + "]";
    }

    /**
     * Settings of an {@link SmtpTransport}. Each method checks its value at once. Not thread-safe; use one builder
     * on one thread.
     */
    public static final class Builder {
        private final @Nullable String host;
        private final @Nullable DnsResolver dns;
        private int port;
        private SmtpSettings.Tls tls = SmtpSettings.Tls.NONE;
        private @Nullable String user;
        private String password = "";
        private @Nullable SSLContext sslContext;
        private @Nullable Boolean checkServerIdentity;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration readTimeout = Duration.ofMinutes(5);
        private Duration dataTimeout = Duration.ofMinutes(10);
        private Duration writeTimeout = Duration.ofMinutes(3);
        private int poolSize = 4;
        private int maxMessagesPerConnection = 100;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private @Nullable String heloName;

        private Builder(@Nullable String host, int port, @Nullable DnsResolver dns) {
            this.host = host;
            this.port = port;
            this.dns = dns;
        }

        /**
         * The SMTP port of the destination servers (direct delivery defaults to 25).
         *
         * @param port the port, 1..65535
         * @return this builder
         * @throws IllegalArgumentException if outside 1..65535
         */
        public Builder port(int port) {
            checkPort(port);
            this.port = port;
            return this;
        }

        /**
         * Uses STARTTLS when the server offers it, plain SMTP otherwise.
         *
         * @return this builder
         * @throws IllegalStateException if implicit TLS was chosen
         */
        public Builder startTls() {
            checkNotImplicit("startTls");
            if (tls != SmtpSettings.Tls.STARTTLS_REQUIRED) {
                tls = SmtpSettings.Tls.STARTTLS;
            }
            return this;
        }

        /**
         * Uses STARTTLS and refuses to send when the server does not offer it.
         *
         * @return this builder
         * @throws IllegalStateException if implicit TLS was chosen
         */
        public Builder requireStartTls() {
            checkNotImplicit("requireStartTls");
            tls = SmtpSettings.Tls.STARTTLS_REQUIRED;
            return this;
        }

        /**
         * Speaks TLS from the first byte (SMTPS, usually port 465).
         *
         * @return this builder
         * @throws IllegalStateException if STARTTLS was chosen
         */
        public Builder implicitTls() {
            if (tls == SmtpSettings.Tls.STARTTLS || tls == SmtpSettings.Tls.STARTTLS_REQUIRED) {
                throw new IllegalStateException("implicitTls conflicts with " + tls + " chosen before");
            }
            tls = SmtpSettings.Tls.IMPLICIT;
            return this;
        }

        private void checkNotImplicit(String what) {
            if (tls == SmtpSettings.Tls.IMPLICIT) {
                throw new IllegalStateException(what + " conflicts with implicitTls chosen before");
            }
        }

        /**
         * Authenticates with AUTH PLAIN or LOGIN (use TLS: both send the password in the clear otherwise).
         *
         * @param user the user name
         * @param password the password
         * @return this builder
         * @throws IllegalArgumentException if the user is blank or either value holds CR or LF
         * @throws IllegalStateException for direct delivery, where there is nobody to authenticate to
         */
        public Builder auth(String user, String password) {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (dns != null) {
                throw new IllegalStateException("auth is for a relay; direct delivery does not authenticate");
            }
            if (user.isBlank() || user.indexOf('\r') >= 0 || user.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("user must be a non-blank single line: '" + user + "'");
            }
            if (password.indexOf('\r') >= 0 || password.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("password must not contain CR or LF");
            }
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * Where TLS trust and client keys come from; default: the JVM's default context.
         *
         * @param context the TLS context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /**
         * Whether the server's certificate must match the host name connected to. Default: on for a relay, off for
         * direct delivery (where TLS is opportunistic and MX certificates rarely match, RFC 7672 section 1.3).
         *
         * @param check whether the certificate must match the host name
         * @return this builder
         */
        public Builder checkServerIdentity(boolean check) {
            this.checkServerIdentity = check;
            return this;
        }

        /**
         * TCP connect timeout; default 30 s.
         *
         * @param timeout the connect timeout
         * @return this builder
         * @throws IllegalArgumentException unless positive and at most {@code Integer.MAX_VALUE} ms
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = checkDuration("connectTimeout", timeout);
            return this;
        }

        /**
         * The longest wait for the server's greeting and for each reply but the one to the end of data; default
         * 5 minutes, the longest of RFC 5321 section 4.5.3.2's minimums for them. A send that runs into it before
         * the message's final dot defers its recipients.
         *
         * @param timeout the longest wait for a reply
         * @return this builder
         * @throws IllegalArgumentException unless positive and at most {@code Integer.MAX_VALUE} ms
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = checkDuration("readTimeout", timeout);
            return this;
        }

        /**
         * The longest wait for the reply to the end of data, the final dot of a message; default 10 minutes
         * (RFC 5321 section 4.5.3.2.6: the server may check the whole message before it answers, and a client that
         * gives up too early makes it deliver copies). A send that runs into it makes its recipients
         * {@link dev.ses.core.spi.Outcome#UNCERTAIN UNCERTAIN}: the server may have the message.
         *
         * @param timeout the longest wait for the reply to the end of data
         * @return this builder
         * @throws IllegalArgumentException unless positive and at most {@code Integer.MAX_VALUE} ms
         */
        public Builder dataTimeout(Duration timeout) {
            this.dataTimeout = checkDuration("dataTimeout", timeout);
            return this;
        }

        /**
         * The longest a socket write may block; default 3 minutes (RFC 5321 section 4.5.3.2.5).
         *
         * @param timeout the longest a write may block
         * @return this builder
         * @throws IllegalArgumentException unless positive and at most {@code Integer.MAX_VALUE} ms
         */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = checkDuration("writeTimeout", timeout);
            return this;
        }

        /**
         * How long an unused connection stays open; default 30 s.
         *
         * @param timeout how long an idle connection stays open
         * @return this builder
         * @throws IllegalArgumentException unless positive and at most {@code Integer.MAX_VALUE} ms
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = checkDuration("idleTimeout", timeout);
            return this;
        }

        private static Duration checkDuration(String field, Duration value) {
            Objects.requireNonNull(value, field);
            if (value.isNegative() || value.isZero() || value.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException(field + " must be positive and at most "
                        + Integer.MAX_VALUE + " ms: " + value);
            }
            return value;
        }

        /**
         * Connections per destination, and threads of {@link SmtpTransport#sendAll}; default 4.
         *
         * @param size connections per destination, 1..256
         * @return this builder
         * @throws IllegalArgumentException unless within 1..256
         */
        public Builder poolSize(int size) {
            if (size < 1 || size > 256) {
                throw new IllegalArgumentException("poolSize must be within 1..256: " + size);
            }
            this.poolSize = size;
            return this;
        }

        /**
         * Messages sent over one connection before it is closed and replaced; default 100.
         *
         * @param max messages per connection, at least 1
         * @return this builder
         * @throws IllegalArgumentException unless at least 1
         */
        public Builder maxMessagesPerConnection(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxMessagesPerConnection must be at least 1: " + max);
            }
            this.maxMessagesPerConnection = max;
            return this;
        }

        /**
         * The name this client gives in EHLO; default: the local host name. Direct delivery should set a name
         * whose A record and reverse DNS agree, or receivers may distrust it.
         *
         * @param name the EHLO name
         * @return this builder
         * @throws IllegalArgumentException if blank or not a single token
         */
        public Builder heloName(String name) {
            Objects.requireNonNull(name, "heloName");
            if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException("heloName must be a host name or address literal: '" + name + "'");
            }
            this.heloName = name;
            return this;
        }

        /**
         * Builds the transport; it connects lazily, on the first message.
         *
         * @return the transport
         * @throws IllegalStateException if the JVM has no default TLS context and none was given
         */
        public SmtpTransport build() {
            SSLContext context = sslContext;
            if (context == null) {
                try {
                    context = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("no default TLS context; set sslContext", e);
                }
            }
            boolean identity = checkServerIdentity != null ? checkServerIdentity : dns == null;
            return new SmtpTransport(new SmtpSettings(Optional.ofNullable(host), port, Optional.ofNullable(dns), tls,
                    Optional.ofNullable(user), password, context, identity, connectTimeout, readTimeout,
                    dataTimeout, writeTimeout, poolSize, maxMessagesPerConnection, idleTimeout,
                    Optional.ofNullable(heloName)));
        }
    }
}
