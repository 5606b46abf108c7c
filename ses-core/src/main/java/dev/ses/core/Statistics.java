package dev.ses.core;

import dev.ses.core.internal.Engine;
import dev.ses.core.internal.Mailboxes;
import dev.ses.core.spi.StatFilter;
import dev.ses.core.spi.StatGranularity;
import dev.ses.core.spi.StatMetric;
import dev.ses.core.spi.StatSum;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * One account's sending and tracking statistics, per day in the quota's time zone (or per hour over the last
 * days), filtered by email type, task, sender domain, recipient domain and template. The numbers are counted from
 * the event log by a consumer that writes them in the transaction that moves its cursor, so each event counts once
 * and a query sees what happened up to the last pump. Thread-safe.
 */
public final class Statistics {
    /** The longest range of an hourly query. */
    public static final int MAX_HOURLY_DAYS = 7;

    private final Engine engine;
    private final String account;

    Statistics(Engine engine, String account) {
        this.engine = engine;
        this.account = account;
    }

    /**
     * {@return what happened to the mail requested on each day of the range, and in total}
     *
     * @param query the days and what to count
     * @throws SesException NOT_FOUND for an unknown sender domain, template or task; INVALID_ARGUMENT for a range
     *                      whose end is before its start, or longer than the daily statistics are kept
     */
    public StatisticsReport<SendingStats> sending(StatisticsQuery query) {
        return report(query, StatGranularity.DAY, Statistics::sendingRow);
    }

    /**
     * As {@link #sending}, per hour: for a range of at most {@value #MAX_HOURLY_DAYS} days within the time the
     * hourly statistics are kept.
     *
     * @param query the days and what to count
     * @return what happened to the mail requested in each hour of the range, and in total
     * @throws SesException as {@link #sending}; INVALID_ARGUMENT also for a longer or older range
     */
    public StatisticsReport<SendingStats> sendingByHour(StatisticsQuery query) {
        return report(query, StatGranularity.HOUR, Statistics::sendingRow);
    }

    /**
     * {@return how recipients responded on each day of the range, and in total}
     *
     * @param query the days and what to count
     * @throws SesException as {@link #sending}
     */
    public StatisticsReport<TrackingStats> tracking(StatisticsQuery query) {
        return report(query, StatGranularity.DAY, Statistics::trackingRow);
    }

    /**
     * As {@link #tracking}, per hour.
     *
     * @param query the days and what to count
     * @return how recipients responded in each hour of the range, and in total
     * @throws SesException as {@link #sendingByHour}
     */
    public StatisticsReport<TrackingStats> trackingByHour(StatisticsQuery query) {
        return report(query, StatGranularity.HOUR, Statistics::trackingRow);
    }

    /** {@return whether opens and clicks are counted, for the account and its sender domains} */
    public StatisticsSettings settings() {
        return new StatisticsSettings(engine, account);
    }

    private <T> StatisticsReport<T> report(StatisticsQuery query, StatGranularity granularity,
                                           BiFunction<ZonedDateTime, Map<StatMetric, Long>, T> row) {
        Objects.requireNonNull(query, "query");
        ZoneId zone = engine.quotas().zone();
        checkRange(query, granularity, zone);
        StatFilter filter = filter(query, granularity, zone);
        Map<Instant, Map<StatMetric, Long>> byBucket = new HashMap<>();
        Map<StatMetric, Long> total = new EnumMap<>(StatMetric.class);
        for (StatSum sum : engine.store().statistics().sum(filter)) {
            byBucket.computeIfAbsent(sum.bucket(), b -> new EnumMap<>(StatMetric.class))
                    .merge(sum.metric(), sum.count(), Long::sum);
            total.merge(sum.metric(), sum.count(), Long::sum);
        }
        ZonedDateTime start = query.from().atStartOfDay(zone);
        ZonedDateTime end = query.to().plusDays(1).atStartOfDay(zone);
        List<T> series = new ArrayList<>();
        for (ZonedDateTime at = start; at.isBefore(end); at = next(at, granularity, zone)) {
            series.add(row.apply(at, byBucket.getOrDefault(at.toInstant(), Map.of())));
        }
        return new StatisticsReport<>(series, row.apply(start, total));
    }

    private static ZonedDateTime next(ZonedDateTime at, StatGranularity granularity, ZoneId zone) {
        return granularity == StatGranularity.DAY ? at.toLocalDate().plusDays(1).atStartOfDay(zone)
                : at.toInstant().plus(Duration.ofHours(1)).atZone(zone);
    }

