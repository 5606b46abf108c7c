package dev.ses.core;

import dev.ses.core.spi.DnsAnswer;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.MxRecord;
import dev.ses.core.spi.TxtRecord;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DNS resolver whose records are set in code: for tests, demos and hosts that verify domains by other means.
 * Names compare case-insensitively; a trailing dot is ignored. Thread-safe; never blocks.
 *
 * <p>A name can also be made to fail ({@link #fail(String, DnsAnswer.Status)}) to exercise server failures and
 * timeouts.
 */
public final class StaticDnsResolver implements DnsResolver {
    private final Map<String, java.util.concurrent.CopyOnWriteArrayList<TxtRecord>> txt = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.CopyOnWriteArrayList<MxRecord>> mx = new ConcurrentHashMap<>();
    private final Map<String, String> cname = new ConcurrentHashMap<>();
    private final Map<String, List<InetAddress>> addresses = new ConcurrentHashMap<>();
    private final Map<String, DnsAnswer.Status> failures = new ConcurrentHashMap<>();

    /** An empty resolver: every name is NXDOMAIN. */
    public StaticDnsResolver() {
    }

    private static String key(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /**
     * Adds a TXT record of one or more strings at a name (once: the same record twice is one record).
     *
     * @param name the fully qualified name
     * @param strings the record's strings, in order
     * @return this resolver
     */
    public StaticDnsResolver txt(String name, String... strings) {
        txt.computeIfAbsent(key(name), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .addIfAbsent(new TxtRecord(List.of(strings)));
        return this;
    }

    /**
     * Adds an MX record at a name (once).
     *
     * @param name the fully qualified name
     * @param preference the MX preference, lower first
     * @param host the mail server's host name
     * @return this resolver
     */
    public StaticDnsResolver mx(String name, int preference, String host) {
        mx.computeIfAbsent(key(name), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .addIfAbsent(new MxRecord(preference, key(host)));
        return this;
    }

    /**
     * Sets the CNAME of a name.
     *
     * @param name the fully qualified name
     * @param target the name it points to
     * @return this resolver
     */
    public StaticDnsResolver cname(String name, String target) {
        cname.put(key(name), key(target));
        return this;
    }

    /**
     * Adds an A or AAAA address at a name.
     *
     * @param name the fully qualified name
     * @param address an IPv4 (A) or IPv6 (AAAA) address
     * @return this resolver
     */
    public StaticDnsResolver address(String name, InetAddress address) {
        addresses.computeIfAbsent(key(name), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(address);
        return this;
    }

    /**
     * Publishes every record a sender domain asks for, exactly as asked: the quickest way to verify a domain in a
     * test or a demo. An SPF {@code include:} target that has no record here gets a neutral {@code v=spf1 ?all}, so
     * that the include resolves as it would on the internet.
     *
     * @param domain the sender domain, as created
     * @return this resolver
     */
    public StaticDnsResolver publish(SenderDomain domain) {
        for (DnsRecord r : domain.records()) {
            if (r.purpose() == DnsRecord.Purpose.SPF) {
                for (String term : r.value().split(" ")) {
                    if (term.startsWith("include:") && !txt.containsKey(key(term.substring(8)))) {
                        txt(term.substring(8), "v=spf1 ?all");
                    }
                }
            }
            switch (r.type()) {
                case TXT -> txt(r.name(), TxtRecord.of(r.value()).strings().toArray(String[]::new));
                case MX -> mx(r.name(), r.priority(), r.value());
                case CNAME -> cname(r.name(), r.value());
                default -> throw new IllegalArgumentException("cannot publish " + r.type());
            }
        }
        return this;
    }

    /**
     * Makes every lookup of a name end with a failure status (e.g. SERVFAIL or TIMEOUT).
     *
     * @param name the fully qualified name
     * @param status the failure every lookup ends with
     * @return this resolver
     */
    public StaticDnsResolver fail(String name, DnsAnswer.Status status) {
        failures.put(key(name), status);
        return this;
    }

    /**
     * Removes every record and failure at a name.
     *
     * @param name the fully qualified name
     * @return this resolver
     */
    public StaticDnsResolver remove(String name) {
        String k = key(name);
        txt.remove(k);
        mx.remove(k);
        cname.remove(k);
        addresses.remove(k);
        failures.remove(k);
        return this;
    }

    /**
     * Removes every record of one type at a name.
     *
     * @param name the fully qualified name
     * @param type the record type to remove
     * @return this resolver
     */
    public StaticDnsResolver remove(String name, DnsRecordType type) {
        String k = key(name);
        switch (type) {
            case TXT -> txt.remove(k);
            case MX -> mx.remove(k);
            case CNAME -> cname.remove(k);
            case A, AAAA -> addresses.remove(k);
        }
        return this;
    }

    private boolean exists(String k) {
        return txt.containsKey(k) || mx.containsKey(k) || cname.containsKey(k) || addresses.containsKey(k);
    }

    private <T> DnsAnswer<T> lookup(String name, Map<String, ? extends List<T>> table) {
        String k = key(name);
        DnsAnswer.Status failure = failures.get(k);
        if (failure != null) {
            return DnsAnswer.failed(failure, "configured failure for " + k);
        }
        List<T> found = table.get(k);
        if (found != null && !found.isEmpty()) {
            return DnsAnswer.of(new ArrayList<>(found));
        }
        return DnsAnswer.none(exists(k) ? DnsAnswer.Status.NO_DATA : DnsAnswer.Status.NXDOMAIN);
    }

    @Override
    public DnsAnswer<TxtRecord> txt(String name) {
        return lookup(name, txt);
    }

    @Override
    public DnsAnswer<MxRecord> mx(String name) {
        return lookup(name, mx);
    }

    @Override
    public DnsAnswer<String> cname(String name) {
        String k = key(name);
        DnsAnswer.Status failure = failures.get(k);
        if (failure != null) {
            return DnsAnswer.failed(failure, "configured failure for " + k);
        }
        String target = cname.get(k);
        if (target != null) {
            return DnsAnswer.of(List.of(target));
        }
        return DnsAnswer.none(exists(k) ? DnsAnswer.Status.NO_DATA : DnsAnswer.Status.NXDOMAIN);
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String name) {
        return lookup(name, addresses);
    }
}
