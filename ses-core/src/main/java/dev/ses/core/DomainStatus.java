package dev.ses.core;

/** Where a sender domain stands with its DNS records. */
public enum DomainStatus {
    /** Created; its records are not (yet) all found. It cannot send. */
    PENDING,
    /** Its required records were found. It can send. */
    VERIFIED,
    /** Its records were not found in time, or disappeared after verification. It cannot send. */
    FAILED
}
