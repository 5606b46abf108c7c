package dev.ses.core.spi;

import dev.ses.core.TrackingSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statistics cube: one counter per {@link StatKey}, written by the statistics consumer of the event log in the
 * transaction that moves its cursor, and summed over filters. Also the tracking switches per account and sender
 * domain. Thread-safe; calls join the caller's transaction.
 */
public interface StatisticsRepository {
    /**
     * Adds each amount to its counter, creating the counter at 0 first if it is missing. An SQL implementation
     * sends one batched statement per distinct key.
     *
     * @param amounts the amount to add to each counter, by key
     */
    void add(Map<StatKey, Long> amounts);

    /**
     * {@return the sums per bucket and metric of the counters the filter selects; metrics summing to 0 may be left out}
     *
     * @param filter which counters
     */
    List<StatSum> sum(StatFilter filter);

    /**
     * Deletes up to {@code limit} counters of a granularity whose bucket starts before {@code before}, oldest first.
     *
     * @param granularity daily or hourly counters
     * @param before the cut-off (exclusive)
     * @param limit the most counters to delete
     * @return how many were deleted
     */
    int pruneBefore(StatGranularity granularity, Instant before, int limit);

    /**
     * {@return the tracking switches set for an account ({@code senderDomain} empty) or for one of its sender domains,
     * if any were set}
     *
     * @param account the account's name
     * @param senderDomain one of its sender domains, or empty for the account's own switches
     */
    Optional<TrackingSettings> tracking(String account, String senderDomain);

    /**
     * Sets the tracking switches of an account ({@code ""} among the domains) or of several of its sender domains
     * at once.
     *
     * @param account the account's name
     * @param senderDomains the sender domains, {@code ""} for the account
     * @param settings the switches
     */
    void setTracking(String account, List<String> senderDomains, TrackingSettings settings);

    /**
     * Forgets the switches set for sender domains of an account, so that they follow the account's again.
     *
     * @param account the account's name
     * @param senderDomains the sender domains
     */
    void clearTracking(String account, List<String> senderDomains);
}
