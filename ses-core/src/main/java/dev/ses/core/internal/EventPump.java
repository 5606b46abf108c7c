package dev.ses.core.internal;

import dev.ses.core.spi.EventRepository;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.spi.StatGranularity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the event log to its consumers and prunes it. Each consumer's cursor is claimed with a lease, read page by
 * page, moved after the consumer's work (in its transaction, for a transactional one), and released once the consumer
 * has caught up, so that another node may take its turn. Thread-safe; one thread at a time per consumer gets its
 * cursor.
 */
public final class EventPump {
    private static final Logger LOG = LoggerFactory.getLogger(EventPump.class);
    private static final int PAGE = 500;
    private static final Duration CURSOR_LEASE = Duration.ofMinutes(1);
    private static final int PRUNE_BATCH = 1_000;
    private static final int PRUNE_BATCHES = 10;
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final Engine engine;
    private final List<EventConsumer> consumers;
    private volatile Instant lastPrune = Instant.EPOCH;
    private volatile boolean pruneBehind;
    /** Where this node last saw each consumer's cursor once it had caught up. */
    private final java.util.Map<String, Long> reached = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.locks.ReentrantLock feeding = new java.util.concurrent.locks.ReentrantLock();

    public EventPump(Engine engine, List<EventConsumer> consumers) {
        this.engine = engine;
        this.consumers = List.copyOf(consumers);
    }

    /**
     * Brings every consumer up to the log's end, then prunes what is past retention when a minute has gone by.
     *
     * @return how many events were handed to consumers
     */
    public int pump() {
        // The cursor's lease keeps nodes apart, not the threads of one node (they share its name): they take turns
        // here, or two of them would hand a consumer the same page at once.
        feeding.lock();
        try {
            int handled = 0;
            long head = consumers.isEmpty() ? 0 : engine.store().events().head();
            for (EventConsumer consumer : consumers) {
                handled += feed(consumer, head);
            }
            prune();
            return handled;
        } finally {
            feeding.unlock();
        }
    }

    /**
     * Brings one consumer up to the log's end. An idle pump costs one read of the log's head: the cursor is claimed
     * (a write) only when the log holds more than this node last saw the cursor reach.
     */
    private int feed(EventConsumer consumer, long head) {
        Long seen = reached.get(consumer.name());
        if (seen != null && head <= seen) {
            return 0;
        }
        EventRepository log = engine.store().events();
        Optional<Long> claimed = log.claimCursor(consumer.name(), engine.node(), engine.clock().instant(),
                CURSOR_LEASE);
        if (claimed.isEmpty()) {
            return 0;
        }
        long position = claimed.get();
        int handled = 0;
        try {
            List<LoggedEvent> page;
            while (!(page = log.after(position, PAGE)).isEmpty()) {
                long last = page.get(page.size() - 1).seq();
                List<LoggedEvent> events = page;
                boolean moved;
                if (consumer.transactional()) {
                    moved = engine.store().inTransaction(() -> {
                        consumer.accept(events);
                        return log.moveCursor(consumer.name(), engine.node(), last, engine.clock().instant(),
                                CURSOR_LEASE);
                    });
                } else {
                    consumer.accept(events);
                    moved = log.moveCursor(consumer.name(), engine.node(), last, engine.clock().instant(),
                            CURSOR_LEASE);
                }
                if (!moved) {
                    LOG.warn("consumer {} lost its cursor to another node after event {}", consumer.name(), position);
                    return handled;
                }
                position = last;
                handled += page.size();
            }
            reached.put(consumer.name(), position);
        } finally {
            log.releaseCursor(consumer.name(), engine.node());
        }
        return handled;
    }

    /**
     * Deletes what is past retention (events, then daily and hourly statistics), at most {@value #PRUNE_BATCHES}
     * batches of each a pump: once a minute while all are within retention, and on every pump while a full batch
     * shows there is more, so that pruning keeps up with a busy store without ever holding it for long.
     */
    private void prune() {
        Instant now = engine.clock().instant();
        if (!pruneBehind && Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) < 0) {
            return;
        }
        lastPrune = now;
        Instant before = now.minus(engine.eventRetention());
        long read = lowestCursor();
        boolean behind = prune("event(s)", before, limit -> engine.store().events().pruneBefore(before, read, limit));
        for (StatGranularity g : StatGranularity.values()) {
            Instant cut = now.minus(g == StatGranularity.DAY ? engine.dailyStatisticsRetention()
                    : engine.hourlyStatisticsRetention());
            behind |= prune(g.name().toLowerCase(java.util.Locale.ROOT) + " statistics counter(s)", cut,
                    limit -> engine.store().statistics().pruneBefore(g, cut, limit));
        }
        pruneBehind = behind;
    }

    /**
     * The lowest position of this node's consumers' cursors: events above it are kept whatever their age, so that a
     * consumer that could not keep up (a failing listener, a store of statistics that was down) still sees them.
     */
    private long lowestCursor() {
        long lowest = Long.MAX_VALUE;
        for (EventConsumer consumer : consumers) {
            lowest = Math.min(lowest, engine.store().events().cursor(consumer.name()).orElse(0L));
        }
        return lowest;
    }

    /** Runs up to {@value #PRUNE_BATCHES} batches of one pruning; returns whether the last one was full. */
    private static boolean prune(String what, Instant before, java.util.function.IntUnaryOperator batch) {
        int total = 0;
        boolean full = false;
        for (int i = 0; i < PRUNE_BATCHES; i++) {
            int n = batch.applyAsInt(PRUNE_BATCH);
            total += n;
            full = n == PRUNE_BATCH;
            if (!full) {
                break;
            }
        }
        if (total > 0) {
            LOG.debug("pruned {} {} from before {}", total, what, before);
        }
        return full;
    }
}
