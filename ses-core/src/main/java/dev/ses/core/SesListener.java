package dev.ses.core;

/**
 * Hears every {@link SesEvent}, and sender domains' status changes. Register with {@code Ses.builder().listener(...)}.
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

    /** Called for each event of a recipient's message. */
    void onEvent(SesEvent event);

    /** Called when a sender domain changes status; by default ignored. */
    default void onDomainStatus(DomainStatusEvent event) {
    }
}
