package dev.ses.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of verifying a sender domain: one check per record, and the status that follows.
 *
 * @param domain the domain name
 * @param status the domain's status after this verification
 * @param checks every record checked, passing or not
 * @param checkedAt when the checks ran
 */
public record DomainVerification(String domain, DomainStatus status, List<RecordCheck> checks, Instant checkedAt) {
    /**
     * Checks and copies the fields.
     *
     * @param domain the domain name
     * @param status the domain's status after this verification
     * @param checks every record checked, passing or not
     * @param checkedAt when the checks ran
     */
    public DomainVerification {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(status, "status");
        checks = List.copyOf(checks);
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    /** {@return whether every required check passed} */
    public boolean passed() {
        return checks.stream().allMatch(RecordCheck::passes);
    }
}
