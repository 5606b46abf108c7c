package dev.ses.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How many unsettled messages a store holds, by state.
 *
 * @param queued QUEUED ones
 * @param deferred DEFERRED ones
 * @param sending SENDING ones
 * @param oldestQueuedAt when the oldest QUEUED one was created, if any
 */
public record QueueDepth(long queued, long deferred, long sending, Optional<Instant> oldestQueuedAt) {
    /**
     * Checks the fields.
     *
     * @param queued QUEUED ones
     * @param deferred DEFERRED ones
     * @param sending SENDING ones
     * @param oldestQueuedAt when the oldest QUEUED one was created, if any
     */
    public QueueDepth {
        Objects.requireNonNull(oldestQueuedAt, "oldestQueuedAt");
    }
}
