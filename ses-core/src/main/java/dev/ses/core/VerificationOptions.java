package dev.ses.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How strictly a sender domain is verified and how often its records are checked again.
 *
 * <p>SPF and DKIM decide whether a domain may send and are required by default; DMARC and the return-path MX are
 * reported but only warned about unless made required. A pending domain is checked every
 * {@code pendingFastInterval} during {@code pendingFastPhase} after its creation (records usually appear within
 * minutes), then every {@code pendingSlowInterval} during {@code pendingSlowPhase}; when both phases are over and
 * its records are still not right, it becomes {@link DomainStatus#FAILED}. A verified domain is checked every
 * {@code verifiedInterval} and fails when a required record disappears.
 *
 * @param spfRequired whether the SPF check must pass for the domain to be verified
 * @param dkimRequired whether the DKIM check of the active selector must pass
 * @param dmarcRequired whether a valid DMARC record must be present (otherwise a missing one is a warning)
 * @param mxRequired whether the return-path MX must point at the configured host (otherwise a warning)
 * @param pendingFastInterval the time between checks of a pending domain in the first phase
 * @param pendingFastPhase how long after creation the first phase lasts
 * @param pendingSlowInterval the time between checks of a pending domain in the second phase
 * @param pendingSlowPhase how long the second phase lasts; after it a pending domain fails
 * @param verifiedInterval the time between checks of a verified domain
 */
public record VerificationOptions(boolean spfRequired, boolean dkimRequired, boolean dmarcRequired,
                                  boolean mxRequired, Duration pendingFastInterval, Duration pendingFastPhase,
                                  Duration pendingSlowInterval, Duration pendingSlowPhase,
                                  Duration verifiedInterval) {
    /**
     * Checks the fields: every interval positive, every phase zero or positive.
     *
     * @param spfRequired whether the SPF check must pass for the domain to be verified
     * @param dkimRequired whether the DKIM check of the active selector must pass
     * @param dmarcRequired whether a valid DMARC record must be present (otherwise a missing one is a warning)
     * @param mxRequired whether the return-path MX must point at the configured host (otherwise a warning)
     * @param pendingFastInterval the time between checks of a pending domain in the first phase
     * @param pendingFastPhase how long after creation the first phase lasts
     * @param pendingSlowInterval the time between checks of a pending domain in the second phase
     * @param pendingSlowPhase how long the second phase lasts; after it a pending domain fails
     * @param verifiedInterval the time between checks of a verified domain
     */
    public VerificationOptions {
        positive("pendingFastInterval", pendingFastInterval);
        notNegative("pendingFastPhase", pendingFastPhase);
        positive("pendingSlowInterval", pendingSlowInterval);
        notNegative("pendingSlowPhase", pendingSlowPhase);
        positive("verifiedInterval", verifiedInterval);
    }

    private static void positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive: " + value);
        }
    }

    private static void notNegative(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative: " + value);
        }
    }

    /**
     * {@return the defaults: SPF and DKIM required, DMARC and MX warned about; a pending domain is checked every 5
     * minutes for 2 hours, then hourly for 3 days, then fails; a verified domain is checked daily}
     */
    public static VerificationOptions defaults() {
        return new VerificationOptions(true, true, false, false, Duration.ofMinutes(5), Duration.ofHours(2),
                Duration.ofHours(1), Duration.ofDays(3), Duration.ofDays(1));
    }

    /** {@return how long after its creation a domain that is still pending becomes {@link DomainStatus#FAILED}} */
    public Duration pendingWindow() {
        return pendingFastPhase.plus(pendingSlowPhase);
    }

    /**
     * {@return a copy where SPF is required or not}
     *
     * @param required whether the SPF check must pass for the domain to be verified
     */
    public VerificationOptions withSpfRequired(boolean required) {
        return new VerificationOptions(required, dkimRequired, dmarcRequired, mxRequired, pendingFastInterval,
                pendingFastPhase, pendingSlowInterval, pendingSlowPhase, verifiedInterval);
    }

    /**
     * {@return a copy where DKIM is required or not}
     *
     * @param required whether the DKIM check of the active selector must pass
     */
    public VerificationOptions withDkimRequired(boolean required) {
        return new VerificationOptions(spfRequired, required, dmarcRequired, mxRequired, pendingFastInterval,
                pendingFastPhase, pendingSlowInterval, pendingSlowPhase, verifiedInterval);
    }

    /**
     * {@return a copy where DMARC is required or only warned about}
     *
     * @param required whether a valid DMARC record must be present
     */
    public VerificationOptions withDmarcRequired(boolean required) {
        return new VerificationOptions(spfRequired, dkimRequired, required, mxRequired, pendingFastInterval,
                pendingFastPhase, pendingSlowInterval, pendingSlowPhase, verifiedInterval);
    }

    /**
     * {@return a copy where the return-path MX is required or only warned about}
     *
     * @param required whether the return-path MX must point at the configured host
     */
    public VerificationOptions withMxRequired(boolean required) {
        return new VerificationOptions(spfRequired, dkimRequired, dmarcRequired, required, pendingFastInterval,
                pendingFastPhase, pendingSlowInterval, pendingSlowPhase, verifiedInterval);
    }

    /**
     * {@return a copy with another first phase for pending domains}
     *
     * @param interval the time between checks in the first phase
     * @param phase how long after creation the first phase lasts
     * @throws IllegalArgumentException if the interval is not positive or the phase is negative
     */
    public VerificationOptions withPendingFastSchedule(Duration interval, Duration phase) {
        return new VerificationOptions(spfRequired, dkimRequired, dmarcRequired, mxRequired, interval, phase,
                pendingSlowInterval, pendingSlowPhase, verifiedInterval);
    }

    /**
     * {@return a copy with another second phase for pending domains}
     *
     * @param interval the time between checks in the second phase
     * @param phase how long the second phase lasts; after it a pending domain fails
     * @throws IllegalArgumentException if the interval is not positive or the phase is negative
     */
    public VerificationOptions withPendingSlowSchedule(Duration interval, Duration phase) {
        return new VerificationOptions(spfRequired, dkimRequired, dmarcRequired, mxRequired, pendingFastInterval,
                pendingFastPhase, interval, phase, verifiedInterval);
    }

    /**
     * {@return a copy with another interval between checks of verified domains}
     *
     * @param interval the time between checks of a verified domain
     * @throws IllegalArgumentException if the interval is not positive
     */
    public VerificationOptions withVerifiedInterval(Duration interval) {
        return new VerificationOptions(spfRequired, dkimRequired, dmarcRequired, mxRequired, pendingFastInterval,
                pendingFastPhase, pendingSlowInterval, pendingSlowPhase, interval);
    }
}
