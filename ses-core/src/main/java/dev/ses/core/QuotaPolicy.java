package dev.ses.core;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Daily quotas and rate limits. {@link #defaults()}: days in UTC, no account limit, no fixed domain limit, the
 * standard warm-up, at most 10 mails per hour to one mailbox, no per-second limit.
 *
 * @param zone where a day begins and ends
 * @param accountDailyLimit the most an account sends in a day, over all its domains
 * @param domainDailyLimit the most a sender domain sends in a day, whatever its warm-up level allows
 * @param warmup how a domain's limit grows with its results
 * @param mailboxPerHour the most mails to one recipient mailbox (in any case) in any hour: a mail waits until fewer
 *                       than this went to it in the hour before. Counted in the store, so every node sharing it
 *                       counts the same mails
 * @param domainPerSecond the most messages a sender domain hands over per second; 0 for no limit
 * @param providerPerMinute the most messages per minute to the mailboxes of a recipient domain (a provider such
 *                          as {@code gmail.com}), per provider named; others have no such limit
 */
public record QuotaPolicy(ZoneId zone, long accountDailyLimit, long domainDailyLimit, WarmupPolicy warmup,
                          int mailboxPerHour, int domainPerSecond, java.util.Map<String, Integer> providerPerMinute) {
    /**
     * Checks the fields.
     *
     * @param zone where a day begins and ends
     * @param accountDailyLimit the most an account sends in a day, over all its domains
     * @param domainDailyLimit the most a sender domain sends in a day, whatever its warm-up level allows
     * @param warmup how a domain's limit grows with its results
     * @param mailboxPerHour the most mails to one recipient mailbox (in any case) in any hour: a mail waits until fewer
     *                       than this went to it in the hour before. Counted in the store, so every node sharing it
     *                       counts the same mails
     * @param domainPerSecond the most messages a sender domain hands over per second; 0 for no limit
     * @param providerPerMinute the most messages per minute to the mailboxes of a recipient domain (a provider such
     *                          as {@code gmail.com}), per provider named; others have no such limit
     */
    public QuotaPolicy {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(warmup, "warmup");
        if (accountDailyLimit < 0) {
            throw new IllegalArgumentException("accountDailyLimit must be >= 0: " + accountDailyLimit);
        }
        if (domainDailyLimit < 0) {
            throw new IllegalArgumentException("domainDailyLimit must be >= 0: " + domainDailyLimit);
        }
        if (mailboxPerHour < 1) {
            throw new IllegalArgumentException("mailboxPerHour must be >= 1: " + mailboxPerHour);
        }
        if (domainPerSecond < 0) {
            throw new IllegalArgumentException("domainPerSecond must be >= 0: " + domainPerSecond);
        }
        providerPerMinute.forEach((provider, limit) -> {
            if (limit == null || limit < 1) {
                throw new IllegalArgumentException("providerPerMinute of " + provider + " must be >= 1: " + limit);
            }
        });
        providerPerMinute = java.util.Map.copyOf(providerPerMinute);
    }

    /** {@return the defaults} */
    public static QuotaPolicy defaults() {
        return new QuotaPolicy(ZoneId.of("UTC"), Long.MAX_VALUE, Long.MAX_VALUE, WarmupPolicy.standard(), 10, 0,
                java.util.Map.of());
    }

    /**
     * {@return no limit at all: no daily quota, no warm-up ({@link WarmupPolicy#none()}), no per-mailbox, per-domain or
     * per-provider rate} For tests and for a host that limits its sending itself; a new domain sending at once at full
     * volume harms its reputation, so production wants {@link #defaults()}. A 421 from a provider is still backed off,
     * as that is the provider's limit, not one of ses's.
     */
    public static QuotaPolicy unlimited() {
        return new QuotaPolicy(ZoneId.of("UTC"), Long.MAX_VALUE, Long.MAX_VALUE, WarmupPolicy.none(),
                Integer.MAX_VALUE, 0, java.util.Map.of());
    }

    /**
     * {@return a copy with another time zone for day boundaries}
     *
     * @param z where a day begins and ends
     */
    public QuotaPolicy withZone(ZoneId z) {
        return new QuotaPolicy(z, accountDailyLimit, domainDailyLimit, warmup, mailboxPerHour, domainPerSecond,
                providerPerMinute);
    }

    /**
     * {@return a copy with another account limit}
     *
     * @param limit the most an account sends in a day, over all its domains
     */
    public QuotaPolicy withAccountDailyLimit(long limit) {
        return new QuotaPolicy(zone, limit, domainDailyLimit, warmup, mailboxPerHour, domainPerSecond,
                providerPerMinute);
    }

    /**
     * {@return a copy with a fixed domain limit}
     *
     * @param limit the most a sender domain sends in a day, whatever its warm-up level allows
     */
    public QuotaPolicy withDomainDailyLimit(long limit) {
        return new QuotaPolicy(zone, accountDailyLimit, limit, warmup, mailboxPerHour, domainPerSecond,
                providerPerMinute);
    }

    /**
     * {@return a copy with another warm-up policy}
     *
     * @param w how a domain's limit grows with its results
     */
    public QuotaPolicy withWarmup(WarmupPolicy w) {
        return new QuotaPolicy(zone, accountDailyLimit, domainDailyLimit, w, mailboxPerHour, domainPerSecond,
                providerPerMinute);
    }

    /**
     * {@return a copy with another per-mailbox limit}
     *
     * @param perHour the most mails to one recipient mailbox in any hour
     */
    public QuotaPolicy withMailboxPerHour(int perHour) {
        return new QuotaPolicy(zone, accountDailyLimit, domainDailyLimit, warmup, perHour, domainPerSecond,
                providerPerMinute);
    }

    /**
     * {@return a copy with a per-minute limit for one recipient provider domain, e.g. {@code gmail.com}}
     *
     * @param provider the recipient domain, e.g. {@code gmail.com}
     * @param perMinute the most messages per minute to its mailboxes, at least 1
     * @throws IllegalArgumentException for a limit below 1
     */
    public QuotaPolicy withProviderLimit(String provider, int perMinute) {
        java.util.Map<String, Integer> limits = new java.util.HashMap<>(providerPerMinute);
        limits.put(provider.toLowerCase(java.util.Locale.ROOT), perMinute);
        return new QuotaPolicy(zone, accountDailyLimit, domainDailyLimit, warmup, mailboxPerHour, domainPerSecond,
                limits);
    }

    /**
     * {@return a copy with a per-second limit per sender domain}
     *
     * @param perSecond the most messages a sender domain hands over per second; 0 for no limit
     */
    public QuotaPolicy withDomainPerSecond(int perSecond) {
        return new QuotaPolicy(zone, accountDailyLimit, domainDailyLimit, warmup, mailboxPerHour, perSecond,
                providerPerMinute);
    }
}
