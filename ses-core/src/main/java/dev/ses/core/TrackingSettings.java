package dev.ses.core;

/**
 * Whether opens and clicks are counted: the tracking pixel is added and links are rewritten only when they are.
 *
 * @param opens whether opens are counted
 * @param clicks whether clicks are counted
 */
public record TrackingSettings(boolean opens, boolean clicks) {
    /** Both on: the default. */
    public static final TrackingSettings ON = new TrackingSettings(true, true);

    /**
     * {@return a copy with opens switched}
     *
     * @param value whether opens are counted
     */
    public TrackingSettings withOpens(boolean value) {
        return new TrackingSettings(value, clicks);
    }

    /**
     * {@return a copy with clicks switched}
     *
     * @param value whether clicks are counted
     */
    public TrackingSettings withClicks(boolean value) {
        return new TrackingSettings(opens, value);
    }
}
