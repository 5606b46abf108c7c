package dev.ses.smtp.internal;

import dev.ses.core.spi.DnsAnswer;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Sends one question to a list of DNS servers and tells apart how it ended: records, no data, no such name,
 * server failure, timeout or another error.
 *
 * <p>Each server is tried in order; a server that times out or cannot be reached is tried again up to
 * {@code retries} more times, a server that answers with a failure code is not (a recursive resolver that gave up
 * on a name gives up again). Truncated UDP answers are asked again over TCP by dnsjava's {@link SimpleResolver}
 * unless TCP fallback is off. CNAME chains are followed, also when a server returns the chain without its end.
 *
 * <p>Thread-safe: the {@link SimpleResolver}s are configured once and only used to send afterwards. Blocking.
 */
public final class DnsExchange {
    private static final Logger LOG = LoggerFactory.getLogger(DnsExchange.class);
    /** A CNAME chain longer than this is a loop or a misconfiguration. */
    private static final int MAX_CNAME_CHAIN = 8;

    /**
     * How a question ended.
     *
     * @param status the outcome
     * @param records the records of the type asked for, at the end of any CNAME chain
     * @param ttlSeconds how long the answer may be reused: the lowest TTL of the records and CNAMEs used, or for a
     *                   negative answer the SOA's negative TTL (RFC 2308 section 5), -1 when the server gave none
     * @param error what failed, for failures
     */
    public record Result(DnsAnswer.Status status, List<Record> records, long ttlSeconds, Optional<String> error) {
        /** Copies the records. */
        public Result {
            records = List.copyOf(records);
        }

        static Result failure(DnsAnswer.Status status, String error) {
            return new Result(status, List.of(), -1, Optional.of(error));
        }
    }

    private final List<SimpleResolver> servers;
    private final Duration timeout;
    private final int retries;
    private final boolean tcpFallback;

