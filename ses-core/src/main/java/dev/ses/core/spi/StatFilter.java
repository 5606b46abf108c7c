package dev.ses.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which statistics counters a sum reads: one account, one granularity, buckets starting in {@code [from, to)}, the
 * tasks {@code taskFrom..taskTo} (0..0 regular sends only, 1..{@code Long.MAX_VALUE} batch tasks only, t..t one
 * task), and optionally one sender domain, recipient domain and template.
 *
 * @param account the account
 * @param granularity days or hours
 * @param from the first bucket's start, inclusive
 * @param to the end, exclusive
 * @param taskFrom the lowest task id, inclusive
 * @param taskTo the highest task id, inclusive
 * @param senderDomain only this sender domain, if present
 * @param recipientDomain only this recipient domain (lower case), if present
 * @param templateId only this template, if present
 */
public record StatFilter(String account, StatGranularity granularity, Instant from, Instant to, long taskFrom,
                         long taskTo, Optional<String> senderDomain, Optional<String> recipientDomain,
                         Optional<Long> templateId) {
    /**
     * Checks the fields.
     *
     * @param account the account
     * @param granularity days or hours
     * @param from the first bucket's start, inclusive
     * @param to the end, exclusive
     * @param taskFrom the lowest task id, inclusive
     * @param taskTo the highest task id, inclusive
     * @param senderDomain only this sender domain, if present
     * @param recipientDomain only this recipient domain (lower case), if present
     * @param templateId only this template, if present
     */
    public StatFilter {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(recipientDomain, "recipientDomain");
        Objects.requireNonNull(templateId, "templateId");
        if (taskFrom < 0 || taskTo < taskFrom) {
            throw new IllegalArgumentException("tasks must be 0 <= taskFrom <= taskTo: " + taskFrom + ".." + taskTo);
        }
    }

    /**
     * {@return whether a counter's key falls within the filter}
     *
     * @param key the counter's key
     */
    public boolean matches(StatKey key) {
        return key.account().equals(account) && key.granularity() == granularity && !key.bucket().isBefore(from)
                && key.bucket().isBefore(to) && key.taskId() >= taskFrom && key.taskId() <= taskTo
                && senderDomain.map(key.senderDomain()::equals).orElse(true)
                && recipientDomain.map(key.recipientDomain()::equals).orElse(true)
                && templateId.map(t -> t == key.templateId()).orElse(true);
    }
}
