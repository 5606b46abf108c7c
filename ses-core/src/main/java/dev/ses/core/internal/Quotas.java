package dev.ses.core.internal;

import dev.ses.core.DayStats;
import dev.ses.core.QuotaPolicy;
import dev.ses.core.QuotaStatus;
import dev.ses.core.WarmupDecision;
import dev.ses.core.WarmupPolicy;
import dev.ses.core.spi.CounterRepository;
import dev.ses.core.spi.WarmupState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily quotas per account and per sender domain, and the warm-up that sets a domain's limit. Everything lives in
 * the store's counters, so that several nodes on one database share it. Thread-safe.
 */
public final class Quotas {
    private static final Logger LOG = LoggerFactory.getLogger(Quotas.class);
    /** Days judged at most when a domain comes back after a long silence; quiet days change nothing anyway. */
    private static final int MAX_DAYS_JUDGED = 31;

    /** Kinds of daily result counted per domain. */
    public enum Stat { SENT, DELIVERED, INVALID, SPAM, COMPLAINT, OPEN }

    private final Engine engine;

    public Quotas(Engine engine) {
        this.engine = engine;
    }

    private QuotaPolicy policy() {
        return engine.quotas();
    }

    private CounterRepository counters() {
        return engine.store().counters();
    }

    /** The day an instant falls on, in the quota's zone. */
    public LocalDate day(Instant now) {
        return now.atZone(policy().zone()).toLocalDate();
    }

    /** When the day after {@code now}'s begins. */
    public Instant nextDay(Instant now) {
        return day(now).plusDays(1).atStartOfDay(policy().zone()).toInstant();
    }

    private static String domainKey(String account, String domain) {
        return "quota:domain:" + account + ":" + domain;
    }

    private static String accountKey(String account) {
        return "quota:account:" + account;
    }

    private static String statKey(String account, String domain, Stat stat) {
        return "stat:" + account + ":" + domain + ":" + stat.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A domain's results on a day. */
    public DayStats stats(String account, String domain, LocalDate day) {
        return new DayStats(counters().get(statKey(account, domain, Stat.SENT), day),
                counters().get(statKey(account, domain, Stat.DELIVERED), day),
                counters().get(statKey(account, domain, Stat.INVALID), day),
                counters().get(statKey(account, domain, Stat.SPAM), day),
                counters().get(statKey(account, domain, Stat.COMPLAINT), day),
                counters().get(statKey(account, domain, Stat.OPEN), day));
    }

    /** Counts results of a domain today. */
    public void count(String account, String domain, Stat stat, long n, Instant now) {
        if (n != 0) {
            counters().add(statKey(account, domain, stat), day(now), n);
        }
    }

    /**
     * The domain's warm-up state for today: yesterday (and any day not judged yet) is judged first, once, whatever
     * the number of nodes; each change is recorded as a decision.
     */
    public WarmupState state(String account, String domain, Instant now) {
        LocalDate today = day(now);
        WarmupPolicy warmup = policy().warmup();
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<WarmupState> stored = engine.store().warmups().get(account, domain);
            if (stored.isEmpty()) {
                WarmupState fresh = new WarmupState(account, domain, 1, today.minusDays(1), Optional.empty(), 0);
                if (engine.store().warmups().save(fresh, -1)) {
                    return fresh;
                }
                continue;
            }
            WarmupState s = stored.get();
            LocalDate yesterday = today.minusDays(1);
            if (!s.evaluatedDay().isBefore(yesterday)) {
                return s;
            }
            LocalDate d = s.evaluatedDay().plusDays(1);
            if (d.isBefore(yesterday.minusDays(MAX_DAYS_JUDGED))) {
                d = yesterday.minusDays(MAX_DAYS_JUDGED);
            }
            int level = s.level();
            java.util.List<WarmupDecision> decisions = new java.util.ArrayList<>();
            for (; !d.isAfter(yesterday); d = d.plusDays(1)) {
                WarmupPolicy.Verdict v = warmup.judgeDay(level, stats(account, domain, d));
                if (!v.reason().isEmpty()) {
                    decisions.add(new WarmupDecision(account, domain, d.plusDays(1), level, v.level(), false,
                            v.reason(), now));
                }
                level = v.level();
            }
            WarmupState next = new WarmupState(account, domain, level, yesterday, s.blockedDay(), s.version() + 1);
            boolean saved = engine.store().inTransaction(() -> {
                if (!engine.store().warmups().save(next, s.version())) {
                    return false;
                }
                decisions.forEach(engine.store().warmups()::addDecision);
                return true;
            });
            if (saved) {
                decisions.forEach(dec -> LOG.info("warm-up of {} ({}): {}", domain, account, dec.reason()));
                return next;
            }
        }
        return engine.store().warmups().get(account, domain).orElseThrow();
    }

