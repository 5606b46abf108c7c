package dev.ses.core;

import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * How recipients responded to the mail of one period (a day, an hour, or a whole range). Opens and clicks by
 * machines (image prefetchers, privacy proxies, link scanners) are counted apart and left out of the rates.
 *
 * @param start when the period starts, in the quota's time zone
 * @param delivered copies delivered
 * @param opens opens by people
 * @param uniqueOpens copies opened by a person for the first time
 * @param machineOpens opens by machines
 * @param clicks clicks by people
 * @param uniqueClicks copies clicked by a person for the first time
 * @param machineClicks clicks by machines
 * @param unsubscriptions unsubscriptions
 * @param complaints spam complaints
 */
public record TrackingStats(ZonedDateTime start, long delivered, long opens, long uniqueOpens, long machineOpens,
                            long clicks, long uniqueClicks, long machineClicks, long unsubscriptions,
                            long complaints) {
    /**
     * Checks the fields.
     *
     * @param start when the period starts, in the quota's time zone
     * @param delivered copies delivered
     * @param opens opens by people
     * @param uniqueOpens copies opened by a person for the first time
     * @param machineOpens opens by machines
     * @param clicks clicks by people
     * @param uniqueClicks copies clicked by a person for the first time
     * @param machineClicks clicks by machines
     * @param unsubscriptions unsubscriptions
     * @param complaints spam complaints
     */
    public TrackingStats {
        Objects.requireNonNull(start, "start");
    }

    /** {@return unique opens / delivered; 0 when nothing was delivered} */
    public double openRate() {
        return delivered == 0 ? 0 : (double) uniqueOpens / delivered;
    }

    /** {@return unique clicks / delivered; 0 when nothing was delivered} */
    public double clickRate() {
        return delivered == 0 ? 0 : (double) uniqueClicks / delivered;
    }
}
