package dev.ses.smtp;

import dev.ses.core.IngestResult;
import dev.ses.core.Ses;
import dev.ses.core.SesException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * An embedded SMTP server for the return-path domains' MX: it takes the reports that come back to
 * {@code bounce+<token>=<signature>@<domain>} (and any other address of those domains, such as a feedback loop's or
 * the {@code mailto:} unsubscribe address {@code unsubscribe+<token>@<domain>}) and hands each, with all its accepted
 * recipients, to {@link Ses#ingest(InputStream, List)}, which stores it durably before the {@code 250} is sent: one
 * message is one stored report, every recipient of it is matched, and each unsubscribe address among them
 * unsubscribes its copy's recipient. Recipients of other domains get {@code 550 5.1.1}; a store failure a
 * {@code 451 4.3.0}, so the sender tries again later. Built on SubEthaSMTP.
 *
 * <pre>{@code
 * InboundListener mx = InboundListener.builder(ses).bind(InetAddress.getByName("0.0.0.0"), 25)
 *         .returnPathDomain("mail.acme.com").startTls(sslContext).build();
 * mx.start();
 * }</pre>
 *
 * <p>Thread-safe; {@link #close()} stops the server and is idempotent. One SubEthaSMTP thread per connection, at
 * most {@link Builder#maxConnections}.
 */
public final class InboundListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InboundListener.class);

    private final Ses ses;
    private final Set<String> domains;
    private final int maxMessageSize;
    private final SMTPServer server;
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean started;

    private InboundListener(Builder b) {
        this.ses = b.ses;
        this.domains = Set.copyOf(b.domains);
        this.maxMessageSize = b.maxMessageSize;
        SMTPServer.Builder s = SMTPServer.port(b.port).bindAddress(b.address).hostName(b.hostName)
                .softwareName("ses").insertReceivedHeaders(false).maxConnections(b.maxConnections)
                .maxRecipients(b.maxRecipients).maxMessageSize(b.maxMessageSize)
                .connectionTimeout(b.connectionTimeoutSeconds, TimeUnit.SECONDS)
                .serverThreadName("ses-inbound-smtp").messageHandlerFactory(Handler::new);
        if (b.tls != null) {
            s.enableTLS().startTlsSocketFactory(b.tls);
            if (b.requireTls) {
                s.requireTLS();
            }
        }
        this.server = s.build();
    }

    /**
     * {@return a builder for a listener that feeds {@code ses}}
     *
     * @param ses the instance the reports go to, through {@link Ses#ingest}
     * @throws NullPointerException if {@code ses} is null
     */
    public static Builder builder(Ses ses) {
        return new Builder(Objects.requireNonNull(ses, "ses"));
    }

    /**
     * Starts listening.
     *
     * @throws IllegalStateException if it was started before, or the address cannot be bound
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the listener was started already");
        }
        started = true;
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + server.getBindAddress().map(Object::toString)
                    .orElse("*") + ":" + server.getPort() + ": " + e.getMessage(), e);
        }
    }

    /** {@return the port it listens on (the one chosen when built with port 0), once started} */
    public int port() {
        return server.getPortAllocated();
    }

    /** {@return how many messages it has stored and answered with {@code 250}} */
    public long accepted() {
        return accepted.get();
    }

    /** Stops listening and drops the open connections. Idempotent. */
    @Override
    public synchronized void close() {
        if (started && server.isRunning()) {
            server.stop();
        }
    }

    /** Whether an address belongs to one of the return-path domains. */
    boolean accepts(String address) {
        int at = address.lastIndexOf('@');
        return at > 0 && domains.contains(address.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    /** One SMTP transaction. */
    private final class Handler implements MessageHandler {
        private final List<String> recipients = new ArrayList<>();

        Handler(MessageContext ctx) {
        }

        @Override
        public void from(String from) {
            // Reports come from the null sender <> or from anyone: nothing to check.
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            if (!accepts(recipient)) {
                throw new RejectException(550, "5.1.1 <" + recipient + ">: no such mailbox here");
            }
            recipients.add(recipient);
        }

        @Override
        public @Nullable String data(InputStream data) throws RejectException, IOException {
            byte[] raw = data.readNBytes(maxMessageSize + 1);
            if (raw.length > maxMessageSize) {
                // Read to the end, or what is left would be read as commands.
                data.transferTo(OutputStreamSink.INSTANCE);
                throw new RejectException(552, "5.3.4 message larger than " + maxMessageSize + " bytes");
            }
            try {
                // One message is one report, stored once, whatever the number of recipients: every recipient is
                // matched, and each unsubscribe address among them acted on, by Ses.ingest.
                IngestResult r = ses.ingest(new ByteArrayInputStream(raw), List.copyOf(recipients));
                accepted.incrementAndGet();
                LOG.debug("inbound report {} for {}: {}", r.reportId(), recipients, r.status());
                return "2.0.0 stored as report " + r.reportId();
            } catch (SesException e) {
                LOG.warn("could not store an inbound report for {}", recipients, e);
                throw new RejectException(451, "4.3.0 cannot store the message now, try again later");
            }
        }

        @Override
        public void done() {
        }
    }

    /** Discards what it is given. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    /** Builds an {@link InboundListener}. Each setting is checked when it is made. */
    public static final class Builder {
        private final Ses ses;
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port = 25;
        private String hostName = "localhost";
        private final Set<String> domains = new LinkedHashSet<>();
        private int maxMessageSize = 10 * 1024 * 1024;
        private int maxConnections = 100;
        private int maxRecipients = 10;
        private int connectionTimeoutSeconds = 60;
        private @Nullable SSLContext tls;
        private boolean requireTls;

        private Builder(Ses ses) {
            this.ses = ses;
        }

        /**
         * Where to listen; default 127.0.0.1 port 25. Port 0 picks a free port ({@link InboundListener#port()}).
         *
         * @param value the address to bind
         * @param portValue the port, 0 to 65535
         * @return this builder
         * @throws IllegalArgumentException for a port outside 0..65535
         */
        public Builder bind(InetAddress value, int portValue) {
            this.address = Objects.requireNonNull(value, "address");
            if (portValue < 0 || portValue > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + portValue);
            }
            this.port = portValue;
            return this;
        }

        /**
         * The name it greets with; default {@code localhost}.
         *
         * @param value the host name in the greeting and the replies
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder hostName(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("hostName must not be blank: " + value);
            }
            this.hostName = value;
            return this;
        }

        /**
         * A domain whose mail it takes (a sender domain, where its return paths point); at least one is required.
         *
         * @param value the domain's name
         * @return this builder
         * @throws IllegalArgumentException if blank or holding {@code @}
         */
        public Builder returnPathDomain(String value) {
            if (value == null || value.isBlank() || value.contains("@")) {
                throw new IllegalArgumentException("returnPathDomain must be a domain name: " + value);
            }
            domains.add(value.strip().toLowerCase(Locale.ROOT));
            return this;
        }

        /**
         * The largest message taken, advertised with SIZE; default 10 MB. A larger one gets {@code 552 5.3.4}.
         *
         * @param bytes the size, 1 KB to 100 MB
         * @return this builder
         * @throws IllegalArgumentException outside 1 KB..100 MB
         */
        public Builder maxMessageSize(int bytes) {
            if (bytes < 1024 || bytes > 100 * 1024 * 1024) {
                throw new IllegalArgumentException("maxMessageSize must be 1024..104857600 bytes: " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * How many connections at once; default 100. One more is answered {@code 421} and closed.
         *
         * @param value the number of connections, 1 to 10,000
         * @return this builder
         * @throws IllegalArgumentException outside 1..10,000
         */
        public Builder maxConnections(int value) {
            if (value < 1 || value > 10_000) {
                throw new IllegalArgumentException("maxConnections must be 1..10000: " + value);
            }
            this.maxConnections = value;
            return this;
        }

        /**
         * How many recipients one message may have; default 10 (a report goes to one return path).
         *
         * @param value the number of recipients, 1 to 1,000
         * @return this builder
         * @throws IllegalArgumentException outside 1..1,000
         */
        public Builder maxRecipients(int value) {
            if (value < 1 || value > 1000) {
                throw new IllegalArgumentException("maxRecipients must be 1..1000: " + value);
            }
            this.maxRecipients = value;
            return this;
        }

        /**
         * How long a connection may stay idle; default 60 seconds.
         *
         * @param value the timeout in seconds, 1 to 3,600
         * @return this builder
         * @throws IllegalArgumentException outside 1..3,600 seconds
         */
        public Builder connectionTimeoutSeconds(int value) {
            if (value < 1 || value > 3600) {
                throw new IllegalArgumentException("connectionTimeoutSeconds must be 1..3600: " + value);
            }
            this.connectionTimeoutSeconds = value;
            return this;
        }

        /**
         * Offers STARTTLS with this context (holding the server's certificate and key).
         *
         * @param value the TLS context
         * @return this builder
         */
        public Builder startTls(SSLContext value) {
            this.tls = Objects.requireNonNull(value, "startTls");
            return this;
        }

        /**
         * Offers STARTTLS and refuses mail from a client that does not use it ({@code 530}).
         *
         * @return this builder
         * @throws IllegalStateException unless {@link #startTls} was set first
         */
        public Builder requireTls() {
            if (tls == null) {
                throw new IllegalStateException("requireTls needs startTls(sslContext) first");
            }
            this.requireTls = true;
            return this;
        }

        /**
         * Builds the listener; {@link InboundListener#start()} starts it.
         *
         * @return the listener, not started
         * @throws IllegalStateException if no return-path domain was given
         */
        public InboundListener build() {
            if (domains.isEmpty()) {
                throw new IllegalStateException("returnPathDomain is required: the domains whose reports it takes");
            }
            return new InboundListener(this);
        }
    }

    @Override
    public String toString() {
        return "InboundListener[" + Optional.ofNullable(server.getBindAddress().orElse(null)).map(Object::toString)
                .orElse("*") + ":" + server.getPort() + " for " + domains + "]";
    }
}
