package dev.ses.core.spi;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a sender domain stands in its warm-up.
 *
 * @param account the owning account
 * @param domain the sender domain
 * @param level the reputation level, 1 for a new domain
 * @param evaluatedDay the last day whose results were judged
 * @param blockedDay a day on which sending is blocked, if any
 * @param version increases on each change, for optimistic updates
 */
public record WarmupState(String account, String domain, int level, LocalDate evaluatedDay,
                          Optional<LocalDate> blockedDay, long version) {
    /**
     * Checks the fields.
     *
     * @param account the owning account
     * @param domain the sender domain
     * @param level the reputation level, 1 for a new domain
     * @param evaluatedDay the last day whose results were judged
     * @param blockedDay a day on which sending is blocked, if any
     * @param version increases on each change, for optimistic updates
     */
    public WarmupState {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(evaluatedDay, "evaluatedDay");
        Objects.requireNonNull(blockedDay, "blockedDay");
    }
}
