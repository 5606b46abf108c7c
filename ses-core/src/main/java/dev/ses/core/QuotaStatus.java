package dev.ses.core;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A sender domain's quota today.
 *
 * @param domain the sender domain
 * @param day today, in the quota's time zone
 * @param level its warm-up level
 * @param dailyLimit what it may send today (the smallest of its warm-up limit and the fixed limits)
 * @param used what it sent today
 * @param remaining what it may still send today
 * @param blocked why sending is blocked for the rest of today, if it is
 */
public record QuotaStatus(String domain, LocalDate day, int level, long dailyLimit, long used, long remaining,
                          Optional<String> blocked) {
    /**
     * Checks the fields.
     *
     * @param domain the sender domain
     * @param day today, in the quota's time zone
     * @param level its warm-up level
     * @param dailyLimit what it may send today (the smallest of its warm-up limit and the fixed limits)
     * @param used what it sent today
     * @param remaining what it may still send today
     * @param blocked why sending is blocked for the rest of today, if it is
     */
    public QuotaStatus {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(blocked, "blocked");
    }
}
