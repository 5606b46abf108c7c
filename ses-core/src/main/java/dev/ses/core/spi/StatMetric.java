package dev.ses.core.spi;

/**
 * What one statistics counter counts. The names are stored and never change between releases.
 */
public enum StatMetric {
    /** A recipient's copy was queued: a request. */
    REQUESTS,
    /** Not sent: the recipient is on the blocklist. */
    REJECTED_BLOCKLISTED,
    /** Not sent: the recipient unsubscribed from the sender domain. */
    REJECTED_UNSUBSCRIBED,
    /** Not sent for another reason of ses's own. */
    REJECTED_OTHER,
    /** Accepted by the recipient's server. */
    DELIVERED,
    /** Refused for now, to be retried: one per deferral. */
    DEFERRED,
    /** A soft bounce: a full mailbox, or retries given up. */
    SOFT_BOUNCED,
    /** A hard bounce for a bad address (5.1.x). */
    HARD_BOUNCED_INVALID,
    /** Refused by the recipient's server as spam or by policy (5.7.x). */
    HARD_BOUNCED_SPAM,
    /** Any other hard bounce. */
    HARD_BOUNCED_OTHER,
    /** Could not be sent at all. */
    FAILED,
    /** A spam complaint. */
    COMPLAINED,
    /** An unsubscription. */
    UNSUBSCRIBED,
    /** An open by a person. */
    OPENED,
    /** A copy's first open by a person. */
    OPENED_UNIQUE,
    /** An open by a machine: a prefetcher, a scanner, a privacy proxy. */
    OPENED_MACHINE,
    /** A click by a person. */
    CLICKED,
    /** A copy's first click by a person. */
    CLICKED_UNIQUE,
    /** A click by a machine: a link scanner. */
    CLICKED_MACHINE
}
