package dev.ses.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which unsubscriptions a listing reads: one account's, made in {@code [from, to)}, optionally from one sender
 * domain and of addresses at one recipient domain (lower case).
 *
 * @param account the account
 * @param from the first instant, inclusive
 * @param to the end, exclusive
 * @param senderDomain only this sender domain, if present
 * @param recipientDomain only addresses at this domain, if present
 */
public record UnsubscriptionFilter(String account, Instant from, Instant to, Optional<String> senderDomain,
                                   Optional<String> recipientDomain) {
    /**
     * Checks the fields.
     *
     * @param account the account
     * @param from the first instant, inclusive
     * @param to the end, exclusive
     * @param senderDomain only this sender domain, if present
     * @param recipientDomain only addresses at this domain, if present
     */
    public UnsubscriptionFilter {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(recipientDomain, "recipientDomain");
    }
}
