package dev.ses.core;

import dev.ses.core.internal.Engine;
import dev.ses.core.internal.ResponseLists;
import dev.ses.core.spi.EventFilter;
import dev.ses.core.spi.EventKey;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.spi.MessageKey;
import dev.ses.core.spi.MessageQuery;
import dev.ses.core.spi.MessageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Per-recipient delivery status of an account's messages, and the delivery response lists: email status with each
 * message's event timeline, opens and clicks, spam reports, bounces, unsubscriptions, and the real-time queue. The
 * lists are paged in the store by key ({@link CursorRequest}, at most {@value CursorRequest#MAX_LIMIT} a page).
 * Thread-safe. Obtain through
 * {@link SesAccount#deliveries()}.
 */
public final class Deliveries {
    private final Engine engine;
    private final String account;
    private final ResponseLists lists;

    Deliveries(Engine engine, String account) {
        this.engine = engine;
        this.account = account;
        this.lists = new ResponseLists(engine, account);
    }

    /**
     * {@return the status of every recipient of one send}
     *
     * @param messageId the id a send returned
     * @throws SesException NOT_FOUND if the account sent no such message
     */
    public List<DeliveryStatus> byMessage(String messageId) {
        List<MessageRecord> rows = engine.store().messages().byRequest(account, messageId);
        if (rows.isEmpty()) {
            throw new SesException(ErrorCode.NOT_FOUND, "messageId: no message '" + messageId + "' in account "
                    + account);
        }
        return rows.stream().map(Deliveries::status).toList();
    }

    /**
     * {@return one page of statuses matching a query, newest first}
     *
     * @param query which statuses
     * @param page which page, and how many statuses on it
     */
    public Page<DeliveryStatus> find(DeliveryQuery query, PageRequest page) {
        return engine.store().messages().find(account, new MessageQuery(query.from(), query.to(), query.recipient(),
                query.state(), query.taskId()), page).map(Deliveries::status);
    }

    /**
     * {@return what happened to one recipient's copy of a message, oldest first: queued, each attempt's outcome, and
     * later opens, clicks, unsubscriptions and complaints, as the event log keeps them (for its retention time)}
     *
     * @param messageId the id a send returned (for a task run, the run's request id)
     * @param deliveryId the recipient's copy, {@link DeliveryStatus#deliveryId()}
     * @throws SesException NOT_FOUND if the account has no such copy of that message
     */
    public List<SesEvent> events(String messageId, long deliveryId) {
        boolean known = engine.store().messages().get(account, deliveryId)
                .filter(m -> m.requestId().equals(messageId)).isPresent();
        if (!known) {
            throw new SesException(ErrorCode.NOT_FOUND, "deliveryId: no copy " + deliveryId + " of message '"
                    + messageId + "' in account " + account);
        }
        return engine.store().events().ofDelivery(account, messageId, deliveryId).stream()
                .map(dev.ses.core.spi.LoggedEvent::event).toList();
    }

    static DeliveryStatus status(MessageRecord m) {
        return new DeliveryStatus(m.id(), m.requestId(), m.recipient(), m.state(), m.bounceType(), m.reply(),
                m.attempts(), m.createdAt(), m.updatedAt(), m.deliveredAt(), m.taskId(), m.templateId(),
                m.flags().opened(), m.flags().clicked(), m.flags().unsubscribed(), m.flags().complained());
    }

    /**
     * {@return one page of email statuses matching a query, newest first, each with its event timeline: by recipient
     * and date range, by state, by task} The store reads the page and the page's events only.
     *
     * @param query which statuses
     * @param page where the page starts, and how many statuses on it
     * @throws SesException NOT_FOUND for an unknown task; INVALID_ARGUMENT for a range longer than the event log
     *                      keeps, or a key no page of this list returned
     */
    public CursorPage<EmailStatus> emailStatus(DeliveryQuery query, CursorRequest page) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(page, "page");
        MessageQuery q = lists.messages(query);
        List<MessageRecord> rows = engine.store().messages().findAfter(account, q,
                page.after().map(ResponseLists::messageKey), page.limit() + 1);
        boolean more = rows.size() > page.limit();
        List<MessageRecord> shown = more ? rows.subList(0, page.limit()) : rows;
        Optional<String> next = more ? Optional.of(ResponseLists.key(MessageKey.of(shown.get(shown.size() - 1))))
                : Optional.empty();
        return new CursorPage<>(withTimelines(shown), next);
    }

    /**
     * {@return the status of every recipient of one send, each with its event timeline}
     *
     * @param messageId the id a send returned
     * @throws SesException NOT_FOUND if the account sent no such message
     */
    public List<EmailStatus> emailStatus(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        List<MessageRecord> rows = engine.store().messages().byRequest(account, messageId);
        if (rows.isEmpty()) {
            throw new SesException(ErrorCode.NOT_FOUND, "messageId: no message '" + messageId + "' in account "
                    + account);
        }
        return withTimelines(rows);
    }

    private List<EmailStatus> withTimelines(List<MessageRecord> rows) {
        Map<Long, List<DeliveryEvent>> byCopy = new HashMap<>();
        for (LoggedEvent e : engine.store().events().ofDeliveries(account,
                rows.stream().map(MessageRecord::id).toList())) {
            byCopy.computeIfAbsent(e.event().deliveryId(), k -> new ArrayList<>()).add(ResponseLists.shown(e));
        }
        return rows.stream().map(m -> new EmailStatus(status(m), byCopy.getOrDefault(m.id(), List.of()))).toList();
    }

    /**
     * {@return one page of opens and clicks, by time: each with its time (milliseconds, UTC), link, user agent and
     * whether a person or a machine made it}
     *
     * @param query which opens and clicks
     * @param page where the page starts, and how many events on it
     * @throws SesException NOT_FOUND for an unknown sender domain; INVALID_ARGUMENT for a range that ends before
     *                      it starts or is longer than the event log keeps, or a key no page of this list returned
     */
    public CursorPage<DeliveryEvent> opensAndClicks(ResponseQuery query, CursorRequest page) {
        return events(query, EnumSet.of(EventType.OPENED, EventType.CLICKED), page);
    }

    /**
     * {@return one page of spam reports (complaints), by time}
     *
     * @param query which complaints
     * @param page where the page starts, and how many events on it
     * @throws SesException as {@link #opensAndClicks}
     */
    public CursorPage<DeliveryEvent> complaints(ResponseQuery query, CursorRequest page) {
        return events(query, EnumSet.of(EventType.COMPLAINED), page);
    }

    /**
     * {@return one page of bounces, by time: each with its type (hard or soft), the server's reply and its enhanced
     * code ({@link SesEvent#enhancedCode()})}
     *
     * @param query which bounces
     * @param page where the page starts, and how many events on it
     * @throws SesException as {@link #opensAndClicks}
     */
    public CursorPage<DeliveryEvent> bounces(ResponseQuery query, CursorRequest page) {
        return events(query, EnumSet.of(EventType.BOUNCED), page);
    }

    private CursorPage<DeliveryEvent> events(ResponseQuery query, Set<EventType> types, CursorRequest page) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(page, "page");
        EventFilter filter = lists.events(query, types);
        List<LoggedEvent> rows = engine.store().events().find(filter, page.after().map(ResponseLists::eventKey),
                page.limit() + 1);
        boolean more = rows.size() > page.limit();
        List<LoggedEvent> shown = more ? rows.subList(0, page.limit()) : rows;
        Optional<String> next = more ? Optional.of(ResponseLists.key(EventKey.of(shown.get(shown.size() - 1))))
                : Optional.empty();
        return new CursorPage<>(shown.stream().map(ResponseLists::shown).toList(), next);
    }

    /**
     * {@return one page of the account's unsubscriptions made in the query's range, by sender domain (their scope) then
     * address} The query's send-time range does not apply.
     *
     * @param query which unsubscriptions: the range they were made in, sender domain, recipient
     * @param page where the page starts, and how many unsubscriptions on it
     * @throws SesException NOT_FOUND for an unknown sender domain; INVALID_ARGUMENT for a range that ends before
     *                      it starts, a send-time range, or a key no page of this list returned
     */
    public CursorPage<Unsubscription> unsubscriptions(ResponseQuery query, CursorRequest page) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(page, "page");
        List<Unsubscription> rows = engine.store().blocklist().unsubscriptions(lists.unsubscriptions(query),
                page.after().map(ResponseLists::unsubscriptionKey), page.limit() + 1);
        boolean more = rows.size() > page.limit();
        List<Unsubscription> shown = more ? rows.subList(0, page.limit()) : rows;
        return new CursorPage<>(shown, more ? Optional.of(ResponseLists.key(shown.get(shown.size() - 1)))
                : Optional.empty());
    }

    /**
     * Withdraws an address's unsubscription from one of the account's sender domains: the domain may mail it again.
     *
     * @param senderDomain one of the account's sender domains
     * @param address the recipient's email address
     * @return false if the address had not unsubscribed from the domain
     * @throws SesException NOT_FOUND for an unknown sender domain
     */
    public boolean withdrawUnsubscription(String senderDomain, String address) {
        Objects.requireNonNull(address, "address");
        String domain = lists.requireDomain(senderDomain);
        return engine.store().blocklist().withdrawUnsubscription(account, domain, address.strip());
    }

    /**
     * {@return the queue right now: per sender domain and recipient domain, how many messages are queued, sending,
     * deferred (with their next attempt) and held by quota; and the last hour's sent, delivered, bounced and rejected
     * messages per five minutes}
     */
    public QueueStatus queueStatus() {
        Instant now = engine.clock().instant();
        List<QueueActivity> lastHour = new ArrayList<>(12);
        Set<EventType> types = EnumSet.of(EventType.QUEUED, EventType.DELIVERED, EventType.BOUNCED,
                EventType.REJECTED);
        for (int i = 12; i > 0; i--) {
            Instant from = now.minus(Duration.ofMinutes(5L * i));
            Instant to = from.plus(Duration.ofMinutes(5));
            Map<EventType, Long> n = engine.store().events().count(new EventFilter(account, types, from, to,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
            lastHour.add(new QueueActivity(from, to, n.getOrDefault(EventType.QUEUED, 0L),
                    n.getOrDefault(EventType.DELIVERED, 0L), n.getOrDefault(EventType.BOUNCED, 0L),
                    n.getOrDefault(EventType.REJECTED, 0L)));
        }
        return new QueueStatus(now, engine.store().messages().queueCounts(account, now), lastHour);
    }
}
