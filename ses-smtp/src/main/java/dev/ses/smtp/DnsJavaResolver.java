package dev.ses.smtp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.ses.core.spi.DnsAnswer;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.MxRecord;
import dev.ses.core.spi.TxtRecord;
import dev.ses.smtp.internal.DnsExchange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A {@link DnsResolver} that asks real DNS servers through dnsjava: the system's resolvers by default
 * ({@link #system()}), or the servers given to the {@link #builder()}.
 *
 * <p>Answers are cached for their TTL (at most {@link Builder#maxTtl(Duration)}); answers that a name or a type
 * does not exist are cached briefly ({@link Builder#negativeTtl(Duration)}, or less if the zone says so); failures
 * (server failure, timeout) are never cached. A truncated UDP answer is asked again over TCP. NXDOMAIN, no data,
 * SERVFAIL and timeouts are told apart in the {@link DnsAnswer}.
 *
 * <p>Contract: thread-safe, one instance is meant to be shared by the whole application; every method blocks
 * until an answer, a failure or the timeout (per server and attempt, see {@link Builder#timeout(Duration)}) and
 * never throws for a DNS failure. It starts no thread of its own (dnsjava runs one shared I/O thread).
 */
public final class DnsJavaResolver implements DnsResolver {
    private final DnsExchange exchange;
    private final Cache<Key, Cached> cache;
    private final Duration maxTtl;
    private final Duration negativeTtl;

    private record Key(String name, int type) {
    }

    private record Cached(DnsExchange.Result result, Duration keepFor) {
    }

    private DnsJavaResolver(Builder b, List<InetSocketAddress> servers) {
        this.exchange = new DnsExchange(servers, b.timeout, b.retries, b.tcpFallback);
        Clock clock = b.clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(b.maxCacheSize)
                .expireAfter(Expiry.creating((Key k, Cached v) -> v.keepFor()))
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                // Maintenance runs on the calling thread: the resolver owns no threads that would need closing.
                .executor(Runnable::run)
                .build();
        this.maxTtl = b.maxTtl;
        this.negativeTtl = b.negativeTtl;
    }

    /**
     * {@return a resolver that asks the servers of the system's resolver configuration ({@code /etc/resolv.conf}, the
     * Windows registry, ...) with the default settings of {@link Builder}}
     *
     * @throws IllegalStateException if the system configuration names no DNS server
     */
    public static DnsJavaResolver system() {
        return builder().build();
    }

    /**
     * A builder, with the defaults documented on each of its methods.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the servers asked, in order} */
    public List<InetSocketAddress> servers() {
        return exchange.servers();
    }

    @Override
    public DnsAnswer<TxtRecord> txt(String name) {
        return lookup(name, Type.TXT, r -> {
            List<String> strings = new ArrayList<>();
            for (byte[] s : ((TXTRecord) r).getStringsAsByteArrays()) {
                strings.add(new String(s, StandardCharsets.UTF_8));
            }
            return new TxtRecord(strings);
        });
    }

    @Override
    public DnsAnswer<MxRecord> mx(String name) {
        return lookup(name, Type.MX, r -> new MxRecord(((MXRecord) r).getPriority(),
                ((MXRecord) r).getTarget().toString(true)));
    }

    @Override
    public DnsAnswer<String> cname(String name) {
        return lookup(name, Type.CNAME, r -> ((CNAMERecord) r).getTarget().toString(true));
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String name) {
        DnsAnswer<InetAddress> v4 = lookup(name, Type.A, r -> ((ARecord) r).getAddress());
        DnsAnswer<InetAddress> v6 = lookup(name, Type.AAAA, r -> ((AAAARecord) r).getAddress());
        if (v4.found() || v6.found()) {
            List<InetAddress> all = new ArrayList<>(v4.records());
            all.addAll(v6.records());
            return DnsAnswer.of(all);
        }
        if (v4.failed()) {
            return v4;
        }
        if (v6.failed()) {
            return v6;
        }
        return v4.status() == DnsAnswer.Status.NXDOMAIN ? v4 : v6;
    }

    private <T> DnsAnswer<T> lookup(String name, int type, Function<Record, T> convert) {
        Objects.requireNonNull(name, "name");
        String key = name.strip().toLowerCase(Locale.ROOT);
        if (key.endsWith(".")) {
            key = key.substring(0, key.length() - 1);
        }
        DnsExchange.Result result = cache.get(new Key(key, type), k -> {
            DnsExchange.Result r = exchange.query(k.name(), k.type());
            return new Cached(r, keepFor(r));
        }).result();
        if (result.status() == DnsAnswer.Status.OK) {
            return DnsAnswer.of(result.records().stream().map(convert).toList());
        }
        return result.error().isPresent()
                ? DnsAnswer.failed(result.status(), result.error().get())
                : DnsAnswer.none(result.status());
    }

    private Duration keepFor(DnsExchange.Result r) {
        return switch (r.status()) {
            case OK -> min(Duration.ofSeconds(Math.max(0, r.ttlSeconds())), maxTtl);
            case NXDOMAIN, NO_DATA -> r.ttlSeconds() < 0 ? negativeTtl
                    : min(Duration.ofSeconds(r.ttlSeconds()), negativeTtl);
            default -> Duration.ZERO;
        };
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public String toString() {
        return "DnsJavaResolver" + servers();
    }

    /**
     * Settings of a {@link DnsJavaResolver}. Each setting is checked when it is set; {@link #build()} may be called
     * more than once. Not thread-safe.
     */
    public static final class Builder {
        /** Servers in order; port 0 stands for "the port set with {@link #port(int)}". */
        private final List<InetSocketAddress> servers = new ArrayList<>();
        private int port = 53;
        private Duration timeout = Duration.ofSeconds(5);
        private int retries = 2;
        private boolean tcpFallback = true;
        private long maxCacheSize = 10_000;
        private Duration maxTtl = Duration.ofHours(1);
        private Duration negativeTtl = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Adds a server to ask, after those added before. Default: the servers of the system configuration.
         *
         * @param address the server
         * @return this builder
         * @throws NullPointerException if the address is null
         */
        public Builder server(InetAddress address) {
            servers.add(new InetSocketAddress(Objects.requireNonNull(address, "server"), 0));
            return this;
        }

        /**
         * Adds a server on its own port, after those added before.
         *
         * @param address the server and its port
         * @return this builder
         * @throws NullPointerException if the address is null
         * @throws IllegalArgumentException if the address is unresolved or its port is 0
         */
        public Builder server(InetSocketAddress address) {
            Objects.requireNonNull(address, "server");
            if (address.isUnresolved() || address.getPort() == 0) {
                throw new IllegalArgumentException("server must be a resolved address with a port: " + address);
            }
            servers.add(address);
            return this;
        }

        /**
         * The port of the servers added with {@link #server(InetAddress)}, whenever they were added. Default 53.
         *
         * @param port the port, 1..65535
         * @return this builder
         * @throws IllegalArgumentException if the port is not within 1..65535
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be within 1..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * How long to wait for one server's answer to one attempt. Default 5 seconds.
         *
         * @param timeout the time to wait, positive
         * @return this builder
         * @throws IllegalArgumentException if the timeout is not positive
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * How many more times a server that did not answer is asked. Default 2.
         *
         * @param retries the number of retries, 0..10
         * @return this builder
         * @throws IllegalArgumentException if the number is not within 0..10
         */
        public Builder retries(int retries) {
            if (retries < 0 || retries > 10) {
                throw new IllegalArgumentException("retries must be within 0..10: " + retries);
            }
            this.retries = retries;
            return this;
        }

        /**
         * Whether a truncated UDP answer is asked again over TCP, as RFC 7766 expects. Default on; turning it off
         * makes large answers (long DKIM keys, many TXT records) fail with {@link DnsAnswer.Status#ERROR}.
         *
         * @param enabled whether to ask again over TCP
         * @return this builder
         */
        public Builder tcpFallback(boolean enabled) {
            this.tcpFallback = enabled;
            return this;
        }

        /**
         * How many answers the cache keeps at most; 0 turns the cache off. Default 10,000.
         *
         * @param size the most answers kept; 0 for no cache
         * @return this builder
         * @throws IllegalArgumentException if the size is negative
         */
        public Builder maxCacheSize(long size) {
            if (size < 0) {
                throw new IllegalArgumentException("maxCacheSize must not be negative: " + size);
            }
            this.maxCacheSize = size;
            return this;
        }

        /**
         * The longest time an answer is kept, whatever its TTL. Default 1 hour.
         *
         * @param ttl the longest time, positive
         * @return this builder
         * @throws IllegalArgumentException if the duration is not positive
         */
        public Builder maxTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "maxTtl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("maxTtl must be positive: " + ttl);
            }
            this.maxTtl = ttl;
            return this;
        }

        /**
         * The longest time an answer that a name or record type does not exist is kept; the zone's own negative
         * TTL applies when it is shorter. Keep it short: a domain owner who has just published a record expects
         * the next check to see it. Default 30 seconds; zero turns negative caching off.
         *
         * @param ttl the longest time, zero or positive
         * @return this builder
         * @throws IllegalArgumentException if the duration is negative
         */
        public Builder negativeTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "negativeTtl");
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("negativeTtl must not be negative: " + ttl);
            }
            this.negativeTtl = ttl;
            return this;
        }

        /**
         * The clock that ages cached answers. Default the system clock (UTC).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * {@return a resolver with these settings}
         *
         * @throws IllegalStateException if no server was added and the system configuration names none
         */
        public DnsJavaResolver build() {
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (InetSocketAddress server : servers) {
                addresses.add(server.getPort() == 0 ? new InetSocketAddress(server.getAddress(), port) : server);
            }
            if (addresses.isEmpty()) {
                addresses.addAll(ResolverConfig.getCurrentConfig().servers());
            }
            if (addresses.isEmpty()) {
                throw new IllegalStateException("servers: none added and the system configuration names none");
            }
            return new DnsJavaResolver(this, addresses);
        }
    }
}
