package dev.ses.core;

/**
 * What one send or task allows of tracking, on top of the account's and sender domain's switches
 * ({@link StatisticsSettings}): a switch off here turns the pixel or the link rewriting off for this message even
 * where counting is on (a transactional mail, a recipient who gave no consent); on here leaves the switches to
 * decide. {@code listUnsubscribe} asks for the {@code List-Unsubscribe} headers and the {@code {{unsubscribe_url}}}
 * link: bulk mail carries them.
 *
 * @param opens whether an open pixel may be added
 * @param clicks whether links may be rewritten to count clicks
 * @param listUnsubscribe whether the message carries one-click unsubscribe (RFC 8058) headers
 */
public record MessageTracking(boolean opens, boolean clicks, boolean listUnsubscribe) {
    /** A regular send's default: opens and clicks as the switches say, no unsubscribe headers. */
    public static final MessageTracking DEFAULT = new MessageTracking(true, true, false);
    /** A task's default: opens and clicks as the switches say, with unsubscribe headers. */
    public static final MessageTracking BULK = new MessageTracking(true, true, true);
    /** No pixel, no rewritten link, no unsubscribe headers. */
    public static final MessageTracking NONE = new MessageTracking(false, false, false);

    /**
     * {@return a copy with opens allowed or not}
     *
     * @param value whether an open pixel may be added
     */
    public MessageTracking withOpens(boolean value) {
        return new MessageTracking(value, clicks, listUnsubscribe);
    }

    /**
     * {@return a copy with clicks allowed or not}
     *
     * @param value whether links may be rewritten to count clicks
     */
    public MessageTracking withClicks(boolean value) {
        return new MessageTracking(opens, value, listUnsubscribe);
    }

    /**
     * {@return a copy with unsubscribe headers or not}
     *
     * @param value whether the message carries one-click unsubscribe (RFC 8058) headers
     */
    public MessageTracking withListUnsubscribe(boolean value) {
        return new MessageTracking(opens, clicks, value);
    }
}
