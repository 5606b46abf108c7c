package dev.ses.core;

/** When a batch task sends. */
public enum TaskType {
    /** At once. */
    BATCH,
    /** Once, at a given instant. */
    SCHEDULED,
    /** From a given instant, then every interval, until cancelled or its end. */
    RECURRING
}
