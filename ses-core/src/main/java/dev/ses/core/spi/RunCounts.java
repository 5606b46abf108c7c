package dev.ses.core.spi;

import dev.ses.core.MessageState;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a task run's messages stand.
 *
 * @param byState how many are in each state (states with none may be absent)
 * @param waiting how many are QUEUED with a next attempt after the instant asked about: held for tomorrow's quota
 *                or paused
 */
public record RunCounts(Map<MessageState, Long> byState, long waiting) {
    /**
     * Copies the map.
     *
     * @param byState how many are in each state (states with none may be absent)
     * @param waiting how many are QUEUED with a next attempt after the instant asked about: held for tomorrow's quota
     *                or paused
     */
    public RunCounts {
        byState = byState.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(byState));
        Objects.requireNonNull(byState, "byState");
    }

    /**
     * {@return how many are in one state}
     *
     * @param state the message state
     */
    public long count(MessageState state) {
        return byState.getOrDefault(state, 0L);
    }

    /** {@return how many in all} */
    public long total() {
        return byState.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@return how many are settled} */
    public long settled() {
        return byState.entrySet().stream().filter(e -> e.getKey().settled()).mapToLong(Map.Entry::getValue).sum();
    }
}
