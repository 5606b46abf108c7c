package dev.ses.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt to post an event.
 *
 * @param at when it started
 * @param status the HTTP status the endpoint answered, empty if none came (refused, reset, timeout)
 * @param latency how long it took
 * @param detail the first bytes of the answer's body, or what went wrong (at most {@value #MAX_DETAIL} characters)
 */
public record CallbackAttempt(Instant at, Optional<Integer> status, Duration latency, String detail) {
    /** The longest detail kept. */
    public static final int MAX_DETAIL = 1_000;

    /**
     * Checks the fields and shortens the detail.
     *
     * @param at when it started
     * @param status the HTTP status the endpoint answered, empty if none came (refused, reset, timeout)
     * @param latency how long it took
     * @param detail the first bytes of the answer's body, or what went wrong (at most {@value #MAX_DETAIL} characters)
     */
    public CallbackAttempt {
        Objects.requireNonNull(at, "at");
        at = at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(latency, "latency");
        latency = latency.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Objects.requireNonNull(detail, "detail");
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL);
        }
    }

    /** {@return whether the endpoint acknowledged (2xx)} */
    public boolean acknowledged() {
        return status.isPresent() && status.get() >= 200 && status.get() < 300;
    }
}
