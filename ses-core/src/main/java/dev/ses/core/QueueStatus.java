package dev.ses.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The real-time queue of one account.
 *
 * @param at when it was read
 * @param counts the unsettled messages per sender domain and recipient domain, by sender then recipient domain
 * @param lastHour the last hour's activity in twelve five-minute windows, oldest first, the last ending at
 *                 {@code at}
 */
public record QueueStatus(Instant at, List<QueueCount> counts, List<QueueActivity> lastHour) {
    /**
     * Checks and copies the fields.
     *
     * @param at when it was read
     * @param counts the unsettled messages per sender domain and recipient domain, by sender then recipient domain
     * @param lastHour the last hour's activity in twelve five-minute windows, oldest first, the last ending at {@code
     *         at}
     */
    public QueueStatus {
        Objects.requireNonNull(at, "at");
        counts = List.copyOf(counts);
        lastHour = List.copyOf(lastHour);
    }
}
