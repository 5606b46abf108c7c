package dev.ses.core.internal.memory;

import dev.ses.core.TrackingSettings;
import dev.ses.core.spi.StatFilter;
import dev.ses.core.spi.StatGranularity;
import dev.ses.core.spi.StatKey;
import dev.ses.core.spi.StatMetric;
import dev.ses.core.spi.StatSum;
import dev.ses.core.spi.StatisticsRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The in-memory statistics cube: the counters of each granularity ordered by bucket, so that a sum reads only the
 * buckets of its range and pruning takes the oldest first.
 */
public final class MemoryStatistics implements StatisticsRepository {
    /** Where an account's or a sender domain's switches are kept. */
    private record SwitchKey(String account, String senderDomain) {
    }

    private final MemoryTx tx;
    private final Map<StatGranularity, TreeMap<Instant, Map<StatKey, Long>>> cube = new HashMap<>();
    private final Map<SwitchKey, TrackingSettings> switches = new HashMap<>();

    public MemoryStatistics(MemoryTx tx) {
        this.tx = tx;
        for (StatGranularity g : StatGranularity.values()) {
            cube.put(g, new TreeMap<>());
        }
    }

    @Override
    public void add(Map<StatKey, Long> amounts) {
        tx.write(() -> {
            for (Map.Entry<StatKey, Long> e : amounts.entrySet()) {
                StatKey key = e.getKey();
                TreeMap<Instant, Map<StatKey, Long>> buckets = cube.get(key.granularity());
                Map<StatKey, Long> cells = buckets.get(key.bucket());
                if (cells == null) {
                    cells = new HashMap<>();
                    tx.put(buckets, key.bucket(), cells);
                }
                tx.put(cells, key, cells.getOrDefault(key, 0L) + e.getValue());
            }
        });
    }

    @Override
    public List<StatSum> sum(StatFilter filter) {
        return tx.read(() -> {
            List<StatSum> sums = new ArrayList<>();
            for (Map.Entry<Instant, Map<StatKey, Long>> bucket : cube.get(filter.granularity())
                    .subMap(filter.from(), true, filter.to(), false).entrySet()) {
                Map<StatMetric, Long> byMetric = new TreeMap<>();
                for (Map.Entry<StatKey, Long> cell : bucket.getValue().entrySet()) {
                    if (filter.matches(cell.getKey())) {
                        byMetric.merge(cell.getKey().metric(), cell.getValue(), Long::sum);
                    }
                }
                byMetric.forEach((metric, count) -> sums.add(new StatSum(bucket.getKey(), metric, count)));
            }
            return sums;
        });
    }

    @Override
    public int pruneBefore(StatGranularity granularity, Instant before, int limit) {
        return tx.write(() -> {
            TreeMap<Instant, Map<StatKey, Long>> buckets = cube.get(granularity);
            int removed = 0;
            while (removed < limit && !buckets.isEmpty() && buckets.firstKey().isBefore(before)) {
                Instant first = buckets.firstKey();
                Map<StatKey, Long> cells = buckets.get(first);
                for (StatKey key : List.copyOf(cells.keySet())) {
                    if (removed == limit) {
                        break;
                    }
                    tx.remove(cells, key);
                    removed++;
                }
                if (cells.isEmpty()) {
                    tx.remove(buckets, first);
                }
            }
            return removed;
        });
    }

    @Override
    public Optional<TrackingSettings> tracking(String account, String senderDomain) {
        return tx.read(() -> Optional.ofNullable(switches.get(new SwitchKey(account, senderDomain))));
    }

    @Override
    public void setTracking(String account, List<String> senderDomains, TrackingSettings settings) {
        tx.write(() -> senderDomains.forEach(d -> tx.put(switches, new SwitchKey(account, d), settings)));
    }

    @Override
    public void clearTracking(String account, List<String> senderDomains) {
        tx.write(() -> senderDomains.forEach(d -> tx.remove(switches, new SwitchKey(account, d))));
    }
}
