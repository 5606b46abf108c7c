package dev.ses.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The sum of the counters of one metric in one bucket, over the cells a {@link StatFilter} selects.
 *
 * @param bucket the bucket's start
 * @param metric the metric
 * @param count the sum
 */
public record StatSum(Instant bucket, StatMetric metric, long count) {
    /**
     * Checks the fields.
     *
     * @param bucket the bucket's start
     * @param metric the metric
     * @param count the sum
     */
    public StatSum {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(metric, "metric");
    }
}
