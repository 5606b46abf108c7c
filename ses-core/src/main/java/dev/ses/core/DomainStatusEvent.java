package dev.ses.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A sender domain changed status: verified, or failed (its records never appeared, or disappeared).
 *
 * @param account the owning account
 * @param domain the domain name
 * @param previous the status before
 * @param status the status now
 * @param verification the checks that led to it
 * @param reason why, in a sentence (the advice of the failing checks), empty when verified
 * @param at when it changed
 */
public record DomainStatusEvent(String account, String domain, DomainStatus previous, DomainStatus status,
                                DomainVerification verification, String reason, Instant at) {
    /**
     * Checks the fields.
     *
     * @param account the owning account
     * @param domain the domain name
     * @param previous the status before
     * @param status the status now
     * @param verification the checks that led to it
     * @param reason why, in a sentence (the advice of the failing checks), empty when verified
     * @param at when it changed
     */
    public DomainStatusEvent {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
