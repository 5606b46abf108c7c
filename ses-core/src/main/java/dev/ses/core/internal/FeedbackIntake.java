package dev.ses.core.internal;

import dev.ses.core.BlocklistEntry;
import dev.ses.core.BounceType;
import dev.ses.core.EventType;
import dev.ses.core.FeedbackResult;
import dev.ses.core.MessageState;
import dev.ses.core.SesEvent;
import dev.ses.core.spi.Feedback;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records feedback about sent messages (opens, clicks, unsubscriptions, complaints, auto-replies, late bounces) in
 * one store transaction per report: the recipient's flags, a late bounce's state and blocklist entry, the counters,
 * and the events. Durable when {@link #apply} returns. A report recorded before is recognised by its events' keys
 * and changes nothing. Thread-safe.
 */
public final class FeedbackIntake {
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackIntake.class);

    /**
     * Thrown inside the transaction to undo a report whose events the log holds already. Thrown out of the caller's
     * transaction by {@link #write}: everything written in it is undone.
     */
    static final class AlreadyRecorded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyRecorded() {
            super(null, null, false, false);
        }
    }

    /**
     * One piece of feedback checked against the store, before anything is written: the copies it changes, or, when
     * none, why ({@link FeedbackResult#UNMATCHED}, or {@link FeedbackResult#DUPLICATE} for a bounce of a copy that
     * bounced before).
     *
     * @param feedback what was reported
     * @param request the message it is about, when found
     * @param rows the copies it changes; empty when {@code verdict} is not {@link FeedbackResult#APPLIED}
     * @param verdict what writing it will do
     */
    record Prepared(Feedback feedback, Optional<MailRequest> request, List<MessageRecord> rows,
                    FeedbackResult verdict) {
    }

    private final Engine engine;
    private final Quotas quotas;
    private final Requests requests;

    private final dev.ses.core.ComplaintScope complaintScope;

    public FeedbackIntake(Engine engine, Quotas quotas, Requests requests) {
        this(engine, quotas, requests, dev.ses.core.ComplaintScope.SENDER_DOMAIN);
    }

    public FeedbackIntake(Engine engine, Quotas quotas, Requests requests,
                          dev.ses.core.ComplaintScope complaintScope) {
        this.engine = engine;
        this.quotas = quotas;
        this.requests = requests;
        this.complaintScope = complaintScope;
    }

    /** Records one report, in a transaction of its own. */
    public FeedbackResult apply(Feedback f) {
        Prepared p = prepare(f);
        if (p.verdict() != FeedbackResult.APPLIED) {
            return p.verdict();
        }
        try {
            engine.store().inTransaction(() -> {
                write(p);
                return null;
            });
        } catch (AlreadyRecorded e) {
            return FeedbackResult.DUPLICATE;
        }
        return FeedbackResult.APPLIED;
    }

    /** Finds the copies a report changes; reads only. */
    Prepared prepare(Feedback f) {
        Optional<MessageToken> token = MessageToken.parse(f.messageId());
        Optional<MailRequest> request = token.flatMap(t -> requests.get(t.requestId()));
        if (request.isEmpty()) {
            LOG.debug("{} feedback for unknown message {}", f.type(), f.messageId());
            return new Prepared(f, request, List.of(), FeedbackResult.UNMATCHED);
        }
        MailRequest r = request.get();
        // A message written for one recipient names its row: read that row alone, not every row of a task run.
        Optional<Long> rowId = token.get().rowId();
        List<MessageRecord> rows = rowId.isPresent()
                ? engine.store().messages().get(r.account(), rowId.get())
                        .filter(m -> m.requestId().equals(r.id()) && m.recipient().equalsIgnoreCase(f.recipient()))
                        .stream().toList()
                : engine.store().messages().byRequestAndRecipient(r.account(), r.id(), f.recipient());
        if (rows.isEmpty()) {
            LOG.debug("{} feedback for message {} names no recipient of it: {}", f.type(), f.messageId(),
                    f.recipient());
            return new Prepared(f, request, List.of(), FeedbackResult.UNMATCHED);
        }
        List<MessageRecord> matched = f.type() == Feedback.Type.BOUNCED ? rows.stream()
                .filter(m -> m.state() != MessageState.BOUNCED).toList() : rows;
        if (matched.isEmpty()) {
            // A copy bounces once: a report after its bounce (a DSN after the refusal at the SMTP reply, a second
            // DSN from another server) says nothing new.
            LOG.debug("bounce report for message {} and {}: bounced before", f.messageId(), f.recipient());
            return new Prepared(f, request, List.of(), FeedbackResult.DUPLICATE);
        }
        return new Prepared(f, request, matched, FeedbackResult.APPLIED);
    }

    /**
     * Writes a prepared report in the caller's transaction: flags, state, blocklist, counters and events.
     *
     * @throws AlreadyRecorded if the event log holds its events already; the caller's transaction must be undone
     */
    void write(Prepared p) {
        if (p.rows().isEmpty()) {
            return;
        }
        Feedback f = p.feedback();
        MailRequest r = p.request().orElseThrow();
        String report = reportKey(f);
        List<LoggedEvent> events = new ArrayList<>();
        for (MessageRecord m : p.rows()) {
            SesEvent event = record(f, m, r);
            if (event.type() == EventType.CLICKED && event.first() && !m.flags().opened()) {
                // A click without an open implies one: the reader saw the message with images off.
                events.add(Events.feedback(m.id(), report, Events.reading(EventType.OPENED, m,
                        r.fromAddress(), f.at(), Optional.empty(), f.userAgent(), f.ip(), f.reader(), true)));
            }
            events.add(Events.feedback(m.id(), report, event));
        }
        if (engine.store().events().append(events).size() < events.size()) {
            throw new AlreadyRecorded();
        }
    }

    /** Writes what one report changes on one row, and returns its event. */
    private SesEvent record(Feedback f, MessageRecord m, MailRequest r) {
        EventType type = switch (f.type()) {
            case OPENED -> EventType.OPENED;
            case CLICKED -> EventType.CLICKED;
            case UNSUBSCRIBED -> EventType.UNSUBSCRIBED;
            case COMPLAINED -> EventType.COMPLAINED;
            case AUTO_REPLY -> EventType.AUTO_REPLY;
            case BOUNCED -> EventType.BOUNCED;
            case DELAYED -> EventType.DEFERRED;
        };
        Optional<String> reason = f.detail();
        Optional<BounceType> bounce = Optional.empty();
        // A machine's reading (a prefetch, a scanner) is logged but neither flags the copy nor counts as its first.
        boolean human = f.reader().map(k -> !k.machine()).orElseGet(() -> !MachineReaders.isMachine(f.userAgent()));
        switch (f.type()) {
            case OPENED -> {
                // A repeated open writes its event only: the flag and the count are the first one's.
                if (human && !m.flags().opened()) {
                    engine.store().messages().addFlags(m.id(), new MessageRecord.Flags(true, false, false, false),
                            f.at());
                    quotas.count(m.account(), m.senderDomain(), Quotas.Stat.OPEN, 1, f.at());
                }
                return Events.reading(type, m, r.fromAddress(), f.at(), Optional.empty(), f.userAgent(), f.ip(),
                        f.reader(), human && !m.flags().opened());
            }
            case CLICKED -> {
                if (human && !m.flags().clicked()) {
                    engine.store().messages().addFlags(m.id(), new MessageRecord.Flags(true, true, false, false),
                            f.at());
                    if (!m.flags().opened()) {
                        quotas.count(m.account(), m.senderDomain(), Quotas.Stat.OPEN, 1, f.at());
                    }
                }
                return Events.reading(type, m, r.fromAddress(), f.at(), f.detail(), f.userAgent(), f.ip(),
                        f.reader(), human && !m.flags().clicked());
            }
            case UNSUBSCRIBED -> {
                engine.store().messages().addFlags(m.id(), new MessageRecord.Flags(false, false, true, false),
                        f.at());
                String scope = Tracker.setup(engine.store(), m.account(), m.senderDomain()).unsubscribeScope()
                        == dev.ses.core.UnsubscribeScope.ACCOUNT ? TrackingSwitches.ACCOUNT : m.senderDomain();
                engine.store().blocklist().unsubscribe(m.account(), scope, m.recipient(), f.at());
            }
            case COMPLAINED -> {
                engine.store().messages().addFlags(m.id(), new MessageRecord.Flags(false, false, false, true),
                        f.at());
                quotas.count(m.account(), m.senderDomain(), Quotas.Stat.COMPLAINT, 1, f.at());
                suppress(m, f);
            }
            case AUTO_REPLY -> { }
            case BOUNCED -> {
                String reply = f.detail().orElse("550 5.1.1 bounced after acceptance");
                reason = Optional.of(reply);
                // The one classifier of replies decides: only an address reason is held against the recipient.
                boolean hard = ReplyClassifier.reason(0, reply).blocklists();
                bounce = Optional.of(hard ? BounceType.HARD : BounceType.SOFT);
                // A settle of this row still in flight is fenced by its lease, so this bounce is kept over it.
                engine.store().messages().updateAll(List.of(m.settle(MessageState.BOUNCED, bounce,
                        Optional.of(reply), m.nextAttemptAt(), false, f.at())));
                if (hard) {
                    engine.store().blocklist().put(new BlocklistEntry(m.account(), m.recipient(),
                            BlocklistEntry.Source.BOUNCE, reply, f.at(),
                            Optional.of(f.at().plus(engine.limits().blocklistDuration()))));
                }
            }
            case DELAYED -> { }
        }
        boolean click = f.type() == Feedback.Type.CLICKED;
        return Events.of(type, m, r.fromAddress(), f.at(), click ? Optional.empty() : reason, bounce,
                click ? f.detail() : Optional.empty(), f.userAgent());
    }

    /** Stops the sender domain, or the whole account, from mailing a recipient who complained. */
    private void suppress(MessageRecord m, Feedback f) {
        if (complaintScope == dev.ses.core.ComplaintScope.ACCOUNT) {
            engine.store().blocklist().put(new BlocklistEntry(m.account(), m.recipient(),
                    BlocklistEntry.Source.CUSTOM, "spam complaint" + f.detail().map(d -> " (" + d + ")").orElse("")
                    + " about mail from " + m.senderDomain(), f.at(), Optional.empty()));
        } else {
            engine.store().blocklist().unsubscribe(m.account(), m.senderDomain(), m.recipient(), f.at());
        }
    }

    /** What identifies a report: everything it says, so that the same report given twice is one. */
    private static String reportKey(Feedback f) {
        if (f.type() == Feedback.Type.UNSUBSCRIBED) {
            // One unsubscription per copy: a second one (a repeated one-click POST) changes nothing.
            return Events.sha256(f.type() + "\n" + f.messageId() + "\n"
                    + f.recipient().toLowerCase(java.util.Locale.ROOT));
        }
        if (f.type() == Feedback.Type.BOUNCED) {
            // One late bounce per copy (the event's key holds the row): two reports of it racing each other, such as
            // two servers' DSNs, meet on this key, whichever token each was matched by.
            return "late-bounce";
        }
        return Events.sha256(f.type() + "\n" + f.messageId() + "\n" + f.recipient().toLowerCase(java.util.Locale.ROOT)
                + "\n" + f.at().toEpochMilli() + "\n" + f.detail().orElse("") + "\n" + f.userAgent().orElse(""));
    }
}
