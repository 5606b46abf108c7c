package dev.ses.core;

import java.util.List;
import java.util.Objects;

/**
 * One recipient's copy of a message with everything that happened to it.
 *
 * @param status its state, reply, attempts and times
 * @param timeline every event the log keeps for it, oldest first, with millisecond timestamps
 */
public record EmailStatus(DeliveryStatus status, List<DeliveryEvent> timeline) {
    /**
     * Checks and copies the fields.
     *
     * @param status its state, reply, attempts and times
     * @param timeline every event the log keeps for it, oldest first, with millisecond timestamps
     */
    public EmailStatus {
        Objects.requireNonNull(status, "status");
        timeline = List.copyOf(timeline);
    }
}
