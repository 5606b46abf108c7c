package dev.ses.smtp.internal;

import dev.ses.core.spi.DnsAnswer;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.MxRecord;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.Outcome;
import dev.ses.core.spi.RecipientResult;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders, signs and delivers messages over pooled Angus SMTP connections, and turns every reply and failure into
 * a per-recipient result. Thread-safe; each call blocks until every recipient has a result.
 */
public final class Courier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Courier.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final SmtpSettings settings;
    private final Session session;
    private final String protocol;
    private final MimeWriter writer = new MimeWriter();
    private final DkimSigner signer = new DkimSigner();
    private final Map<String, ConnectionPool<SmtpConnection>> pools = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    /** A courier with these settings; starts one daemon timer thread for idle connections and write timeouts. */
    public Courier(SmtpSettings settings) {
        this.settings = settings;
        this.protocol = settings.tls() == SmtpSettings.Tls.IMPLICIT ? "smtps" : "smtp";
        int instance = INSTANCES.incrementAndGet();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ses-smtp-timer-" + instance);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
        this.session = Session.getInstance(properties(settings, protocol, timer));
        long sweep = Math.max(100, settings.idleTimeout().toMillis() / 2);
        timer.scheduleWithFixedDelay(this::evictIdle, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    private static Properties properties(SmtpSettings s, String protocol, ScheduledExecutorService timer) {
        Properties p = new Properties();
        String prefix = "mail." + protocol + ".";
        p.setProperty(prefix + "connectiontimeout", Long.toString(s.connectTimeout().toMillis()));
        p.setProperty(prefix + "timeout", Long.toString(s.readTimeout().toMillis()));
        p.setProperty(prefix + "writetimeout", Long.toString(s.writeTimeout().toMillis()));
        p.put(prefix + "executor.writetimeout", timer);
        p.put(prefix + "socketFactory", new NoDelaySocketFactory());
        p.put(prefix + "ssl.socketFactory", new NoDelaySslSocketFactory(s.sslContext().getSocketFactory()));
        p.setProperty(prefix + "ssl.checkserveridentity", Boolean.toString(s.checkServerIdentity()));
        p.setProperty(prefix + "starttls.enable", Boolean.toString(s.tls() == SmtpSettings.Tls.STARTTLS
                || s.tls() == SmtpSettings.Tls.STARTTLS_REQUIRED));
        p.setProperty(prefix + "starttls.required", Boolean.toString(s.tls() == SmtpSettings.Tls.STARTTLS_REQUIRED));
        p.setProperty(prefix + "auth", Boolean.toString(s.user().isPresent()));
        p.setProperty(prefix + "auth.mechanisms", "PLAIN LOGIN");
        // Deliver to the recipients the server accepts, and report the others one by one.
        p.setProperty(prefix + "sendpartial", "true");
        p.setProperty(prefix + "quitwait", "false");
        s.heloName().ifPresent(h -> p.setProperty(prefix + "localhost", h));
        return p;
    }

    /**
     * Renders the message as it goes on the wire, signed when it carries a DKIM key.
     *
     * @throws IllegalArgumentException if a header is malformed or the key cannot sign
     */
    public byte[] wire(OutboundMail mail) {
        byte[] bytes = writer.write(mail);
        if (mail.dkim().isEmpty()) {
            return bytes;
        }
        String from = mail.fromAddress();
        String domain = from.substring(from.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return signer.sign(bytes, mail.dkim().get(), domain, mail.date());
    }

    /**
     * Delivers one message to every envelope recipient.
     *
     * @return one result per envelope recipient
     * @throws IllegalArgumentException if the message cannot be rendered or signed
     * @throws IllegalStateException if the courier is closed
     */
    public List<RecipientResult> send(OutboundMail mail) {
        if (closed) {
            throw new IllegalStateException("the SMTP transport is closed");
        }
        byte[] bytes = wire(mail);
        if (settings.relayHost().isPresent()) {
            String host = settings.relayHost().get();
            return deliver(List.of(new Destination(host, settings.port(), host)), mail.envelopeFrom(),
                    mail.envelopeRecipients(), bytes);
        }
        Map<String, List<String>> byDomain = new LinkedHashMap<>();
        for (String rcpt : mail.envelopeRecipients()) {
            String domain = rcpt.substring(rcpt.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
            byDomain.computeIfAbsent(domain, d -> new ArrayList<>()).add(rcpt);
        }
        List<RecipientResult> results = new ArrayList<>(mail.envelopeRecipients().size());
        for (Map.Entry<String, List<String>> e : byDomain.entrySet()) {
            Route route = route(e.getKey());
            if (route.destinations().isEmpty()) {
                for (String rcpt : e.getValue()) {
                    results.add(RecipientResult.fromReply(rcpt, route.code(), route.reply()));
                }
            } else {
                results.addAll(deliver(route.destinations(), mail.envelopeFrom(), e.getValue(), bytes));
            }
        }
        return results;
    }

    /** Where mail for a domain goes, or, when nowhere, the reply that says why. */
    private record Route(List<Destination> destinations, int code, String reply) {
    }

    /** RFC 5321 section 5.1: MX hosts in preference order, else the domain's own address. */
    private Route route(String domain) {
        DnsResolver dns = settings.resolver().orElseThrow();
        DnsAnswer<MxRecord> mx = dns.mx(domain);
        if (mx.failed()) {
            return new Route(List.of(), 451, "4.4.3 MX lookup of " + domain + " failed: " + mx.status()
                    + mx.error().map(e -> " " + e).orElse(""));
        }
        if (mx.status() == DnsAnswer.Status.NXDOMAIN) {
            return new Route(List.of(), 550, "5.1.2 domain " + domain + " does not exist");
        }
        List<String> hosts = new ArrayList<>();
        if (mx.found()) {
            List<MxRecord> records = new ArrayList<>(mx.records());
            records.sort(Comparator.comparingInt(MxRecord::preference));
            // RFC 7505: a single MX of "." says the domain takes no mail.
            if (records.size() == 1 && records.get(0).nullMx()) {
                return new Route(List.of(), 556, "5.1.10 domain " + domain + " accepts no mail (null MX)");
            }
            records.forEach(r -> hosts.add(r.host()));
        } else {
            hosts.add(domain);
        }
        List<Destination> destinations = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String host : hosts) {
            DnsAnswer<InetAddress> addresses = dns.addresses(host);
            if (addresses.failed()) {
                failed.add(host + " (" + addresses.status() + ")");
            }
            // A host that does not exist (NXDOMAIN) or has no address is not a mail host: skipped for good.
            for (InetAddress a : addresses.records()) {
                destinations.add(new Destination(a.getHostAddress(), settings.port(), host));
            }
        }
        if (!destinations.isEmpty()) {
            return new Route(destinations, 250, "");
        }
        if (!failed.isEmpty()) {
            return new Route(List.of(), 451, "4.4.3 address lookup failed for the mail hosts of " + domain + ": "
                    + String.join(", ", failed));
        }
        if (!mx.found()) {
            return new Route(List.of(), 550, "5.1.2 domain " + domain + " has neither MX nor address records");
        }
        // RFC 5321 5.1: MX records none of which is usable are an error to report, not a reason to wait.
        return new Route(List.of(), 550, "5.4.4 no mail host of " + domain + " exists: " + String.join(", ", hosts)
                + " (MX) have no address");
    }

    /**
     * Delivers to the first destination that takes the message. RFC 5321 section 5.1 asks a client to try each of
     * the relevant addresses: a destination that cannot be reached, or that answers a recipient with a temporary
     * failure (a 421 greeting, a 4xx to RCPT or to the end of data, a timeout before the final dot), hands that
     * recipient on to the next one in the same attempt. The last destination's answer stands. What the server may
     * have (after the final dot) and what it refused for good is never offered to another.
     */
    private List<RecipientResult> deliver(List<Destination> destinations, String envelopeFrom, List<String> rcpts,
                                          byte[] bytes) {
        RecipientResult[] results = new RecipientResult[rcpts.size()];
        List<Integer> pending = new ArrayList<>(rcpts.size());
        for (int i = 0; i < rcpts.size(); i++) {
            pending.add(i);
        }
        String failure = "no mail host";
        for (int n = 0; n < destinations.size() && !pending.isEmpty(); n++) {
            Destination d = destinations.get(n);
            List<String> these = pending.stream().map(rcpts::get).toList();
            Attempt attempt = attempt(d, envelopeFrom, these, bytes);
            if (attempt.results() == null) {
                failure = attempt.failure();
                continue;
            }
            boolean last = n == destinations.size() - 1;
            List<Integer> again = new ArrayList<>();
            for (int i = 0; i < these.size(); i++) {
                RecipientResult r = attempt.results().get(i);
                results[pending.get(i)] = r;
                if (r.outcome() == Outcome.DEFERRED && !last) {
                    again.add(pending.get(i));
                }
            }
            if (!again.isEmpty()) {
                LOG.debug("{} deferred {} recipient(s), trying the next mail host", d, again.size());
            }
            pending = again;
        }
        for (int i : pending) {
            if (results[i] == null) {
                results[i] = new RecipientResult(rcpts.get(i), Outcome.DEFERRED, failure);
            }
        }
        return List.of(results);
    }

    private record Attempt(List<RecipientResult> results, String failure) {
    }

    /** Thrown by the opener when a connection cannot be set up; carries the server's reply when there was one. */
    private static final class ConnectFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ConnectFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Sends on a pooled connection. A connection that breaks before the final dot (typically one the server closed
     * while it sat idle) is replaced and the message sent once more on a fresh one; a second break, or a timeout,
     * defers it. After the final dot nothing breaks here: the connection reports its recipients
     * {@link Outcome#UNCERTAIN} and is not reusable, so the message is not sent again.
     */
    private Attempt attempt(Destination d, String envelopeFrom, List<String> rcpts, byte[] bytes) {
        ConnectionPool<SmtpConnection> pool = pool(d);
        boolean fresh = false;
        for (int round = 0; ; round++) {
            ConnectionPool.Lease<SmtpConnection> lease;
            try {
                lease = pool.acquire(fresh, () -> open(d));
            } catch (ConnectFailure e) {
                LOG.debug("cannot connect to {}: {}", d, e.getMessage());
                return new Attempt(null, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Attempt(deferAll(rcpts, "interrupted while waiting for a connection to " + d), null);
            } catch (IllegalStateException e) {
                return new Attempt(deferAll(rcpts, "the SMTP transport is closed"), null);
            }
            try {
                SmtpConnection.Transaction t = lease.connection().send(envelopeFrom, rcpts, bytes);
                if (t.reusable()) {
                    pool.release(lease, true);
                } else {
                    pool.discard(lease);
                }
                return new Attempt(t.results(), null);
            } catch (MessagingException | IOException e) {
                pool.discard(lease);
                Throwable io = ioCause(e);
                boolean timeout = io instanceof SocketTimeoutException;
                if (io != null && !timeout && round == 0) {
                    LOG.debug("connection to {} broke ({}), sending again on a fresh one", d, e.toString());
                    fresh = true;
                    continue;
                }
                String why = io == null ? "failed on " + d + ": " + describe(e)
                        : (timeout ? "timed out talking to " : "connection lost to ") + d + ": " + describe(io);
                return new Attempt(deferAll(rcpts, why), null);
            } catch (IllegalArgumentException e) {
                pool.release(lease, true);
                throw e;
            } catch (RuntimeException e) {
                // Not a delivery failure we know of (e.g. the transport closing under a send): nothing is known.
                LOG.warn("unexpected failure sending to {}", d, e);
                pool.discard(lease);
                return new Attempt(deferAll(rcpts, "failed on " + d + ": " + describe(e)), null);
            }
        }
    }

    private SmtpConnection open(Destination d) throws ConnectFailure {
        SmtpConnection connection = new SmtpConnection(session, protocol, settings.readTimeout(),
                settings.dataTimeout());
        try {
            connection.connect(d.address(), d.port(), settings.user().orElse(null),
                    settings.user().isPresent() ? settings.password() : null);
            LOG.debug("connected to {}", d);
            return connection;
        } catch (MessagingException | RuntimeException e) {
            String last = connection.getLastServerResponse();
            closeQuietly(connection);
            throw new ConnectFailure(connectFailure(d, e, last), e);
        }
    }

    /**
     * Why a connection could not be set up, on one line: the server's refusal when it refused (a 4xx or 5xx
     * greeting, EHLO or AUTH reply), else the cause. The last reply is not the reason when it was a success: after
     * {@code 220 Ready to start TLS} or an EHLO answer the failure is the client's, a TLS handshake or a missing
     * extension.
     */
    static String connectFailure(Destination d, Exception e, String lastReply) {
        String last = lastReply == null ? "" : lastReply.strip();
        if (isReply(last) && (last.charAt(0) == '4' || last.charAt(0) == '5')) {
            return oneLine(last);
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("STARTTLS is required")) {
            return "STARTTLS is required but " + d + " does not offer it";
        }
        Throwable tls = null;
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException || t instanceof java.security.cert.CertificateException
                    || String.valueOf(t.getMessage()).startsWith("Can't verify identity of server")) {
                tls = t;
                break;
            }
        }
        if (tls == null) {
            return "cannot connect to " + d + ": " + oneLine(describe(e));
        }
        String chain = chainText(tls);
        if (chain.contains("Can't verify identity of server") || chain.contains("No subject alternative")
                || chain.contains("No name matching")) {
            return "TLS host name mismatch: the certificate of " + d + " does not name the host connected to ("
                    + oneLine(innermost(tls)) + ")";
        }
        if (chain.contains("PKIX path") || chain.contains("certification path") || chain.contains("CertPath")
                || chain.contains("self signed") || chain.contains("self-signed") || chain.contains("not trusted")) {
            return "TLS certificate of " + d + " is not trusted (" + oneLine(innermost(tls)) + ")";
        }
        return "TLS handshake with " + d + " failed: " + oneLine(innermost(tls));
    }

    private static String chainText(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    /** The deepest cause's class and message: what actually failed. */
    private static String innermost(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return describe(t);
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private ConnectionPool<SmtpConnection> pool(Destination d) {
        return pools.computeIfAbsent(d.key(), k -> new ConnectionPool<>(settings.poolSize(),
                settings.maxMessagesPerConnection(), settings.idleTimeout().toNanos(), System::nanoTime,
                Courier::closeQuietly));
    }

    private static List<RecipientResult> deferAll(List<String> rcpts, String why) {
        List<RecipientResult> results = new ArrayList<>(rcpts.size());
        for (String rcpt : rcpts) {
            results.add(new RecipientResult(rcpt, Outcome.DEFERRED, why));
        }
        return results;
    }

    private static Throwable ioCause(Throwable e) {
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof IOException) {
                return t;
            }
        }
        return null;
    }

    private static boolean isReply(String s) {
        return s != null && s.length() >= 3 && Character.isDigit(s.charAt(0)) && Character.isDigit(s.charAt(1))
                && Character.isDigit(s.charAt(2));
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
    }

    private static void closeQuietly(SmtpConnection transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("closing an SMTP connection failed: {}", e.toString());
        }
    }

    private void evictIdle() {
        for (ConnectionPool<SmtpConnection> pool : pools.values()) {
            int n = pool.evictIdle();
            if (n > 0) {
                LOG.debug("closed {} idle SMTP connection(s)", n);
            }
        }
    }

    /** Closes every idle connection and the timer thread; connections in use close when their send ends. */
    @Override
    public void close() {
        closed = true;
        pools.values().forEach(ConnectionPool::close);
        timer.shutdownNow();
    }
}
