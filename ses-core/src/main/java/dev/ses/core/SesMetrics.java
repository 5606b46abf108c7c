package dev.ses.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * ses's numbers as Micrometer meters: what happens to messages, heard from the event log as a {@link SesListener},
 * and how the queue and the threads stand, read from {@link Ses#health()}. Micrometer is an optional dependency of
 * ses-core ({@code io.micrometer:micrometer-core}): add it to use this class; nothing else in ses needs it.
 *
 * <pre>{@code
 * SesMetrics metrics = SesMetrics.create(registry);
 * Ses ses = Ses.builder().listener(metrics)...build();
 * metrics.watch(ses);
 * }</pre>
 *
 * <p>The meters:
 * <ul>
 *   <li>{@code ses.events} (counter), tag {@code type}: each event by its {@link EventType} in lower case. Sends by
 *       outcome are the types {@code delivered}, {@code deferred}, {@code bounced}, {@code rejected} and
 *       {@code failed}; {@code queued} counts accepted copies; the others are feedback.</li>
 *   <li>{@code ses.delivery.latency} (timer): from a copy's {@code queued} event to its {@code delivered} event, by
 *       the events' own times (so by ses's clock).</li>
 *   <li>{@code ses.queue.messages} (gauge), tag {@code state} ({@code queued}, {@code deferred}, {@code sending}):
 *       the store's unsettled messages, every node's; NaN while the store cannot be read.</li>
 *   <li>{@code ses.queue.oldest} (time gauge, seconds): how long the oldest queued message has waited; 0 when none
 *       waits.</li>
 *   <li>{@code ses.workers.alive} and {@code ses.workers.failing} (gauges): ses's threads that run, and those whose
 *       last pumps failed.</li>
 *   <li>{@code ses.healthy} (gauge): 1 when {@link SesHealth#healthy()}, else 0.</li>
 * </ul>
 *
 * <p>The listener hears events at least once: after a crash a few events may be heard, and counted, twice. The
 * gauges read {@code health()} at most once a second of the registry's clock, however many of them a scrape reads;
 * each read queries the store once. The latency timer remembers the queue time of at most 100,000 copies in flight
 * and measures none beyond that. Thread-safe.
 */
public final class SesMetrics implements SesListener {
    private static final int MAX_IN_FLIGHT = 100_000;
    private static final long HEALTH_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final MeterRegistry registry;
    private final Map<EventType, Counter> events = new EnumMap<>(EventType.class);
    private final Timer latency;
    private final Map<Long, Instant> queuedAt = new ConcurrentHashMap<>();
    private final Object healthLock = new Object();
    private @Nullable SesHealth health;
    private long healthReadAt;

    private SesMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (EventType type : EventType.values()) {
            events.put(type, Counter.builder("ses.events").tag("type", type.name().toLowerCase(Locale.ROOT))
                    .description("Events of recipients' messages, by type").register(registry));
        }
        this.latency = Timer.builder("ses.delivery.latency")
                .description("From a copy's queued event to its delivered event").register(registry);
    }

    /**
     * Metrics in a registry: registers the event counters and the latency timer at once; give the result to
     * {@link Ses.Builder#listener(SesListener)}, then call {@link #watch(Ses)} with the built instance.
     *
     * @param registry where the meters go
     * @return the metrics, a listener
     * @throws NullPointerException if registry is null
     */
    public static SesMetrics create(MeterRegistry registry) {
        return new SesMetrics(Objects.requireNonNull(registry, "registry"));
    }

    /**
     * Registers the gauges that read the instance's {@link Ses#health()}: queue depth by state, the oldest queued
     * message's age, the threads alive and failing, and overall health. Call it once, with the instance this
     * listener was given to. The registry then holds the instance: a host that closes it before the registry
     * removes these meters ({@code registry.remove}) or closes the registry too.
     *
     * @param ses the instance to watch
     * @return this
     * @throws NullPointerException if ses is null
     */
    public SesMetrics watch(Ses ses) {
        Objects.requireNonNull(ses, "ses");
        gauge("ses.queue.messages", "state", "queued", ses, h -> backlog(h, SesHealth.Backlog::queued));
        gauge("ses.queue.messages", "state", "deferred", ses, h -> backlog(h, SesHealth.Backlog::deferred));
        gauge("ses.queue.messages", "state", "sending", ses, h -> backlog(h, SesHealth.Backlog::sending));
        TimeGauge.builder("ses.queue.oldest", ses, TimeUnit.SECONDS, s -> read(s, h -> h.backlog()
                        .map(b -> b.oldestQueued().map(d -> d.toMillis() / 1000.0).orElse(0.0)).orElse(Double.NaN)))
                .description("How long the oldest queued message has waited").strongReference(true)
                .register(registry);
        Gauge.builder("ses.workers.alive", ses, s -> read(s, h -> h.workers().stream()
                        .filter(SesHealth.Worker::alive).count()))
                .description("ses's threads that run").strongReference(true).register(registry);
        Gauge.builder("ses.workers.failing", ses, s -> read(s, h -> h.workers().stream()
                        .filter(w -> w.failures() > 0).count()))
                .description("ses's threads whose last pumps failed").strongReference(true).register(registry);
        Gauge.builder("ses.healthy", ses, s -> read(s, h -> h.healthy() ? 1 : 0))
                .description("1 when every thread runs, none fails and the store is readable").strongReference(true)
                .register(registry);
        return this;
    }

    private void gauge(String name, String tag, String value, Ses ses, ToDoubleFunction<SesHealth> reading) {
        Gauge.builder(name, ses, s -> read(s, reading)).tag(tag, value)
                .description("Unsettled messages in the store, by state").strongReference(true).register(registry);
    }

    private static double backlog(SesHealth health, ToDoubleFunction<SesHealth.Backlog> reading) {
        return health.backlog().map(reading::applyAsDouble).orElse(Double.NaN);
    }

    private double read(Ses ses, ToDoubleFunction<SesHealth> reading) {
        SesHealth current;
        synchronized (healthLock) {
            long now = registry.config().clock().monotonicTime();
            if (health == null || now - healthReadAt >= HEALTH_MAX_AGE_NANOS) {
                health = ses.health();                   // never throws: an unreadable store is in the result
                healthReadAt = now;
            }
            current = health;
        }
        return reading.applyAsDouble(current);
    }

    /** Counts the event and, for a delivery, records its latency from the copy's queued event. */
    @Override
    public void onEvent(SesEvent event) {
        events.get(event.type()).increment();
        switch (event.type()) {
            case QUEUED -> {
                if (queuedAt.size() < MAX_IN_FLIGHT) {
                    queuedAt.put(event.deliveryId(), event.at());
                }
            }
            case DELIVERED -> {
                Instant queued = queuedAt.remove(event.deliveryId());
                if (queued != null && !event.at().isBefore(queued)) {
                    latency.record(Duration.between(queued, event.at()));
                }
            }
            case BOUNCED, REJECTED, FAILED -> queuedAt.remove(event.deliveryId());
            default -> {
            }
        }
    }
}