    /** Today's limit of a domain in a state. */
    public long domainLimit(WarmupState state) {
        return Math.min(policy().domainDailyLimit(), policy().warmup().dailyLimit(state.level()));
    }

    /**
     * Takes up to {@code wanted} of today's quota of a domain and its account.
     *
     * @return how many may go now
     */
    public long reserve(String account, String domain, long wanted, Instant now) {
        WarmupState state = state(account, domain, now);
        LocalDate today = day(now);
        if (state.blockedDay().filter(today::equals).isPresent()) {
            return 0;
        }
        long byDomain = counters().reserve(domainKey(account, domain), today, wanted, domainLimit(state));
        if (byDomain == 0) {
            return 0;
        }
        long byAccount = counters().reserve(accountKey(account), today, byDomain, policy().accountDailyLimit());
        if (byAccount < byDomain) {
            counters().add(domainKey(account, domain), today, byAccount - byDomain);
        }
        return byAccount;
    }

    /** Gives back quota taken today but not used. */
    public void release(String account, String domain, long n, Instant now) {
        if (n > 0) {
            LocalDate today = day(now);
            counters().add(domainKey(account, domain), today, -n);
            counters().add(accountKey(account), today, -n);
        }
    }

    /** Blocks the domain for the rest of today if today's results so far call for it. */
    public void checkBlock(String account, String domain, Instant now) {
        WarmupState state = state(account, domain, now);
        LocalDate today = day(now);
        if (state.blockedDay().filter(today::equals).isPresent()) {
            return;
        }
        Optional<String> reason = policy().warmup().blockNow(state.level(), stats(account, domain, today));
        if (reason.isEmpty()) {
            return;
        }
        WarmupState blocked = new WarmupState(account, domain, state.level(), state.evaluatedDay(),
                Optional.of(today), state.version() + 1);
        engine.store().inTransaction(() -> {
            if (engine.store().warmups().save(blocked, state.version())) {
                engine.store().warmups().addDecision(new WarmupDecision(account, domain, today, state.level(),
                        state.level(), true, reason.get(), now));
                LOG.warn("warm-up of {} ({}): {}", domain, account, reason.get());
            }
            return null;
        });
    }

    /** A domain's quota today. */
    public QuotaStatus status(String account, String domain, Instant now) {
        WarmupState state = state(account, domain, now);
        LocalDate today = day(now);
        long limit = domainLimit(state);
        long used = counters().get(domainKey(account, domain), today);
        long accountLeft = policy().accountDailyLimit() == Long.MAX_VALUE ? Long.MAX_VALUE
                : Math.max(0, policy().accountDailyLimit() - counters().get(accountKey(account), today));
        boolean blocked = state.blockedDay().filter(today::equals).isPresent();
        Optional<String> why = blocked ? engine.store().warmups().decisions(account, domain).stream()
                .filter(d -> d.blocked() && d.day().equals(today)).map(WarmupDecision::reason).reduce((a, b) -> b)
                .or(() -> Optional.of("blocked")) : Optional.empty();
        long remaining = blocked ? 0 : Math.min(Math.max(0, limit - used), accountLeft);
        return new QuotaStatus(domain, today, state.level(), limit, used, remaining, why);
    }
}
