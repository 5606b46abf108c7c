package dev.ses.core;

import java.util.List;
import java.util.Objects;

/**
 * A statistics answer: one row per day (or hour) of the range, days without mail included as zeros, and the total
 * over the range.
 *
 * @param series the rows, in order
 * @param total the sum of the rows, starting when the range starts
 * @param <T> {@link SendingStats} or {@link TrackingStats}
 */
public record StatisticsReport<T>(List<T> series, T total) {
    /**
     * Copies the series.
     *
     * @param series the rows, in order
     * @param total the sum of the rows, starting when the range starts
     */
    public StatisticsReport {
        series = List.copyOf(series);
        Objects.requireNonNull(total, "total");
    }
}
