package dev.ses.core.internal;

import dev.ses.core.BounceType;
import dev.ses.core.EventType;
import dev.ses.core.SesEvent;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.spi.StatGranularity;
import dev.ses.core.spi.StatKey;
import dev.ses.core.spi.StatMetric;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statistics counters as a consumer of the event log. Transactional: a page's counts are written in the
 * transaction that moves the cursor past it, so each event is counted exactly once, however often a crash makes a
 * page come again. A page is summed in memory first, then written with one batched upsert per distinct cell, for
 * the event's day (in the quota's zone) and its hour.
 *
 * <p>How events map to metrics: QUEUED is a request; REJECTED without an SMTP reply is ses's own refusal
 * (blocklisted, unsubscribed, other), with a 5.7.x reply a spam bounce, with another reply an other hard bounce;
 * BOUNCED is soft or hard, a hard one split by its enhanced code into invalid address (5.1.x), spam or policy
 * (5.7.x) and other. An open or click is a machine's when {@link MachineReaders} says so; a person's first open (or
 * click) of a copy also counts as unique, judged from the copy's earlier events in the log (read once a page
 * per copy).
 */
public final class StatisticsConsumer implements EventConsumer {
    /** The cursor's name, shared by the nodes of one store. */
    public static final String NAME = "statistics";

    private final Engine engine;

    public StatisticsConsumer(Engine engine) {
        this.engine = engine;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public void accept(List<LoggedEvent> events) {
        ZoneId zone = engine.quotas().zone();
        Map<StatKey, Long> amounts = new LinkedHashMap<>();
        Map<Long, List<LoggedEvent>> history = history(events);
        for (LoggedEvent logged : events) {
            SesEvent e = logged.event();
            for (StatMetric metric : metrics(logged, history)) {
                Instant day = e.at().atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
                Instant hour = e.at().atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant();
                amounts.merge(key(e, StatGranularity.DAY, day, metric), 1L, Long::sum);
                amounts.merge(key(e, StatGranularity.HOUR, hour, metric), 1L, Long::sum);
            }
        }
        if (!amounts.isEmpty()) {
            engine.store().statistics().add(amounts);
        }
    }

    /**
     * The earlier events of every copy that a page opens or clicks by a human, read once per page and account: a
     * first open or click counts as unique.
     */
    private Map<Long, List<LoggedEvent>> history(List<LoggedEvent> events) {
        Map<String, java.util.Set<Long>> wanted = new HashMap<>();
        for (LoggedEvent logged : events) {
            SesEvent e = logged.event();
            if ((e.type() == EventType.OPENED || e.type() == EventType.CLICKED)
                    && !e.byMachine()) {
                wanted.computeIfAbsent(e.account(), k -> new java.util.HashSet<>()).add(e.deliveryId());
            }
        }
        Map<Long, List<LoggedEvent>> history = new HashMap<>();
        wanted.forEach((account, ids) -> {
            for (LoggedEvent e : engine.store().events().ofDeliveries(account, ids)) {
                history.computeIfAbsent(e.event().deliveryId(), k -> new java.util.ArrayList<>()).add(e);
            }
        });
        return history;
    }

    private static StatKey key(SesEvent e, StatGranularity granularity, Instant bucket, StatMetric metric) {
        return new StatKey(e.account(), granularity, bucket, e.senderDomain(), e.recipientDomain(), e.templateId(),
                e.taskId().orElse(0L), metric);
    }

    private List<StatMetric> metrics(LoggedEvent logged, Map<Long, List<LoggedEvent>> history) {
        SesEvent e = logged.event();
        return switch (e.type()) {
            case QUEUED -> List.of(StatMetric.REQUESTS);
            case DELIVERED -> List.of(StatMetric.DELIVERED);
            case DEFERRED -> List.of(StatMetric.DEFERRED);
            case FAILED -> List.of(StatMetric.FAILED);
            case COMPLAINED -> List.of(StatMetric.COMPLAINED);
            case UNSUBSCRIBED -> List.of(StatMetric.UNSUBSCRIBED);
            case AUTO_REPLY, DOMAIN_STATUS -> List.of();
            case REJECTED -> List.of(rejection(e));
            case BOUNCED -> List.of(e.bounceType().equals(Optional.of(BounceType.SOFT)) ? StatMetric.SOFT_BOUNCED
                    : hardBounce(e));
            case OPENED -> reading(logged, history, StatMetric.OPENED, StatMetric.OPENED_UNIQUE,
                    StatMetric.OPENED_MACHINE);
            case CLICKED -> reading(logged, history, StatMetric.CLICKED, StatMetric.CLICKED_UNIQUE,
                    StatMetric.CLICKED_MACHINE);
        };
    }

    private static StatMetric rejection(SesEvent e) {
        if (e.enhancedCode().isPresent()) {
            return hardBounce(e);
        }
        String reason = e.reason().orElse("");
        if (reason.equals(SenderCheck.BLOCKLISTED)) {
            return StatMetric.REJECTED_BLOCKLISTED;
        }
        if (reason.startsWith(SenderCheck.UNSUBSCRIBED_FROM)) {
            return StatMetric.REJECTED_UNSUBSCRIBED;
        }
        return StatMetric.REJECTED_OTHER;
    }

    private static StatMetric hardBounce(SesEvent e) {
        String code = e.enhancedCode().orElse("");
        if (code.startsWith("5.1.")) {
            return StatMetric.HARD_BOUNCED_INVALID;
        }
        if (code.startsWith("5.7.")) {
            return StatMetric.HARD_BOUNCED_SPAM;
        }
        return StatMetric.HARD_BOUNCED_OTHER;
    }

    private List<StatMetric> reading(LoggedEvent logged, Map<Long, List<LoggedEvent>> history, StatMetric total,
                                     StatMetric unique, StatMetric machine) {
        SesEvent e = logged.event();
        if (e.byMachine()) {
            return List.of(machine);
        }
        List<LoggedEvent> earlier = history.getOrDefault(e.deliveryId(), List.of());
        boolean seen = earlier.stream().anyMatch(o -> o.seq() < logged.seq() && o.event().type() == e.type()
                && !o.event().byMachine());
        return seen ? List.of(total) : List.of(total, unique);
    }
}
