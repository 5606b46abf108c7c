package dev.ses.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.TrackingSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a store's {@link StatisticsRepository}. An implementation's test extends this class and supplies
 * a fresh, empty store per test.
 */
public abstract class StatisticsContractTest {
    protected static final Instant DAY1 = Instant.parse("2026-03-01T00:00:00Z");
    protected static final Instant DAY2 = Instant.parse("2026-03-02T00:00:00Z");
    protected static final Instant DAY3 = Instant.parse("2026-03-03T00:00:00Z");

    protected Store store;

    /** A new, empty store. */
    protected abstract Store newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static StatKey cell(String account, Instant day, String sender, String recipient, long template,
                                long task, StatMetric metric) {
        return new StatKey(account, StatGranularity.DAY, day, sender, recipient, template, task, metric);
    }

    private static StatFilter all(String account, Instant from, Instant to) {
        return new StatFilter(account, StatGranularity.DAY, from, to, 0, Long.MAX_VALUE, Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    private void add(StatKey key, long amount) {
        store.statistics().add(Map.of(key, amount));
    }

    @Test
    void addsToACellAndSumsPerBucketAndMetric() {
        add(cell("acme", DAY1, "a.test", "gmail.com", 1, 0, StatMetric.REQUESTS), 2);
        add(cell("acme", DAY1, "a.test", "gmail.com", 1, 0, StatMetric.REQUESTS), 3);
        add(cell("acme", DAY1, "b.test", "qq.com", 2, 7, StatMetric.REQUESTS), 4);
        add(cell("acme", DAY2, "a.test", "gmail.com", 1, 0, StatMetric.DELIVERED), 1);

        assertThat(store.statistics().sum(all("acme", DAY1, DAY3))).containsExactlyInAnyOrder(
                new StatSum(DAY1, StatMetric.REQUESTS, 9), new StatSum(DAY2, StatMetric.DELIVERED, 1));
    }

    @Test
    void aSumKeepsToItsFilterItsRangeAndItsAccount() {
        add(cell("acme", DAY1, "a.test", "gmail.com", 1, 0, StatMetric.REQUESTS), 1);
        add(cell("acme", DAY1, "a.test", "qq.com", 1, 5, StatMetric.REQUESTS), 10);
        add(cell("acme", DAY1, "b.test", "gmail.com", 2, 6, StatMetric.REQUESTS), 100);
        add(cell("acme", DAY2, "a.test", "gmail.com", 1, 0, StatMetric.REQUESTS), 1_000);
        add(cell("other", DAY1, "a.test", "gmail.com", 1, 0, StatMetric.REQUESTS), 10_000);
        StatFilter day1 = all("acme", DAY1, DAY2);

        assertThat(store.statistics().sum(day1)).containsExactly(new StatSum(DAY1, StatMetric.REQUESTS, 111));
        assertThat(sum(new StatFilter("acme", StatGranularity.DAY, DAY1, DAY2, 0, 0, Optional.empty(),
                Optional.empty(), Optional.empty()))).isEqualTo(1);
        assertThat(sum(new StatFilter("acme", StatGranularity.DAY, DAY1, DAY2, 1, Long.MAX_VALUE, Optional.empty(),
                Optional.empty(), Optional.empty()))).isEqualTo(110);
        assertThat(sum(new StatFilter("acme", StatGranularity.DAY, DAY1, DAY2, 6, 6, Optional.empty(),
                Optional.empty(), Optional.empty()))).isEqualTo(100);
        assertThat(sum(new StatFilter("acme", StatGranularity.DAY, DAY1, DAY2, 0, Long.MAX_VALUE,
                Optional.of("a.test"), Optional.of("qq.com"), Optional.empty()))).isEqualTo(10);
        assertThat(sum(new StatFilter("acme", StatGranularity.DAY, DAY1, DAY2, 0, Long.MAX_VALUE, Optional.empty(),
                Optional.empty(), Optional.of(1L)))).isEqualTo(11);
        assertThat(sum(new StatFilter("acme", StatGranularity.HOUR, DAY1, DAY2, 0, Long.MAX_VALUE,
                Optional.empty(), Optional.empty(), Optional.empty()))).isZero();
        assertThat(sum(all("nobody", DAY1, DAY3))).isZero();
    }

    private long sum(StatFilter filter) {
        return store.statistics().sum(filter).stream().mapToLong(StatSum::count).sum();
    }

    @Test
    void manyCellsInOneCallAreAllWrittenAndACallInAFailedTransactionLeavesNothing() {
        Map<StatKey, Long> many = new LinkedHashMap<>();
        for (int i = 0; i < 1_200; i++) {
            many.put(cell("acme", DAY1, "a.test", "r" + i + ".test", 1, 0, StatMetric.OPENED), 1L);
        }
        store.statistics().add(many);
        assertThat(sum(all("acme", DAY1, DAY2))).isEqualTo(1_200);

        assertThatThrownBy(() -> store.inTransaction(() -> {
            store.statistics().add(many);
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        assertThat(sum(all("acme", DAY1, DAY2))).isEqualTo(1_200);
    }

    @Test
    void prunesTheOldestCellsOfOneGranularityInBoundedBatches() {
        Map<StatKey, Long> cells = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            cells.put(cell("acme", DAY1, "a.test", "r" + i + ".test", 1, 0, StatMetric.REQUESTS), 1L);
            cells.put(cell("acme", DAY2, "a.test", "r" + i + ".test", 1, 0, StatMetric.REQUESTS), 1L);
        }
        Instant hour = DAY1.plus(Duration.ofHours(3));
        cells.put(new StatKey("acme", StatGranularity.HOUR, hour, "a.test", "r.test", 1, 0, StatMetric.REQUESTS), 1L);
        store.statistics().add(cells);

        assertThat(store.statistics().pruneBefore(StatGranularity.DAY, DAY2, 3)).isEqualTo(3);
        assertThat(store.statistics().pruneBefore(StatGranularity.DAY, DAY2, 3)).isEqualTo(2);
        assertThat(store.statistics().pruneBefore(StatGranularity.DAY, DAY2, 3)).isZero();
        assertThat(store.statistics().sum(all("acme", DAY1, DAY3)))
                .containsExactly(new StatSum(DAY2, StatMetric.REQUESTS, 5));
        assertThat(sum(new StatFilter("acme", StatGranularity.HOUR, DAY1, DAY2, 0, Long.MAX_VALUE, Optional.empty(),
                Optional.empty(), Optional.empty()))).as("hours are pruned apart").isEqualTo(1);
        assertThat(store.statistics().pruneBefore(StatGranularity.HOUR, DAY2, 10)).isEqualTo(1);
    }

    @Test
    void trackingSwitchesAreKeptPerAccountAndDomainAndCanBeCleared() {
        assertThat(store.statistics().tracking("acme", "")).isEmpty();
        store.statistics().setTracking("acme", List.of(""), new TrackingSettings(false, true));
        store.statistics().setTracking("acme", List.of("a.test", "b.test"), new TrackingSettings(true, false));
        store.statistics().setTracking("acme", List.of("b.test"), new TrackingSettings(false, false));

        assertThat(store.statistics().tracking("acme", "")).contains(new TrackingSettings(false, true));
        assertThat(store.statistics().tracking("acme", "a.test")).contains(new TrackingSettings(true, false));
        assertThat(store.statistics().tracking("acme", "b.test")).contains(new TrackingSettings(false, false));
        assertThat(store.statistics().tracking("other", "a.test")).isEmpty();

        store.statistics().clearTracking("acme", List.of("a.test"));
        assertThat(store.statistics().tracking("acme", "a.test")).isEmpty();
        assertThat(store.statistics().tracking("acme", "b.test")).isPresent();
    }
}
