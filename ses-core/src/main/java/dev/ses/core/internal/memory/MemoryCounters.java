package dev.ses.core.internal.memory;

import dev.ses.core.spi.CounterRepository;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory daily counters. */
public final class MemoryCounters implements CounterRepository {
    private record Key(String key, LocalDate day) {
    }

    private final MemoryTx tx;
    private final Map<Key, Long> values = new ConcurrentHashMap<>();

    public MemoryCounters(MemoryTx tx) {
        this.tx = tx;
    }

    @Override
    public long add(String key, LocalDate day, long delta) {
        return tx.write(() -> {
            Key k = new Key(key, day);
            long value = values.getOrDefault(k, 0L) + delta;
            tx.put(values, k, value);
            return value;
        });
    }

    @Override
    public long get(String key, LocalDate day) {
        return tx.read(() -> values.getOrDefault(new Key(key, day), 0L));
    }

    @Override
    public long reserve(String key, LocalDate day, long wanted, long limit) {
        return tx.write(() -> {
            Key k = new Key(key, day);
            long value = values.getOrDefault(k, 0L);
            long granted = Math.max(0, Math.min(wanted, limit - value));
            if (granted > 0) {
                tx.put(values, k, value + granted);
            }
            return granted;
        });
    }
}
