package dev.ses.core;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A decision of the warm-up policy about a sender domain, with its reason in words.
 *
 * @param account the owning account
 * @param domain the sender domain
 * @param day the day it applies to
 * @param fromLevel the level before
 * @param toLevel the level after (the same for a block)
 * @param blocked whether sending is blocked for the rest of the day
 * @param reason e.g. {@code down to level 3: complaint rate 0.6% > 0.5%}
 * @param at when it was taken
 */
public record WarmupDecision(String account, String domain, LocalDate day, int fromLevel, int toLevel,
                             boolean blocked, String reason, Instant at) {
    /**
     * Checks the fields.
     *
     * @param account the owning account
     * @param domain the sender domain
     * @param day the day it applies to
     * @param fromLevel the level before
     * @param toLevel the level after (the same for a block)
     * @param blocked whether sending is blocked for the rest of the day
     * @param reason e.g. {@code down to level 3: complaint rate 0.6% > 0.5%}
     * @param at when it was taken
     */
    public WarmupDecision {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
