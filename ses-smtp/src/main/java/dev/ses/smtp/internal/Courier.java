package dev.ses.smtp.internal;

import dev.ses.core.spi.DnsAnswer;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.MxRecord;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.Outcome;
import dev.ses.core.spi.RecipientResult;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
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
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
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
    private final Map<String, ConnectionPool<SMTPTransport>> pools = new ConcurrentHashMap<>();
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
            if (records.size() == 1 && (records.get(0).host().isEmpty() || records.get(0).host().equals("."))) {
                return new Route(List.of(), 556, "5.1.10 domain " + domain + " accepts no mail (null MX)");
            }
            records.forEach(r -> hosts.add(r.host()));
        } else {
            hosts.add(domain);
        }
        List<Destination> destinations = new ArrayList<>();
        boolean lookupFailed = false;
        for (String host : hosts) {
            DnsAnswer<InetAddress> addresses = dns.addresses(host);
            lookupFailed |= addresses.failed();
            for (InetAddress a : addresses.records()) {
                destinations.add(new Destination(a.getHostAddress(), settings.port(), host));
            }
        }
        if (!destinations.isEmpty()) {
            return new Route(destinations, 250, "");
        }
        if (!mx.found() && !lookupFailed) {
            return new Route(List.of(), 550, "5.1.2 domain " + domain + " has neither MX nor address records");
        }
        return new Route(List.of(), 451, "4.4.4 no address found for the mail hosts of " + domain);
    }

    private List<RecipientResult> deliver(List<Destination> destinations, String envelopeFrom, List<String> rcpts,
                                          byte[] bytes) {
        InternetAddress[] addresses = new InternetAddress[rcpts.size()];
        for (int i = 0; i < addresses.length; i++) {
            try {
                addresses[i] = new InternetAddress(rcpts.get(i), false);
            } catch (AddressException e) {
                throw new IllegalArgumentException("envelope recipient cannot be parsed: " + rcpts.get(i), e);
            }
        }
        RawMessage message = new RawMessage(session, bytes, envelopeFrom);
        String failure = "no mail host";
        for (Destination d : destinations) {
            Attempt attempt = attempt(d, message, addresses, rcpts);
            if (attempt.results() != null) {
                return attempt.results();
            }
            failure = attempt.failure();
        }
        return deferAll(rcpts, failure);
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
     * Sends on a pooled connection. A connection that breaks (typically one the server closed while it sat idle)
     * is replaced and the message sent once more on a fresh one; a second break, or a timeout, defers it.
     */
    private Attempt attempt(Destination d, RawMessage message, InternetAddress[] addresses, List<String> rcpts) {
        ConnectionPool<SMTPTransport> pool = pool(d);
        boolean fresh = false;
        for (int round = 0; ; round++) {
            ConnectionPool.Lease<SMTPTransport> lease;
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
            SMTPTransport transport = lease.connection();
            try {
                transport.sendMessage(message, addresses);
                String reply = reply(transport.getLastServerResponse(), "250 OK");
                pool.release(lease, true);
                List<RecipientResult> results = new ArrayList<>(rcpts.size());
                for (String rcpt : rcpts) {
                    results.add(new RecipientResult(rcpt, Outcome.DELIVERED, reply));
                }
                return new Attempt(results, null);
            } catch (MessagingException e) {
                Failure f = classify(e, rcpts, d);
                if (f.broken()) {
                    pool.discard(lease);
                } else {
                    pool.release(lease, true);
                }
                if (f.retry() && round == 0) {
                    LOG.debug("connection to {} broke ({}), sending again on a fresh one", d, e.toString());
                    fresh = true;
                    continue;
                }
                return new Attempt(f.results(), null);
            } catch (RuntimeException e) {
                // Not a delivery failure we know of (e.g. the transport closing under a send): nothing is known.
                LOG.warn("unexpected failure sending to {}", d, e);
                pool.discard(lease);
                return new Attempt(deferAll(rcpts, "failed on " + d + ": " + describe(e)), null);
            }
        }
    }

    private SMTPTransport open(Destination d) throws ConnectFailure {
        SMTPTransport transport;
        try {
            transport = (SMTPTransport) session.getTransport(protocol);
        } catch (MessagingException e) {
            throw new IllegalStateException("no SMTP provider for " + protocol, e);
        }
        try {
            transport.connect(d.address(), d.port(), settings.user().orElse(null),
                    settings.user().isPresent() ? settings.password() : null);
            LOG.debug("connected to {}", d);
            return transport;
        } catch (MessagingException | RuntimeException e) {
            String last = transport.getLastServerResponse();
            closeQuietly(transport);
            String why = isReply(last) ? last.strip() : "cannot connect to " + d + ": " + describe(e);
            throw new ConnectFailure(why, e);
        }
    }

    private ConnectionPool<SMTPTransport> pool(Destination d) {
        return pools.computeIfAbsent(d.key(), k -> new ConnectionPool<>(settings.poolSize(),
                settings.maxMessagesPerConnection(), settings.idleTimeout().toNanos(), System::nanoTime,
                Courier::closeQuietly));
    }

    private record Failure(List<RecipientResult> results, boolean broken, boolean retry) {
    }

    /** Turns a failed transaction into results: the server's replies where it gave them, DEFERRED otherwise. */
    private static Failure classify(MessagingException e, List<String> rcpts, Destination d) {
        Throwable io = ioCause(e);
        if (io != null) {
            boolean timeout = io instanceof SocketTimeoutException;
            String why = (timeout ? "timed out talking to " : "connection lost to ") + d + ": " + describe(io);
            return new Failure(deferAll(rcpts, why), true, !timeout);
        }
        if (e instanceof SMTPSendFailedException s && s.getReturnCode() < 200
                || e instanceof SMTPAddressFailedException a && a.getReturnCode() < 200) {
            // Angus reports a connection closed by the server as reply code -1 ("[EOF]"), not as an IOException.
            return new Failure(deferAll(rcpts, "connection lost to " + d + ": " + describe(e)), true, true);
        }
        Map<String, RecipientResult> refused = new LinkedHashMap<>();
        boolean closing = false;
        for (Throwable t = e.getNextException(); t != null; ) {
            if (t instanceof SMTPAddressFailedException a) {
                String rcpt = a.getAddress().getAddress();
                refused.put(rcpt.toLowerCase(Locale.ROOT), RecipientResult.fromReply(rcpt, a.getReturnCode(),
                        reply(a.getMessage(), Integer.toString(a.getReturnCode()))));
                closing |= a.getReturnCode() == 421;
            }
            t = t instanceof MessagingException m ? m.getNextException() : null;
        }
        if (e instanceof SMTPAddressFailedException a) {
            // An unexpected RCPT reply: Angus gives up on the whole transaction.
            String rcpt = a.getAddress().getAddress();
            refused.put(rcpt.toLowerCase(Locale.ROOT), RecipientResult.fromReply(rcpt, a.getReturnCode(),
                    reply(a.getMessage(), Integer.toString(a.getReturnCode()))));
            return new Failure(fill(rcpts, refused, null), true, false);
        }
        if (e instanceof SMTPSendFailedException s) {
            int code = s.getReturnCode();
            String text = reply(s.getMessage(), Integer.toString(code));
            String command = s.getCommand() == null ? "" : s.getCommand();
            closing |= code == 421;
            List<RecipientResult> results;
            if (command.regionMatches(true, 0, "MAIL FROM", 0, 9)) {
                // The sender was refused, not the recipients: nothing here says their addresses are bad.
                Outcome outcome = code >= 500 && code < 600 ? Outcome.REJECTED : Outcome.DEFERRED;
                results = new ArrayList<>();
                for (String rcpt : rcpts) {
                    results.add(new RecipientResult(rcpt, outcome, text));
                }
            } else {
                // "." with 250: some recipients were refused at RCPT and the rest accepted the data.
                // DATA or "." with an error: the data was refused for every recipient that RCPT accepted.
                results = fill(rcpts, refused, new Reply(code, text));
            }
            return new Failure(results, closing, false);
        }
        if (e instanceof SendFailedException && !refused.isEmpty()) {
            // Every recipient refused at RCPT; Angus has reset the transaction and the connection is still good.
            return new Failure(fill(rcpts, refused, null), closing, false);
        }
        return new Failure(deferAll(rcpts, "failed on " + d + ": " + describe(e)), true, false);
    }

    private record Reply(int code, String text) {
    }

    /** The refused recipients' own results; the others get {@code others}, or DEFERRED when it is null. */
    private static List<RecipientResult> fill(List<String> rcpts, Map<String, RecipientResult> refused,
                                              Reply others) {
        List<RecipientResult> results = new ArrayList<>(rcpts.size());
        for (String rcpt : rcpts) {
            RecipientResult r = refused.get(rcpt.toLowerCase(Locale.ROOT));
            if (r != null) {
                results.add(new RecipientResult(rcpt, r.outcome(), r.reply()));
            } else if (others != null) {
                results.add(RecipientResult.fromReply(rcpt, others.code(), others.text()));
            } else {
                results.add(new RecipientResult(rcpt, Outcome.DEFERRED, "no reply for this recipient"));
            }
        }
        return results;
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

    /** A server reply on one line, or {@code fallback} when there is none. */
    private static String reply(String raw, String fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return raw.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
    }

    private static void closeQuietly(SMTPTransport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("closing an SMTP connection failed: {}", e.toString());
        }
    }

    private void evictIdle() {
        for (ConnectionPool<SMTPTransport> pool : pools.values()) {
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
