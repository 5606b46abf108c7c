package dev.ses.core;

import java.util.Locale;
import java.util.Optional;

/**
 * How a sender domain's daily limit grows and shrinks with its results. {@link #standard()} follows the reproduced
 * service; implement this interface to replace it (then set it with {@link QuotaPolicy#withWarmup(WarmupPolicy)}).
 *
 * <p>Contract: pure and thread-safe. Levels count from 1.
 */
public interface WarmupPolicy {
    /** {@return the highest level} */
    int maxLevel();

    /**
     * {@return the most a domain at this level may send in a day}
     *
     * @param level the domain's warm-up level, from 0
     */
    long dailyLimit(int level);

    /**
     * Judges a finished day: the level for the next day, and why, in words (empty when the level stays).
     *
     * @param level the level during that day
     * @param day that day's results
     * @return the next day's level, and why
     */
    Verdict judgeDay(int level, DayStats day);

    /**
     * Judges the day so far, after each batch: a reason to block the rest of the day, if the results are that bad.
     *
     * @param level the domain's level today
     * @param today today's results so far
     * @return why the rest of the day is blocked, or empty to go on
     */
    Optional<String> blockNow(int level, DayStats today);

    /**
     * A verdict on a day.
     *
     * @param level the level for the next day
     * @param reason why it changed, e.g. {@code down to level 3: complaint rate 0.6% > 0.5%}; empty if it did not
     */
    record Verdict(int level, String reason) {
    }

    /**
     * {@return the reproduced service's plan: 20 levels from 500 to 1,000,000 a day} A domain goes up a level for the
     * next day when it sent at least 70% of its limit with a delivery rate above 90%, complaints below 0.1%, and either
     * invalid addresses below 5% and spam bounces below 2.5%, or opens above 50%; it goes down a level for the next
     * day when it sent more than 300 and had invalid addresses above 9%, delivery below 65%, spam bounces above 5%
     * or complaints above 0.5%; it is blocked for the rest of the day when it sent more than 300 and had invalid
     * addresses above 11% or spam bounces above 15%.
     */
    static WarmupPolicy standard() {
        return StandardWarmup.INSTANCE;
    }

    /**
     * {@return the standard rules over another table of daily limits, one per level, not decreasing: for a plan of
     * one's own}
     *
     * @param dailyLimits the daily limit of each level, from level 0
     * @throws IllegalArgumentException for an empty, non-positive or decreasing table
     */
    static WarmupPolicy table(long... dailyLimits) {
        return new StandardWarmup(dailyLimits);
    }

    /** {@return no warm-up: no daily limit beyond the configured ones} */
    static WarmupPolicy none() {
        return new WarmupPolicy() {
            @Override
            public int maxLevel() {
                return 1;
            }

            @Override
            public long dailyLimit(int level) {
                return Long.MAX_VALUE;
            }

            @Override
            public Verdict judgeDay(int level, DayStats day) {
                return new Verdict(level, "");
            }

            @Override
            public Optional<String> blockNow(int level, DayStats today) {
                return Optional.empty();
            }

            @Override
            public String toString() {
                return "WarmupPolicy.none()";
            }
        };
    }

    /**
     * Formats a rate as a percentage for reasons.
     *
     * @param rate a fraction, 0 to 1
     * @return the rate as a percentage with one decimal, e.g. {@code 2.5%}
     */
    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }
}
