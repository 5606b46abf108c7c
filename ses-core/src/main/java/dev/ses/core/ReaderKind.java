package dev.ses.core;

/**
 * Who opened or clicked, as the tracking endpoint judged it: a person, or which kind of machine. Statistics count
 * people apart from machines.
 */
public enum ReaderKind {
    /** A person, as far as ses can tell. */
    HUMAN,
    /** Apple Mail Privacy Protection, which fetches every image when a message arrives. */
    APPLE_PRIVACY_PREFETCH,
    /** Gmail's image proxy, which fetches images on the reader's behalf (and sometimes before they read). */
    GMAIL_IMAGE_PROXY,
    /** A security scanner following links: a known agent, a HEAD request, or a click within seconds of delivery. */
    LINK_SCANNER,
    /** Another machine that names itself (a bot, a crawler, an HTTP library). */
    OTHER_MACHINE;

    /** {@return whether this is a machine} */
    public boolean machine() {
        return this != HUMAN;
    }
}
