package dev.ses.core;

/**
 * Hears every {@link SesEvent}. Register with {@code Ses.builder().listener(...)}.
 *
 * <p>Contract: called on the engine's thread right after the event is stored, in the order of events per
 * recipient; keep it quick and do not call back into ses for sending from it. An exception it throws is logged
 * and does not stop the engine.
 */
@FunctionalInterface
public interface SesListener {
    /** A listener that ignores everything. */
    SesListener NONE = event -> {
    };

    /** Called for each event. */
    void onEvent(SesEvent event);
}