    /**
     * An exchange with the given servers.
     *
     * @param servers the servers, tried in this order
     * @param timeout how long to wait for one answer from one server
     * @param retries how many more times a server that did not answer is asked
     * @param tcpFallback whether a truncated UDP answer is asked again over TCP
     */
    public DnsExchange(List<InetSocketAddress> servers, Duration timeout, int retries, boolean tcpFallback) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.retries = retries;
        this.tcpFallback = tcpFallback;
        List<SimpleResolver> list = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver r = new SimpleResolver(server);
            r.setTimeout(timeout);
            r.setTCP(false);
            r.setIgnoreTruncation(!tcpFallback);
            list.add(r);
        }
        this.servers = List.copyOf(list);
    }

    /** The servers asked, in order. */
    public List<InetSocketAddress> servers() {
        return servers.stream().map(SimpleResolver::getAddress).toList();
    }

    /**
     * Asks for the records of one type at a name.
     *
     * @param name a domain name, with or without trailing dot
     * @param type the dnsjava {@link Type} code
     */
    public Result query(String name, int type) {
        Name qname;
        try {
            String n = name.strip().toLowerCase(Locale.ROOT);
            qname = Name.fromString(n.endsWith(".") ? n : n + ".");
        } catch (TextParseException e) {
            return Result.failure(DnsAnswer.Status.ERROR, "invalid name '" + name + "': " + e.getMessage());
        }
        long ttl = Long.MAX_VALUE;
        Set<Name> seen = new HashSet<>();
        for (int hop = 0; hop <= MAX_CNAME_CHAIN; hop++) {
            Message response;
            try {
                response = send(qname, type);
            } catch (Failed f) {
                return f.result;
            }
            int rcode = response.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return new Result(DnsAnswer.Status.NXDOMAIN, List.of(), negativeTtl(response), Optional.empty());
            }
            if (rcode != Rcode.NOERROR) {
                return Result.failure(DnsAnswer.Status.ERROR, "the server answered " + Rcode.string(rcode));
            }
            if (response.getHeader().getFlag(Flags.TC)) {
                return Result.failure(DnsAnswer.Status.ERROR, "the answer was truncated and TCP fallback is off");
            }
            List<Record> answer = response.getSection(Section.ANSWER);
            Name current = qname;
            while (true) {
                Name owner = current;
                List<Record> found = answer.stream()
                        .filter(r -> r.getType() == type && r.getName().equals(owner)).toList();
                if (!found.isEmpty()) {
                    for (Record r : found) {
                        ttl = Math.min(ttl, r.getTTL());
                    }
                    return new Result(DnsAnswer.Status.OK, found, ttl, Optional.empty());
                }
                Optional<CNAMERecord> cname = type == Type.CNAME ? Optional.empty() : answer.stream()
                        .filter(r -> r instanceof CNAMERecord && r.getName().equals(owner))
                        .map(CNAMERecord.class::cast).findFirst();
                if (cname.isEmpty()) {
                    break;
                }
                if (!seen.add(owner) || seen.size() > MAX_CNAME_CHAIN) {
                    return Result.failure(DnsAnswer.Status.ERROR, "CNAME loop or chain too long at " + owner);
                }
                ttl = Math.min(ttl, cname.get().getTTL());
                current = cname.get().getTarget();
            }
            if (current.equals(qname)) {
                return new Result(DnsAnswer.Status.NO_DATA, List.of(), negativeTtl(response), Optional.empty());
            }
            // The server gave the chain without its end (it is not authoritative for the target and does not
            // recurse): ask for the target.
            qname = current;
        }
        return Result.failure(DnsAnswer.Status.ERROR, "CNAME chain longer than " + MAX_CNAME_CHAIN + " at " + name);
    }

    private static long negativeTtl(Message response) {
        return response.getSection(Section.AUTHORITY).stream()
                .filter(r -> r instanceof SOARecord)
                .map(SOARecord.class::cast)
                .mapToLong(soa -> Math.min(soa.getTTL(), soa.getMinimum()))
                .findFirst().orElse(-1);
    }

    /** A failure that ends the question. */
    private static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Result result;

        Failed(Result result) {
            super(result.error().orElse(""), null, false, false);
            this.result = result;
        }
    }

    private Message send(Name qname, int type) throws Failed {
        Message query = Message.newQuery(Record.newRecord(qname, type, DClass.IN));
        Result last = Result.failure(DnsAnswer.Status.ERROR, "no DNS server configured");
        Set<Integer> answeredWithFailure = new HashSet<>();
        // UDP, then maybe TCP after a truncated answer, each with its own timeout inside dnsjava; this bound only
        // guards against a future that never completes.
        long guardMillis = timeout.toMillis() * 2 + 1000;
        for (int attempt = 0; attempt <= retries; attempt++) {
            for (int i = 0; i < servers.size(); i++) {
                if (answeredWithFailure.contains(i)) {
                    continue;
                }
                SimpleResolver server = servers.get(i);
                CompletableFuture<Message> future = server.sendAsync(query).toCompletableFuture();
                try {
                    Message response = future.get(guardMillis, TimeUnit.MILLISECONDS);
                    int rcode = response.getRcode();
                    if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
                        LOG.debug("{} {} from {}: {}", qname, Type.string(type), server.getAddress(),
                                Rcode.string(rcode));
                        return response;
                    }
                    LOG.debug("{} {} from {}: {}", qname, Type.string(type), server.getAddress(), Rcode.string(rcode));
                    answeredWithFailure.add(i);
                    last = Result.failure(rcode == Rcode.SERVFAIL ? DnsAnswer.Status.SERVFAIL : DnsAnswer.Status.ERROR,
                            where(server) + " answered " + Rcode.string(rcode));
                } catch (TimeoutException e) {
                    future.cancel(true);
                    last = timedOut(qname, type, server);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                        last = timedOut(qname, type, server);
                    } else {
                        LOG.debug("{} {} from {} failed", qname, Type.string(type), server.getAddress(), cause);
                        last = Result.failure(DnsAnswer.Status.ERROR, where(server) + ": " + describe(cause));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    future.cancel(true);
                    throw new Failed(Result.failure(DnsAnswer.Status.ERROR, "interrupted"));
                }
            }
            if (answeredWithFailure.size() == servers.size()) {
                break;
            }
        }
        throw new Failed(last);
    }

    /** A server as {@code address:port}, without the slash of {@link InetSocketAddress#toString()}. */
    private static String where(SimpleResolver server) {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /**
     * What went wrong with a server, in words: the JDK leaves the message of several socket failures empty (an ICMP
     * port unreachable on a UDP socket has none), so the kind of failure is named from its type.
     */
    static String describe(Throwable failure) {
        String message = failure.getMessage() == null || failure.getMessage().isBlank() ? ""
                : failure.getMessage().strip();
        String kind;
        if (failure instanceof PortUnreachableException) {
            kind = "connection refused (port unreachable: no DNS server listens there)";
        } else if (failure instanceof NoRouteToHostException) {
            kind = "host unreachable";
        } else if (failure instanceof ConnectException) {
            kind = message.isEmpty() ? "connection refused" : "could not connect";
        } else if (failure instanceof UnknownHostException) {
            kind = "unknown host";
        } else if (failure instanceof EOFException || failure instanceof ClosedChannelException) {
            kind = "the connection closed before the answer";
        } else if (failure.getCause() != null && failure.getCause() != failure
                && (message.isEmpty() || message.equals(failure.getCause().toString()))) {
            // A wrapper that only repeats its cause: the cause says what happened.
            return describe(failure.getCause());
        } else if (!message.isEmpty()) {
            return message;
        } else {
            return failure.getClass().getSimpleName();
        }
        return message.isEmpty() ? kind : kind + ": " + message;
    }

    private Result timedOut(Name qname, int type, SimpleResolver server) {
        LOG.debug("{} {} from {}: no answer within {}", qname, Type.string(type), server.getAddress(), timeout);
        return Result.failure(DnsAnswer.Status.TIMEOUT, where(server) + " did not answer within " + timeout);
    }

    @Override
    public String toString() {
        return "DnsExchange" + servers() + "[timeout=" + timeout + ", retries=" + retries + ", tcpFallback="
                + tcpFallback + "]";
    }
}
