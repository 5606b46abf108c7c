package dev.ses.core.spi;

/** The length of a statistics bucket. */
public enum StatGranularity {
    /** A day in the quota's time zone. */
    DAY,
    /** An hour. */
    HOUR
}
