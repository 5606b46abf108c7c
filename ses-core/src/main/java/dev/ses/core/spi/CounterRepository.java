package dev.ses.core.spi;

import java.time.LocalDate;

/**
 * Daily counters: quotas and the statistics that warm-up decisions read. A counter is named by a key and a day and
 * starts at 0. An SQL implementation changes one row per call atomically (one statement or a row lock), so that
 * several nodes sharing a database never hand out more than a limit between them.
 */
public interface CounterRepository {
    /**
     * Adds to a counter (the delta may be negative) and returns its new value.
     *
     * @param key the counter's name
     * @param day the day it counts
     * @param delta the amount to add, negative to subtract
     * @return the counter's new value
     */
    long add(String key, LocalDate day, long delta);

    /**
     * {@return a counter's value}
     *
     * @param key the counter's name
     * @param day the day it counts
     */
    long get(String key, LocalDate day);

    /**
     * Takes up to {@code wanted} from what is left below {@code limit}: raises the counter by
     * {@code min(wanted, max(0, limit - value))} atomically and returns that amount.
     *
     * @param key the counter's name
     * @param day the day it counts
     * @param wanted how much to take
     * @param limit the value the counter may not pass
     * @return the amount taken, 0 to {@code wanted}
     */
    long reserve(String key, LocalDate day, long wanted, long limit);
}
