package dev.ses.core.internal;

import dev.ses.core.BounceType;
import dev.ses.core.MessageState;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.Outcome;
import dev.ses.core.spi.RecipientResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's consumer. A claimed chunk goes through one stop each: {@link SenderCheck} settles what must not go,
 * {@link Admission} holds what may not go yet, {@link Rendering} writes the rest, the transport sends it, each
 * recipient's result becomes an outcome here, and {@link Settlement} records the chunk in one transaction.
 *
 * <p>Thread-safe: several workers may pump at once; the store's claim keeps them apart.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /**
     * A message whose attempt ended {@link Outcome#UNCERTAIN} is sent again only while its attempts, that one
     * included, are at most this many: each new attempt may leave one more copy with the recipient.
     */
    private static final int UNCERTAIN_RETRIES = 1;

    private final Engine engine;
    private final Requests requests;
    private final Admission admission;
    private final Rendering rendering;
    private final Settlement settlement;

    public Dispatcher(Engine engine, Quotas quotas, Requests requests, Rendering rendering) {
        this.engine = engine;
        this.requests = requests;
        this.admission = new Admission(engine, quotas);
        this.rendering = rendering;
        this.settlement = new Settlement(engine, quotas);
    }

    /**
     * Sends every claimable message, chunk by chunk, after letting the transport report what has become due.
     *
     * @return how many messages were handled
     */
    public int pump() {
        engine.transport().runDueWork();
        admission.pruneIfDue(engine.clock().instant());
        int total = 0;
        List<MessageRecord> batch;
        while (!(batch = engine.store().messages().claim(engine.node(), engine.claimSize(),
                engine.clock().instant(), engine.lease())).isEmpty()) {
            process(batch, engine.clock().instant());
            total += batch.size();
        }
        return total;
    }

    private void process(List<MessageRecord> batch, Instant now) {
        ChunkOutcomes outcomes = new ChunkOutcomes(engine);
        SenderCheck senders = new SenderCheck(engine, requests);
        List<MessageRecord> sendable = admission.admit(senders.screen(batch, outcomes, now), outcomes, now);

        List<OutboundMail> mails = new ArrayList<>();
        List<List<MessageRecord>> rendered = new ArrayList<>();
        Map<String, Tracker.Plan> plans = new HashMap<>();
        Map<String, List<String>> linkSets = new HashMap<>();
        for (List<MessageRecord> rows : rendering.group(sendable)) {
            MessageRecord first = rows.get(0);
            MailRequest r = requests.get(first.requestId()).orElseThrow();
            try {
                mails.add(rendering.render(r, rows, senders.domain(first).key(), now, rendering.plan(r, plans),
                        linkSets));
                rendered.add(rows);
            } catch (Tracker.KeysUnavailable ex) {
                // Not the message's fault: the chunk's leases run out and it goes when the store is back.
                throw ex;
            } catch (RuntimeException ex) {
                LOG.warn("cannot render message {}: {}", r.id(), ex.toString());
                // Nothing reaches these mailboxes: their places in the hour go to other mail.
                admission.notSent(rows, now);
                for (MessageRecord m : rows) {
                    outcomes.settle(m, MessageState.FAILED, Optional.empty(), "cannot render: " + ex.getMessage(),
                            now, false, Optional.of(r));
                }
            }
        }
        if (!mails.isEmpty()) {
            // Before anything is sent: a click on a copy must find its links. Should the store fail here, the chunk's
            // leases run out and it goes when the store is back, as when the keys cannot be read.
            rendering.storeLinkSets(linkSets);
            send(mails, rendered, outcomes);
        }
        settlement.settleClaimed(outcomes.settled(), now);
    }

    private void send(List<OutboundMail> mails, List<List<MessageRecord>> rendered, ChunkOutcomes outcomes) {
        List<List<RecipientResult>> results;
        try {
            results = engine.transport().sendAll(mails);
        } catch (RuntimeException ex) {
            // The transport broke its contract (results, not exceptions): which mails left is unknown, so every one
            // counts as tried and waits for its retry, rather than staying leased and going out at once when the
            // lease runs out.
            LOG.error("the transport failed on a chunk of {} message(s); each is deferred", mails.size(), ex);
            Instant after = engine.clock().instant();
            for (List<MessageRecord> rows : rendered) {
                for (MessageRecord m : rows) {
                    outcomes.retry(m, "the transport failed: " + ex, after, true, Optional.empty(),
                            requests.get(m.requestId()).orElseThrow());
                }
            }
            return;
        }
        record(rendered, results, outcomes, engine.clock().instant());
    }

    /** Turns the transport's results into each row's outcome. */
    private void record(List<List<MessageRecord>> rendered, List<List<RecipientResult>> results, ChunkOutcomes outcomes,
                        Instant after) {
        for (int i = 0; i < rendered.size(); i++) {
            List<RecipientResult> forMail = i < results.size() ? results.get(i) : List.of();
            Map<String, RecipientResult> byRecipient = new HashMap<>();
            for (RecipientResult res : forMail) {
                byRecipient.put(res.recipient().toLowerCase(Locale.ROOT), res);
            }
            for (MessageRecord m : rendered.get(i)) {
                MailRequest r = requests.get(m.requestId()).orElseThrow();
                RecipientResult res = byRecipient.get(m.recipient().toLowerCase(Locale.ROOT));
                if (res == null) {
                    outcomes.retry(m, "the transport gave no result for this recipient", after, true,
                            Optional.empty(), r);
                    continue;
                }
                admission.learn(m.recipient(), res.outcome() == Outcome.DELIVERED, res.reply(), after);
                Optional<MailRequest> request = Optional.of(r);
                switch (res.outcome()) {
                    case DELIVERED -> outcomes.settle(m, MessageState.DELIVERED, Optional.empty(), res.reply(),
                            after, true, request);
                    case DEFERRED -> outcomes.retry(m, res.reply(), after, true, Optional.empty(), r);
                    case HARD_BOUNCE -> outcomes.settle(m, MessageState.BOUNCED, Optional.of(BounceType.HARD),
                            res.reply(), after, true, request);
                    case SOFT_BOUNCE -> outcomes.settle(m, MessageState.BOUNCED, Optional.of(BounceType.SOFT),
                            res.reply(), after, true, request);
                    case REJECTED -> outcomes.settle(m, MessageState.REJECTED, Optional.empty(), res.reply(), after,
                            true, request);
                    case FAILED -> outcomes.settle(m, MessageState.FAILED, Optional.empty(), "cannot send: "
                            + res.reply(), after, true, request);
                    case UNCERTAIN -> {
                        if (m.attempts() + 1 <= UNCERTAIN_RETRIES) {
                            outcomes.retry(m, "uncertain: " + res.reply(), after, true, Optional.empty(), r);
                        } else {
                            outcomes.settle(m, MessageState.FAILED, Optional.empty(), "uncertain: the server may "
                                    + "have received it; not sent again: " + res.reply(), after, true, request);
                        }
                    }
                }
            }
        }
    }
}
