package dev.ses.core;

/** Which sends a statistics query counts. */
public enum EmailType {
    /** Regular sends and batch tasks. */
    ALL,
    /** Regular sends only. */
    REGULAR,
    /** Batch tasks only (one task, with {@link StatisticsQuery#withTask(long)}). */
    BATCH
}
