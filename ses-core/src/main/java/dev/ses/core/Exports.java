package dev.ses.core;

import dev.ses.core.internal.Engine;
import dev.ses.core.internal.ResponseLists;
import dev.ses.core.internal.csv.CsvExport;
import dev.ses.core.spi.EventFilter;
import dev.ses.core.spi.EventKey;
import dev.ses.core.spi.GroupMember;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.spi.MessageKey;
import dev.ses.core.spi.MessageQuery;
import dev.ses.core.spi.MessageRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The account's lists and statistics as CSV files: RFC 4180, UTF-8, a header row, times as milliseconds since the
 * epoch (UTC, as the reproduced service exports them) each followed by the same time in ISO 8601. Each export
 * streams: it reads the store one page of {@value #PAGE} rows at a time and writes each row to the caller's writer
 * or stream before it reads the next page, so an export of millions of rows runs in a small heap. A cell that a
 * spreadsheet would run as a formula (starting with {@code =}, {@code +}, {@code -}, {@code @}, TAB or CR) is
 * prefixed with {@code '}. The writer or stream is flushed, never closed. The filters are checked as the lists
 * check them ({@link Deliveries}), before anything is written. Thread-safe.
 */
public final class Exports {
    /** How many rows an export reads from the store at once. */
    public static final int PAGE = 1_000;

    private static final List<String> EVENT_HEADER = List.of("type", "time_ms", "time", "message_id", "delivery_id",
            "recipient", "from", "sender_domain", "recipient_domain", "template_id", "task_id");

    private final Engine engine;
    private final String account;
    private final ResponseLists lists;

    Exports(Engine engine, String account) {
        this.engine = engine;
        this.account = account;
        this.lists = new ResponseLists(engine, account);
    }

    /**
     * Email status: one row per recipient's copy matching the query, newest first.
     *
     * @param query which statuses
     * @param out where the CSV goes; left open
     * @return how many rows were written, the header left out
     * @throws SesException as {@link Deliveries#emailStatus(DeliveryQuery, CursorRequest)}
     * @throws UncheckedIOException if the writer fails
     */
    public long emailStatus(DeliveryQuery query, Writer out) {
        MessageQuery q = lists.messages(Objects.requireNonNull(query, "query"));
        Objects.requireNonNull(out, "out");
        try (CsvExport csv = new CsvExport(out, List.of("delivery_id", "message_id", "recipient", "state",
                "bounce_type", "reply", "attempts", "requested_at_ms", "requested_at", "updated_at_ms", "updated_at",
                "delivered_at_ms", "delivered_at", "task_id", "template_id", "opened", "clicked", "unsubscribed",
                "complained"))) {
            Optional<MessageKey> after = Optional.empty();
            List<MessageRecord> page;
            while (!(page = engine.store().messages().findAfter(account, q, after, PAGE)).isEmpty()) {
                for (MessageRecord m : page) {
                    DeliveryStatus s = Deliveries.status(m);
                    csv.row(List.of(Long.toString(s.deliveryId()), s.messageId(), s.recipient(), s.state().name(),
                            CsvExport.text(s.bounceType()), CsvExport.text(s.reply()), Integer.toString(s.attempts()),
                            CsvExport.millis(s.requestedAt()), CsvExport.iso(s.requestedAt()),
                            CsvExport.millis(s.updatedAt()), CsvExport.iso(s.updatedAt()),
                            CsvExport.text(s.deliveredAt().map(CsvExport::millis)),
                            CsvExport.text(s.deliveredAt().map(CsvExport::iso)), CsvExport.text(s.taskId()),
                            Long.toString(s.templateId()), Boolean.toString(s.opened()),
                            Boolean.toString(s.clicked()), Boolean.toString(s.unsubscribed()),
                            Boolean.toString(s.complained())));
                }
                if (page.size() < PAGE) {
                    break;
                }
                after = Optional.of(MessageKey.of(page.get(page.size() - 1)));
            }
            return csv.rows();
        }
    }

    /**
     * As {@link #emailStatus(DeliveryQuery, Writer)}, in UTF-8 to a stream.
     *
     * @param query which statuses
     * @param out where the CSV goes; left open
     * @return how many rows were written, the header left out
     */
    public long emailStatus(DeliveryQuery query, OutputStream out) {
        return toStream(out, w -> emailStatus(query, w));
    }

    /**
     * Opens and clicks, by time: with the link, the user agent and whether a person or a machine made each.
     *
     * @param query which opens and clicks
     * @param out where the CSV goes; left open
     * @return how many rows were written
     * @throws SesException as {@link Deliveries#opensAndClicks}
     * @throws UncheckedIOException if the writer fails
     */
    public long opensAndClicks(ResponseQuery query, Writer out) {
        return events(query, EnumSet.of(EventType.OPENED, EventType.CLICKED), List.of("link", "user_agent", "reader"),
                e -> List.of(CsvExport.text(e.event().link()), CsvExport.text(e.event().userAgent()),
                        CsvExport.text(e.reader())), out);
    }

    /**
     * As {@link #opensAndClicks(ResponseQuery, Writer)}, in UTF-8 to a stream.
     *
     * @param query which opens and clicks
     * @param out where the CSV goes; left open
     * @return how many rows were written
     */
    public long opensAndClicks(ResponseQuery query, OutputStream out) {
        return toStream(out, w -> opensAndClicks(query, w));
    }

    /**
     * Spam reports (complaints), by time.
     *
     * @param query which complaints
     * @param out where the CSV goes; left open
     * @return how many rows were written
     * @throws SesException as {@link Deliveries#complaints}
     * @throws UncheckedIOException if the writer fails
     */
    public long complaints(ResponseQuery query, Writer out) {
        return events(query, EnumSet.of(EventType.COMPLAINED), List.of(), e -> List.of(), out);
    }

    /**
     * As {@link #complaints(ResponseQuery, Writer)}, in UTF-8 to a stream.
     *
     * @param query which complaints
     * @param out where the CSV goes; left open
     * @return how many rows were written
     */
    public long complaints(ResponseQuery query, OutputStream out) {
        return toStream(out, w -> complaints(query, w));
    }

    /**
     * Bounces, by time: with the type, the server's reply and its enhanced code.
     *
     * @param query which bounces
     * @param out where the CSV goes; left open
     * @return how many rows were written
     * @throws SesException as {@link Deliveries#bounces}
     * @throws UncheckedIOException if the writer fails
     */
    public long bounces(ResponseQuery query, Writer out) {
        return events(query, EnumSet.of(EventType.BOUNCED), List.of("bounce_type", "reply", "enhanced_code"),
                e -> List.of(CsvExport.text(e.event().bounceType()), CsvExport.text(e.event().reason()),
                        CsvExport.text(e.event().enhancedCode())), out);
    }

    /**
     * As {@link #bounces(ResponseQuery, Writer)}, in UTF-8 to a stream.
     *
     * @param query which bounces
     * @param out where the CSV goes; left open
     * @return how many rows were written
     */
    public long bounces(ResponseQuery query, OutputStream out) {
        return toStream(out, w -> bounces(query, w));
    }

    private long events(ResponseQuery query, Set<EventType> types, List<String> extraHeader,
                        java.util.function.Function<DeliveryEvent, List<String>> extra, Writer out) {
        EventFilter filter = lists.events(Objects.requireNonNull(query, "query"), types);
        Objects.requireNonNull(out, "out");
        List<String> header = new ArrayList<>(EVENT_HEADER);
        header.addAll(extraHeader);
        try (CsvExport csv = new CsvExport(out, header)) {
            Optional<EventKey> after = Optional.empty();
            List<LoggedEvent> page;
            while (!(page = engine.store().events().find(filter, after, PAGE)).isEmpty()) {
                for (LoggedEvent logged : page) {
                    DeliveryEvent shown = ResponseLists.shown(logged);
                    SesEvent e = logged.event();
                    List<String> row = new ArrayList<>(header.size());
                    row.addAll(List.of(e.type().name(), CsvExport.millis(e.at()), CsvExport.iso(e.at()),
                            e.messageId(), Long.toString(e.deliveryId()), e.recipient(), e.from(), e.senderDomain(),
                            e.recipientDomain(), Long.toString(e.templateId()), CsvExport.text(e.taskId())));
                    row.addAll(extra.apply(shown));
                    csv.row(row);
                }
                if (page.size() < PAGE) {
                    break;
                }
                after = Optional.of(EventKey.of(page.get(page.size() - 1)));
            }
            return csv.rows();
        }
    }

    /**
     * Unsubscriptions made in the query's range, by sender domain (their scope) then address.
     *
     * @param query which unsubscriptions
     * @param out where the CSV goes; left open
     * @return how many rows were written
     * @throws SesException as {@link Deliveries#unsubscriptions}
     * @throws UncheckedIOException if the writer fails
     */
    public long unsubscriptions(ResponseQuery query, Writer out) {
        var filter = lists.unsubscriptions(Objects.requireNonNull(query, "query"));
        Objects.requireNonNull(out, "out");
        try (CsvExport csv = new CsvExport(out, List.of("sender_domain", "address", "recipient_domain", "time_ms",
                "time"))) {
            Optional<Unsubscription> after = Optional.empty();
            List<Unsubscription> page;
            while (!(page = engine.store().blocklist().unsubscriptions(filter, after, PAGE)).isEmpty()) {
                for (Unsubscription u : page) {
                    csv.row(List.of(u.senderDomain(), u.address(), u.recipientDomain(), CsvExport.millis(u.at()),
                            CsvExport.iso(u.at())));
                }
                if (page.size() < PAGE) {
                    break;
                }
                after = Optional.of(page.get(page.size() - 1));
            }
            return csv.rows();
        }
    }

    /**
     * As {@link #unsubscriptions(ResponseQuery, Writer)}, in UTF-8 to a stream.
     *
     * @param query which unsubscriptions
     * @param out where the CSV goes; left open
     * @return how many rows were written
     */
    public long unsubscriptions(ResponseQuery query, OutputStream out) {
        return toStream(out, w -> unsubscriptions(query, w));
    }

    /**
     * A recipient group's members in import order: the address, then one column per variable of the group.
     *
     * @param groupId the recipient group's id
     * @param out where the CSV goes; left open
     * @return how many rows were written
     * @throws SesException NOT_FOUND for an unknown group
     * @throws UncheckedIOException if the writer fails
     */
    public long groupMembers(long groupId, Writer out) {
        RecipientGroup group = engine.store().groups().get(account, groupId).orElseThrow(() -> new SesException(
                ErrorCode.NOT_FOUND, "groupId: no group " + groupId + " in account " + account));
        Objects.requireNonNull(out, "out");
        List<String> header = new ArrayList<>();
        header.add("email");
        header.addAll(group.variables());
        try (CsvExport csv = new CsvExport(out, header)) {
            long after = 0;
            List<GroupMember> page;
            while (!(page = engine.store().groups().members(groupId, after, PAGE)).isEmpty()) {
                for (GroupMember m : page) {
                    List<String> row = new ArrayList<>(header.size());
                    row.add(m.email());
                    for (String variable : group.variables()) {
                        row.add(m.variables().getOrDefault(variable, ""));
                    }
                    csv.row(row);
                }
                after = page.get(page.size() - 1).id();
            }
            return csv.rows();
        }
    }

    /**
     * As {@link #groupMembers(long, Writer)}, in UTF-8 to a stream.
     *
     * @param groupId the recipient group's id
     * @param out where the CSV goes; left open
     * @return how many rows were written
     */
    public long groupMembers(long groupId, OutputStream out) {
        return toStream(out, w -> groupMembers(groupId, w));
    }

    /**
     * The sending statistics of a query: one row per day, then a row {@code total}.
     *
     * @param query the days and what to count
     * @param out where the CSV goes; left open
     * @return how many rows were written
     * @throws SesException as {@link Statistics#sending}
     * @throws UncheckedIOException if the writer fails
     */
    public long sending(StatisticsQuery query, Writer out) {
        return sending(new Statistics(engine, account).sending(query), false, out);
    }

    /**
     * The hourly sending statistics of a query: one row per hour, then a row {@code total}.
     *
     * @param query the days and what to count
     * @param out where the CSV goes; left open
     * @return how many rows were written
     * @throws SesException as {@link Statistics#sendingByHour}
     * @throws UncheckedIOException if the writer fails
     */
    public long sendingByHour(StatisticsQuery query, Writer out) {
        return sending(new Statistics(engine, account).sendingByHour(query), true, out);
    }

    private long sending(StatisticsReport<SendingStats> report, boolean hourly, Writer out) {
        Objects.requireNonNull(out, "out");
        try (CsvExport csv = new CsvExport(out, List.of("period", "start_ms", "start", "requests", "accepted",
                "rejected", "rejected_blocklisted", "rejected_unsubscribed", "rejected_invalid_address",
                "rejected_quota", "rejected_rate", "rejected_other", "delivered", "deferred", "soft_bounces",
                "hard_bounces", "hard_bounces_invalid_address", "hard_bounces_spam", "hard_bounces_other", "failed",
                "complaints", "delivery_rate"))) {
            for (SendingStats s : report.series()) {
                csv.row(sendingRow(period(s.start(), hourly), s));
            }
            csv.row(sendingRow("total", report.total()));
            return csv.rows();
        }
    }

    /**
     * As {@link #sending(StatisticsQuery, Writer)}, in UTF-8 to a stream.
     *
     * @param query the days and what to count
     * @param out where the CSV goes; left open
     * @return how many rows were written
     */
    public long sending(StatisticsQuery query, OutputStream out) {
        return toStream(out, w -> sending(query, w));
    }

    private static List<String> sendingRow(String period, SendingStats s) {
        return List.of(period, CsvExport.millis(s.start().toInstant()), s.start().toOffsetDateTime().toString(),
                n(s.requests()), n(s.accepted()), n(s.rejected().total()), n(s.rejected().blocklisted()),
                n(s.rejected().unsubscribed()), n(s.rejected().invalidAddress()), n(s.rejected().quota()),
                n(s.rejected().rate()), n(s.rejected().other()), n(s.delivered()), n(s.deferred()),
                n(s.softBounces()), n(s.hardBounces().total()), n(s.hardBounces().invalidAddress()),
                n(s.hardBounces().spam()), n(s.hardBounces().other()), n(s.failed()), n(s.complaints()),
                Double.toString(s.deliveryRate()));
    }

    /**
     * The tracking statistics of a query: one row per day, then a row {@code total}.
     *
     * @param query the days and what to count
     * @param out where the CSV goes; left open
     * @return how many rows were written
     * @throws SesException as {@link Statistics#tracking}
     * @throws UncheckedIOException if the writer fails
     */
    public long tracking(StatisticsQuery query, Writer out) {
        return tracking(new Statistics(engine, account).tracking(query), false, out);
    }

    /**
     * The hourly tracking statistics of a query: one row per hour, then a row {@code total}.
     *
     * @param query the days and what to count
     * @param out where the CSV goes; left open
     * @return how many rows were written
     * @throws SesException as {@link Statistics#trackingByHour}
     * @throws UncheckedIOException if the writer fails
     */
    public long trackingByHour(StatisticsQuery query, Writer out) {
        return tracking(new Statistics(engine, account).trackingByHour(query), true, out);
    }

    private long tracking(StatisticsReport<TrackingStats> report, boolean hourly, Writer out) {
        Objects.requireNonNull(out, "out");
        try (CsvExport csv = new CsvExport(out, List.of("period", "start_ms", "start", "delivered", "opens",
                "unique_opens", "machine_opens", "clicks", "unique_clicks", "machine_clicks", "unsubscriptions",
                "complaints", "open_rate", "click_rate"))) {
            for (TrackingStats t : report.series()) {
                csv.row(trackingRow(period(t.start(), hourly), t));
            }
            csv.row(trackingRow("total", report.total()));
            return csv.rows();
        }
    }

    /**
     * As {@link #tracking(StatisticsQuery, Writer)}, in UTF-8 to a stream.
     *
     * @param query the days and what to count
     * @param out where the CSV goes; left open
     * @return how many rows were written
     */
    public long tracking(StatisticsQuery query, OutputStream out) {
        return toStream(out, w -> tracking(query, w));
    }

    private static List<String> trackingRow(String period, TrackingStats t) {
        return List.of(period, CsvExport.millis(t.start().toInstant()), t.start().toOffsetDateTime().toString(),
                n(t.delivered()), n(t.opens()), n(t.uniqueOpens()), n(t.machineOpens()), n(t.clicks()),
                n(t.uniqueClicks()), n(t.machineClicks()), n(t.unsubscriptions()), n(t.complaints()),
                Double.toString(t.openRate()), Double.toString(t.clickRate()));
    }

    private static String period(java.time.ZonedDateTime start, boolean hourly) {
        return hourly ? start.toOffsetDateTime().toString() : start.toLocalDate().toString();
    }

    /**
     * The real-time queue: one row per sender domain and recipient domain with unsettled messages.
     *
     * @param out where the CSV goes; left open
     * @return how many rows were written
     * @throws UncheckedIOException if the writer fails
     */
    public long queue(Writer out) {
        Objects.requireNonNull(out, "out");
        QueueStatus q = new Deliveries(engine, account).queueStatus();
        try (CsvExport csv = new CsvExport(out, List.of("sender_domain", "recipient_domain", "queued", "sending",
                "deferred", "next_attempt_ms", "next_attempt", "held_by_quota"))) {
            for (QueueCount c : q.counts()) {
                csv.row(List.of(c.senderDomain(), c.recipientDomain(), n(c.queued()), n(c.sending()),
                        n(c.deferred()), CsvExport.text(c.nextAttempt().map(CsvExport::millis)),
                        CsvExport.text(c.nextAttempt().map(CsvExport::iso)), n(c.heldByQuota())));
            }
            return csv.rows();
        }
    }

    /**
     * The queue's last hour: twelve rows, one per five minutes, oldest first.
     *
     * @param out where the CSV goes; left open
     * @return how many rows were written
     * @throws UncheckedIOException if the writer fails
     */
    public long queueActivity(Writer out) {
        Objects.requireNonNull(out, "out");
        QueueStatus q = new Deliveries(engine, account).queueStatus();
        try (CsvExport csv = new CsvExport(out, List.of("from_ms", "from", "to_ms", "to", "sent", "delivered",
                "bounced", "rejected"))) {
            for (QueueActivity a : q.lastHour()) {
                csv.row(List.of(CsvExport.millis(a.from()), CsvExport.iso(a.from()), CsvExport.millis(a.to()),
                        CsvExport.iso(a.to()), n(a.sent()), n(a.delivered()), n(a.bounced()), n(a.rejected())));
            }
            return csv.rows();
        }
    }

    private static String n(long value) {
        return Long.toString(value);
    }

    private static long toStream(OutputStream out, java.util.function.ToLongFunction<Writer> export) {
        Objects.requireNonNull(out, "out");
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        long rows = export.applyAsLong(w);
        try {
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the export could not be written: " + e.getMessage(), e);
        }
        return rows;
    }
}
