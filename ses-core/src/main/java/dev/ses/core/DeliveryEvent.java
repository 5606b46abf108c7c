package dev.ses.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the event log as the delivery response lists show it: the event, and for an open or a click whether
 * a person or a machine made it.
 *
 * @param event what happened, to the millisecond ({@link SesEvent#enhancedCode()} gives a bounce's enhanced code)
 * @param reader for an open or a click, who made it: the reader the tracking endpoint judged, else, for one reported
 *               otherwise, a person or {@link ReaderKind#OTHER_MACHINE} by its user agent; empty for every other event
 */
public record DeliveryEvent(SesEvent event, Optional<ReaderKind> reader) {
    /**
     * Checks the fields.
     *
     * @param event what happened, to the millisecond ({@link SesEvent#enhancedCode()} gives a bounce's enhanced code)
     * @param reader for an open or a click, who made it: the reader the tracking endpoint judged, else, for one
     *         reported otherwise, a person or {@link ReaderKind#OTHER_MACHINE} by its user agent; empty for every other
     *         event
     */
    public DeliveryEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(reader, "reader");
    }
}
