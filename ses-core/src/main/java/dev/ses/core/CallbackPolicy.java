package dev.ses.core;

import dev.ses.core.spi.HostResolver;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How callbacks are checked and delivered: which URLs are accepted, how requests are bounded, how failures are
 * retried. Immutable; start from {@link #defaults()} and change what differs with the {@code withX} copies, each of
 * which checks its value at once.
 *
 * @param ports the ports a URL may name (an absent port counts as 80 or 443); default 8080, 8081, 8082
 * @param loopbackAllowed whether a URL may reach a loopback address ({@code 127.0.0.0/8}, {@code ::1}); default no
 * @param privateNetworksAllowed whether it may reach private, link-local, unique-local, wildcard or multicast
 *                               addresses; default no
 * @param resolver how host names are resolved for that check, at the door and again before every attempt
 * @param connectTimeout how long a connection may take; default 5 s
 * @param requestTimeout how long a whole exchange may take, body included; default 15 s
 * @param keptBytes how many bytes of an answer's body are read and recorded; the rest is never read; default 1,024
 * @param concurrency how many requests one callback address may have in flight; default 4
 * @param retrySchedule the delay before each retry (the Standard Webhooks schedule by default: 5 s, 5 min, 30 min,
 *                      2 h, 5 h, then 10 h seven times, about 3 days and 8 hours in all); jitter adds up to 10%
 * @param failingAfter after how long of nothing but failures an endpoint is marked failing; default 1 day
 * @param failingRetryEvery the shortest delay between retries while an endpoint is failing (and it gets one
 *                          request at a time); default 1 hour
 */
public record CallbackPolicy(Set<Integer> ports, boolean loopbackAllowed, boolean privateNetworksAllowed,
                             HostResolver resolver, Duration connectTimeout, Duration requestTimeout, int keptBytes,
                             int concurrency, List<Duration> retrySchedule, Duration failingAfter,
                             Duration failingRetryEvery) {
    /** The ports the reproduced service allows. */
    public static final Set<Integer> DEFAULT_PORTS = Set.of(8080, 8081, 8082);
    /** The Standard Webhooks retry schedule, stretched with 10-hour retries to a little over 3 days. */
    public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(10), Duration.ofHours(10), Duration.ofHours(10), Duration.ofHours(10),
            Duration.ofHours(10), Duration.ofHours(10));

    /**
     * Checks and copies the fields.
     *
     * @param ports the ports a URL may name (an absent port counts as 80 or 443); default 8080, 8081, 8082
     * @param loopbackAllowed whether a URL may reach a loopback address ({@code 127.0.0.0/8}, {@code ::1}); default no
     * @param privateNetworksAllowed whether it may reach private, link-local, unique-local, wildcard or multicast
     *         addresses; default no
     * @param resolver how host names are resolved for that check, at the door and again before every attempt
     * @param connectTimeout how long a connection may take; default 5 s
     * @param requestTimeout how long a whole exchange may take, body included; default 15 s
     * @param keptBytes how many bytes of an answer's body are read and recorded; the rest is never read; default 1,024
     * @param concurrency how many requests one callback address may have in flight; default 4
     * @param retrySchedule the delay before each retry (the Standard Webhooks schedule by default: 5 s, 5 min, 30 min,
     *         2 h, 5 h, then 10 h seven times, about 3 days and 8 hours in all); jitter adds up to 10%
     * @param failingAfter after how long of nothing but failures an endpoint is marked failing; default 1 day
     * @param failingRetryEvery the shortest delay between retries while an endpoint is failing (and it gets one request
     *         at a time); default 1 hour
     */
    public CallbackPolicy {
        Objects.requireNonNull(ports, "ports");
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("ports must not be empty");
        }
        for (Integer p : ports) {
            if (p == null || p < 1 || p > 65535) {
                throw new IllegalArgumentException("ports must be 1..65535: " + ports);
            }
        }
        ports = Set.copyOf(new TreeSet<>(ports));
        Objects.requireNonNull(resolver, "resolver");
        positive("connectTimeout", connectTimeout, Duration.ofMinutes(5));
        positive("requestTimeout", requestTimeout, Duration.ofMinutes(10));
        if (keptBytes < 0 || keptBytes > 64 * 1024) {
            throw new IllegalArgumentException("keptBytes must be 0..65536: " + keptBytes);
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("concurrency must be 1..256: " + concurrency);
        }
        Objects.requireNonNull(retrySchedule, "retrySchedule");
        retrySchedule = List.copyOf(retrySchedule);
        for (Duration d : retrySchedule) {
            positive("retrySchedule", d, Duration.ofDays(7));
        }
        positive("failingAfter", failingAfter, Duration.ofDays(30));
        positive("failingRetryEvery", failingRetryEvery, Duration.ofDays(1));
    }

    private static void positive(String field, Duration value, Duration max) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " must be more than 0 and at most " + max + ": " + value);
        }
    }

    /** {@return the defaults described on each field} */
    public static CallbackPolicy defaults() {
        return new CallbackPolicy(DEFAULT_PORTS, false, false, HostResolver.system(), Duration.ofSeconds(5),
                Duration.ofSeconds(15), 1_024, 4, DEFAULT_SCHEDULE, Duration.ofDays(1), Duration.ofHours(1));
    }

    /**
     * {@return a copy allowing these ports instead, e.g. {@code Set.of(443)}}
     *
     * @param value the ports a URL may name (an absent port counts as 80 or 443)
     */
    public CallbackPolicy withPorts(Set<Integer> value) {
        return new CallbackPolicy(value, loopbackAllowed, privateNetworksAllowed, resolver, connectTimeout,
                requestTimeout, keptBytes, concurrency, retrySchedule, failingAfter, failingRetryEvery);
    }

    /**
     * {@return a copy that allows or refuses loopback addresses (tests allow {@code 127.0.0.1})}
     *
     * @param value whether a URL may reach a loopback address ({@code 127.0.0.0/8}, {@code ::1})
     */
    public CallbackPolicy withLoopbackAllowed(boolean value) {
        return new CallbackPolicy(ports, value, privateNetworksAllowed, resolver, connectTimeout,
                requestTimeout, keptBytes, concurrency, retrySchedule, failingAfter, failingRetryEvery);
    }

    /**
     * {@return a copy that allows or refuses private, link-local and multicast addresses}
     *
     * @param value whether it may reach private, link-local, unique-local, wildcard or multicast addresses
     */
    public CallbackPolicy withPrivateNetworksAllowed(boolean value) {
        return new CallbackPolicy(ports, loopbackAllowed, value, resolver, connectTimeout,
                requestTimeout, keptBytes, concurrency, retrySchedule, failingAfter, failingRetryEvery);
    }

    /**
     * {@return a copy with another host resolver}
     *
     * @param value how host names are resolved for that check, at the door and again before every attempt
     */
    public CallbackPolicy withResolver(HostResolver value) {
        return new CallbackPolicy(ports, loopbackAllowed, privateNetworksAllowed, value, connectTimeout,
                requestTimeout, keptBytes, concurrency, retrySchedule, failingAfter, failingRetryEvery);
    }

    /**
     * {@return a copy with other timeouts}
     *
     * @param connect how long a connection may take
     * @param request how long a whole exchange may take, body included
     */
    public CallbackPolicy withTimeouts(Duration connect, Duration request) {
        return new CallbackPolicy(ports, loopbackAllowed, privateNetworksAllowed, resolver, connect, request,
                keptBytes, concurrency, retrySchedule, failingAfter, failingRetryEvery);
    }

    /**
     * {@return a copy keeping another number of an answer's bytes}
     *
     * @param value how many bytes of an answer's body are read and recorded; the rest is never read
     */
    public CallbackPolicy withKeptBytes(int value) {
        return new CallbackPolicy(ports, loopbackAllowed, privateNetworksAllowed, resolver, connectTimeout,
                requestTimeout, value, concurrency, retrySchedule, failingAfter, failingRetryEvery);
    }

    /**
     * {@return a copy with another number of requests in flight per callback address}
     *
     * @param value how many requests one callback address may have in flight
     */
    public CallbackPolicy withConcurrency(int value) {
        return new CallbackPolicy(ports, loopbackAllowed, privateNetworksAllowed, resolver, connectTimeout,
                requestTimeout, keptBytes, value, retrySchedule, failingAfter, failingRetryEvery);
    }

    /**
     * {@return a copy with another retry schedule; an empty one dead-letters a delivery after its first failure}
     *
     * @param value the delay before each retry (the Standard Webhooks schedule by default: 5 s, 5 min, 30 min, 2 h, 5
     *         h, then 10 h seven times, about 3 days and 8 hours in all); jitter adds up to 10%
     */
    public CallbackPolicy withRetrySchedule(List<Duration> value) {
        return new CallbackPolicy(ports, loopbackAllowed, privateNetworksAllowed, resolver, connectTimeout,
                requestTimeout, keptBytes, concurrency, value, failingAfter, failingRetryEvery);
    }

    /**
     * {@return a copy that marks an endpoint failing after another time and then retries it at most so often}
     *
     * @param after how long of nothing but failures marks an endpoint failing
     * @param retryEvery the shortest delay between retries while it is failing
     */
    public CallbackPolicy withFailing(Duration after, Duration retryEvery) {
        return new CallbackPolicy(ports, loopbackAllowed, privateNetworksAllowed, resolver, connectTimeout,
                requestTimeout, keptBytes, concurrency, retrySchedule, after, retryEvery);
    }
}
