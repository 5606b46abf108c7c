package dev.ses.core.internal;

import dev.ses.core.spi.LoggedEvent;
import java.util.List;

/**
 * A reader of the event log with a cursor of its own, named by {@link #name()}: every event reaches it at least
 * once, in log order, on whichever node holds its cursor. Adding one never touches the settle path.
 */
public interface EventConsumer {
    /** The cursor's name, the same on every node: 1 to 100 characters. */
    String name();

    /**
     * Handles a page of events. An exception leaves the cursor where it was, and the page comes again; so does a
     * crash before the cursor moved.
     */
    void accept(List<LoggedEvent> events);

    /**
     * Whether {@link #accept} runs in the store transaction that moves the cursor past the page, so that what it
     * writes to the store counts each event exactly once. False (the default) for a consumer that works outside the
     * store, such as a host's listener: it then holds no store lock while it runs, however slow it is.
     */
    default boolean transactional() {
        return false;
    }
}
