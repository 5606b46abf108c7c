package dev.ses.core.spi;

/**
 * What {@link Store#subscribeDueWork} returns: closing it stops the notices and releases what the store held for
 * them (a listening connection, a thread). Idempotent; never throws.
 */
public interface DueWorkSubscription extends AutoCloseable {
    /** A subscription that holds nothing: what a store without notices returns. */
    DueWorkSubscription NONE = () -> { };

    /** Stops the notices; waits briefly for the store's thread to end. Idempotent. */
    @Override
    void close();
}
