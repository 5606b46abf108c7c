package dev.ses.core;

/** How a bounced message bounced. */
public enum BounceType {
    /** A permanent failure: the address does not exist. The address goes on the blocklist. */
    HARD,
    /** A lasting but not permanent failure: mailbox full, or temporary failures past the maximum age. */
    SOFT
}