    private void checkRange(StatisticsQuery q, StatGranularity granularity, ZoneId zone) {
        if (q.to().isBefore(q.from())) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "to: the range ends (" + q.to()
                    + ") before it starts (" + q.from() + ")");
        }
        long days = ChronoUnit.DAYS.between(q.from(), q.to()) + 1;
        if (granularity == StatGranularity.DAY) {
            long kept = engine.dailyStatisticsRetention().toDays();
            if (days > kept) {
                throw new SesException(ErrorCode.INVALID_ARGUMENT, "to: the range " + q.from() + " to " + q.to()
                        + " spans " + days + " days, longer than the " + kept + " days statistics are kept");
            }
            return;
        }
        if (days > MAX_HOURLY_DAYS) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "to: the hourly range " + q.from() + " to " + q.to()
                    + " spans " + days + " days, more than " + MAX_HOURLY_DAYS);
        }
        LocalDate oldest = engine.clock().instant().minus(engine.hourlyStatisticsRetention()).atZone(zone)
                .toLocalDate();
        if (q.from().isBefore(oldest)) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "from: the hourly range " + q.from() + " to "
                    + q.to() + " starts before " + oldest + ", the oldest day hourly statistics are kept for");
        }
    }

    private StatFilter filter(StatisticsQuery q, StatGranularity granularity, ZoneId zone) {
        Optional<String> senderDomain = q.senderDomain().map(name -> {
            String domain = Mailboxes.domain(name);
            if (engine.store().domains().byName(account, domain).isEmpty()) {
                throw new SesException(ErrorCode.NOT_FOUND, "senderDomain: no sender domain '" + domain
                        + "' in account " + account);
            }
            return domain;
        });
        q.templateId().ifPresent(id -> {
            if (engine.store().templates().get(account, id).isEmpty()) {
                throw new SesException(ErrorCode.NOT_FOUND, "templateId: no template " + id + " in account "
                        + account);
            }
        });
        q.taskId().ifPresent(id -> {
            if (engine.store().tasks().get(account, id).isEmpty()) {
                throw new SesException(ErrorCode.NOT_FOUND, "taskId: no task " + id + " in account " + account);
            }
        });
        long taskFrom = q.taskId().orElse(q.emailType() == EmailType.BATCH ? 1L : 0L);
        long taskTo = q.taskId().orElse(q.emailType() == EmailType.REGULAR ? 0L : Long.MAX_VALUE);
        return new StatFilter(account, granularity, q.from().atStartOfDay(zone).toInstant(),
                q.to().plusDays(1).atStartOfDay(zone).toInstant(), taskFrom, taskTo, senderDomain,
                q.recipientDomain(), q.templateId());
    }

    private static long n(Map<StatMetric, Long> counts, StatMetric metric) {
        return counts.getOrDefault(metric, 0L);
    }

    private static SendingStats sendingRow(ZonedDateTime start, Map<StatMetric, Long> c) {
        return new SendingStats(start, n(c, StatMetric.REQUESTS),
                new Rejections(n(c, StatMetric.REJECTED_BLOCKLISTED), n(c, StatMetric.REJECTED_UNSUBSCRIBED), 0, 0, 0,
                        n(c, StatMetric.REJECTED_OTHER)),
                n(c, StatMetric.DELIVERED), n(c, StatMetric.DEFERRED), n(c, StatMetric.SOFT_BOUNCED),
                new HardBounces(n(c, StatMetric.HARD_BOUNCED_INVALID), n(c, StatMetric.HARD_BOUNCED_SPAM),
                        n(c, StatMetric.HARD_BOUNCED_OTHER)),
                n(c, StatMetric.FAILED), n(c, StatMetric.COMPLAINED));
    }

    private static TrackingStats trackingRow(ZonedDateTime start, Map<StatMetric, Long> c) {
        return new TrackingStats(start, n(c, StatMetric.DELIVERED), n(c, StatMetric.OPENED),
                n(c, StatMetric.OPENED_UNIQUE), n(c, StatMetric.OPENED_MACHINE), n(c, StatMetric.CLICKED),
                n(c, StatMetric.CLICKED_UNIQUE), n(c, StatMetric.CLICKED_MACHINE), n(c, StatMetric.UNSUBSCRIBED),
                n(c, StatMetric.COMPLAINED));
    }
}
