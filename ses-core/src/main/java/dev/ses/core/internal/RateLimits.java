package dev.ses.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The short-term limits of one node: messages per sender domain per second, messages per recipient provider per
 * minute, and the back-off from a recipient provider that throttles (a 421 reply). They are kept in this node's
 * memory: with several nodes each applies them to what it sends. The hourly limit per mailbox is not here: every
 * node must count the same mails for it, so it is counted in the store ({@link MailboxLimit}). Thread-safe.
 */
public final class RateLimits {
    private static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private record Backoff(int level, Instant until) {
    }

    /** A count within one second (or, for providers, one minute: the field then holds the minute). */
    private record Second(long epochSecond, int count) {
    }

    private final Engine engine;
    private final Map<String, Backoff> providers = new ConcurrentHashMap<>();
    private final Map<String, Second> domains = new ConcurrentHashMap<>();
    private final Map<String, Second> providerMinutes = new ConcurrentHashMap<>();

    public RateLimits(Engine engine) {
        this.engine = engine;
    }

    private static String provider(String recipient) {
        return recipient.substring(recipient.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether one more mail may go to this recipient from this sender domain now; if not, when it may. A mail that
     * may go is counted; {@link #giveBack} uncounts one that then does not go.
     */
    public Optional<Instant> admit(String recipient, String senderDomain, Instant now) {
        Backoff b = providers.get(provider(recipient));
        if (b != null && b.until().isAfter(now)) {
            return Optional.of(b.until());
        }
        String provider = provider(recipient);
        Integer perMinute = engine.quotas().providerPerMinute().get(provider);
        if (perMinute != null) {
            long minute = now.getEpochSecond() / 60;
            Second m = providerMinutes.compute(provider, (k, v) -> v == null || v.epochSecond() != minute
                    ? new Second(minute, 0) : v);
            if (m.count() >= perMinute) {
                return Optional.of(Instant.ofEpochSecond((minute + 1) * 60));
            }
        }
        int perSecond = engine.quotas().domainPerSecond();
        if (perSecond > 0) {
            long sec = now.getEpochSecond();
            Second s = domains.compute(senderDomain, (k, v) -> v == null || v.epochSecond() != sec
                    ? new Second(sec, 0) : v);
            if (s.count() >= perSecond) {
                return Optional.of(Instant.ofEpochSecond(sec + 1));
            }
        }
        if (perSecond > 0) {
            domains.computeIfPresent(senderDomain, (k, v) -> new Second(v.epochSecond(), v.count() + 1));
        }
        if (perMinute != null) {
            providerMinutes.computeIfPresent(provider, (k, v) -> new Second(v.epochSecond(), v.count() + 1));
        }
        return Optional.empty();
    }

    /**
     * Uncounts a mail that {@link #admit} let go at {@code now} but that was then held for another reason, so that it
     * does not take the place of another mail in its second and minute.
     */
    public void giveBack(String recipient, String senderDomain, Instant now) {
        if (engine.quotas().domainPerSecond() > 0) {
            long sec = now.getEpochSecond();
            domains.computeIfPresent(senderDomain, (k, v) -> v.epochSecond() == sec && v.count() > 0
                    ? new Second(sec, v.count() - 1) : v);
        }
        String provider = provider(recipient);
        if (engine.quotas().providerPerMinute().containsKey(provider)) {
            long minute = now.getEpochSecond() / 60;
            providerMinutes.computeIfPresent(provider, (k, v) -> v.epochSecond() == minute && v.count() > 0
                    ? new Second(minute, v.count() - 1) : v);
        }
    }

    /** Learns from a reply: a throttling reply backs the provider off, a delivery lets it recover. */
    public void learn(String recipient, boolean delivered, String reply, Instant now) {
        String p = provider(recipient);
        if (delivered) {
            providers.remove(p);
            return;
        }
        // 421 is how providers say "too many, slow down"; other 4xx replies (greylisting) concern one recipient.
        if (reply.startsWith("421")) {
            providers.compute(p, (k, v) -> {
                int level = v == null ? 0 : Math.min(v.level() + 1, 10);
                long ms = Math.min(FIRST_BACKOFF.toMillis() << level, MAX_BACKOFF.toMillis());
                return new Backoff(level, now.plusMillis(ms));
            });
        }
    }
}
