package dev.ses.core.internal;

import dev.ses.core.DeliveryEvent;
import dev.ses.core.DeliveryQuery;
import dev.ses.core.ErrorCode;
import dev.ses.core.EventType;
import dev.ses.core.ReaderKind;
import dev.ses.core.ResponseQuery;
import dev.ses.core.SesException;
import dev.ses.core.Unsubscription;
import dev.ses.core.spi.EventFilter;
import dev.ses.core.spi.EventKey;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.spi.MessageKey;
import dev.ses.core.spi.MessageQuery;
import dev.ses.core.spi.UnsubscriptionFilter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * The rules every delivery response list and export shares: the checks of a query (range, retention, names), the
 * store filters it becomes, the keys of keyset pages as the caller sees them, and the machine/human label.
 */
public final class ResponseLists {
    private final Engine engine;
    private final String account;

    public ResponseLists(Engine engine, String account) {
        this.engine = engine;
        this.account = account;
    }

    /** The store filter of a response query over some event types, once its range and names are checked. */
    public EventFilter events(ResponseQuery q, Set<EventType> types) {
        checkRange("from", "to", q.from(), q.to(), true);
        checkSent(q);
        q.senderDomain().ifPresent(this::requireDomain);
        return new EventFilter(account, types, q.from(), q.to(), q.senderDomain(), q.recipientDomain(), q.sentFrom(),
                q.sentTo());
    }

    /** The store filter of an unsubscription listing; unsubscriptions are kept until withdrawn, so any range goes. */
    public UnsubscriptionFilter unsubscriptions(ResponseQuery q) {
        checkRange("from", "to", q.from(), q.to(), false);
        if (q.sentFrom().isPresent() || q.sentTo().isPresent()) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "sentFrom: an unsubscription belongs to a sender "
                    + "domain, not to a message; filter it by the time it was made");
        }
        q.senderDomain().ifPresent(this::requireDomain);
        return new UnsubscriptionFilter(account, q.from(), q.to(), q.senderDomain(), q.recipientDomain());
    }

    /** The store query of an email status listing, once its range and task are checked. */
    public MessageQuery messages(DeliveryQuery q) {
        checkRange("from", "to", q.from(), q.to(), true);
        q.taskId().ifPresent(this::requireTask);
        return new MessageQuery(q.from(), q.to(), q.recipient(), q.state(), q.taskId());
    }

    /** Throws NOT_FOUND unless the account has the sender domain; returns its normal form. */
    public String requireDomain(String name) {
        String domain = Mailboxes.domain(name);
        if (engine.store().domains().byName(account, domain).isEmpty()) {
            throw new SesException(ErrorCode.NOT_FOUND, "senderDomain: no sender domain '" + domain
                    + "' in account " + account);
        }
        return domain;
    }

    /** Throws NOT_FOUND unless the account has the task. */
    public void requireTask(long id) {
        if (engine.store().tasks().get(account, id).isEmpty()) {
            throw new SesException(ErrorCode.NOT_FOUND, "taskId: no task " + id + " in account " + account);
        }
    }

    private void checkSent(ResponseQuery q) {
        if (q.sentFrom().isPresent() && q.sentTo().isPresent()) {
            checkRange("sentFrom", "sentTo", q.sentFrom().get(), q.sentTo().get(), false);
        }
    }

    private void checkRange(String fromField, String toField, Instant from, Instant to, boolean retained) {
        if (to.isBefore(from)) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, toField + ": the range ends (" + to
                    + ") before it starts (" + from + ")");
        }
        Duration kept = engine.eventRetention();
        if (retained && Duration.between(from, to).compareTo(kept) > 0) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, toField + ": the range " + from + " to " + to
                    + " is longer than the " + kept.toDays() + " days (" + kept + ") the event log keeps");
        }
    }

    /**
     * An event as the lists show it: opens and clicks labelled as a person's or a machine's, by the reader the
     * tracking endpoint judged, else by the user agent.
     */
    public static DeliveryEvent shown(LoggedEvent e) {
        boolean read = e.event().type() == EventType.OPENED || e.event().type() == EventType.CLICKED;
        return new DeliveryEvent(e.event(), read
                ? Optional.of(e.event().reader().orElseGet(() -> MachineReaders.isMachine(e.event().userAgent())
                        ? ReaderKind.OTHER_MACHINE : ReaderKind.HUMAN)) : Optional.empty());
    }

    /** The key a caller sees for an event page's end: {@code <time>/<seq>}. */
    public static String key(EventKey k) {
        return k.at() + "/" + k.seq();
    }

    /** The key a caller sees for a message page's end: {@code <created>/<id>}. */
    public static String key(MessageKey k) {
        return k.createdAt() + "/" + k.id();
    }

    /** The key a caller sees for an unsubscription page's end: {@code <sender domain>/<address>}. */
    public static String key(Unsubscription u) {
        return u.senderDomain() + "/" + u.address();
    }

    /** Reads an event page key. */
    public static EventKey eventKey(String key) {
        int cut = key.lastIndexOf('/');
        try {
            return new EventKey(Instant.parse(key.substring(0, Math.max(cut, 0))),
                    Long.parseLong(key.substring(cut + 1)));
        } catch (DateTimeParseException | NumberFormatException | IndexOutOfBoundsException e) {
            throw badKey(key);
        }
    }

    /** Reads a message page key. */
    public static MessageKey messageKey(String key) {
        int cut = key.lastIndexOf('/');
        try {
            return new MessageKey(Instant.parse(key.substring(0, Math.max(cut, 0))),
                    Long.parseLong(key.substring(cut + 1)));
        } catch (DateTimeParseException | NumberFormatException | IndexOutOfBoundsException e) {
            throw badKey(key);
        }
    }

    /** Reads an unsubscription page key. */
    public static Unsubscription unsubscriptionKey(String key) {
        int cut = key.indexOf('/');
        if (cut <= 0 || cut == key.length() - 1) {
            throw badKey(key);
        }
        return new Unsubscription(key.substring(0, cut), key.substring(cut + 1), Instant.EPOCH);
    }

    /** Reads a member page key: a member id. */
    public static long memberKey(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw badKey(key);
        }
    }

    private static SesException badKey(String key) {
        return new SesException(ErrorCode.INVALID_ARGUMENT, "after: '" + key + "' is not a key a page of this "
                + "list returned");
    }
}
