package dev.ses.core;

/**
 * Hears every {@link SesEvent}, and sender domains' status changes. Register with {@code Ses.builder().listener(...)}.
 *
 * <p>Contract: events come from the event log, after the transaction that recorded them committed, on ses's event
 * thread (or on the caller of {@code runDueWork()} when ses runs no threads), in log order, which is the order of
 * events per message. Delivery is at least once: after a crash, the events since the last page handled come again,
 * so a listener that must not act twice keeps {@link SesEvent}'s delivery id, type and time as a key. The listeners
 * of all nodes sharing one store share one cursor: each event is heard on one node. A slow listener delays only the
 * events after it, never sending; an exception it throws is logged and the event is not offered again.
 *
 * <p>Sender domains' changes of status come from the event log too, written in the transaction that changed the
 * status: the same thread, order and at-least-once delivery as the events of messages.
 */
@FunctionalInterface
public interface SesListener {
    /** A listener that ignores everything. */
    SesListener NONE = event -> {
    };

    /**
     * Called for each event of a recipient's message.
     *
     * @param event what happened, to which message and recipient
     */
    void onEvent(SesEvent event);

    /**
     * Called when a sender domain changes status; by default ignored.
     *
     * @param event the domain, its old and new status
     */
    default void onDomainStatus(DomainStatusEvent event) {
    }
}
