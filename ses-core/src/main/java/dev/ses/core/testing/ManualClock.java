package dev.ses.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when told to: every time rule in ses can be tested with it. Thread-safe. */
public final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * {@return a clock standing at an instant, in UTC}
     *
     * @param start where the clock stands
     */
    public static ManualClock at(Instant start) {
        return new ManualClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /**
     * {@return a clock standing at an ISO-8601 instant such as {@code 2026-01-05T09:00:00Z}, in UTC}
     *
     * @param start where the clock stands, e.g. {@code 2026-01-05T09:00:00Z}
     */
    public static ManualClock at(String start) {
        return at(Instant.parse(start));
    }

    /**
     * Moves the clock forward.
     *
     * @param by how far forward
     * @return this clock
     * @throws IllegalArgumentException for a negative duration
     */
    public ManualClock advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a manual clock moves forward only: " + by);
        }
        now.updateAndGet(t -> t.plus(by));
        return this;
    }

    /**
     * Sets the clock to an instant (forward or back).
     *
     * @param instant where the clock stands from now on
     * @return this clock
     */
    public ManualClock set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
        return this;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that moves with this clock. */
    @Override
    public Clock withZone(ZoneId other) {
        return new ManualClock(now, other);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + ", " + zone + "]";
    }
}
