package dev.ses.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a keyset-paged listing of events stands: the time and sequence number of the last event of a page. Events
 * are listed by time, then by sequence number.
 *
 * @param at the event's time
 * @param seq its sequence number
 */
public record EventKey(Instant at, long seq) {
    /**
     * Checks the fields.
     *
     * @param at the event's time
     * @param seq its sequence number
     */
    public EventKey {
        Objects.requireNonNull(at, "at");
    }

    /**
     * {@return the key of an event}
     *
     * @param e the event
     */
    public static EventKey of(LoggedEvent e) {
        return new EventKey(e.event().at(), e.seq());
    }

    /**
     * {@return whether an event comes after this key}
     *
     * @param e the event to compare
     */
    public boolean before(LoggedEvent e) {
        int c = e.event().at().compareTo(at);
        return c > 0 || c == 0 && e.seq() > seq;
    }
}
