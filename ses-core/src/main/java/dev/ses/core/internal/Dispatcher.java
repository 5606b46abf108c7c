package dev.ses.core.internal;

import dev.ses.core.BlocklistEntry;
import dev.ses.core.BounceType;
import dev.ses.core.EventType;
import dev.ses.core.MessageState;
import dev.ses.core.SenderDomain;
import dev.ses.core.SesException;
import dev.ses.core.TemplateType;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.RecipientResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's consumer: claims due messages, settles those that must not go (blocklisted, unsubscribed), renders
 * the rest, hands them to the transport, and has {@link Settlement} record each recipient's outcome with its event.
 *
 * <p>Thread-safe: several workers may pump at once; the store's claim keeps them apart.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    private static final Duration MAX_RETRY_DELAY = Duration.ofHours(2);
    private static final Duration DOMAIN_HOLD = Duration.ofMinutes(30);
    /**
     * A message whose attempt ended {@link dev.ses.core.spi.Outcome#UNCERTAIN} is sent again only while its attempts,
     * that one included, are at most this many: each new attempt may leave one more copy with the recipient.
     */
    private static final int UNCERTAIN_RETRIES = 1;

    private final Engine engine;
    private final Quotas quotas;
    private final RateLimits rateLimits;
    private final Requests requests;
    private final Settlement settlement;
    private final Map<String, AtomicLong> heldPerTaskDay = new ConcurrentHashMap<>();

    public Dispatcher(Engine engine, Quotas quotas, Requests requests) {
        this.engine = engine;
        this.quotas = quotas;
        this.rateLimits = new RateLimits(engine);
        this.requests = requests;
        this.settlement = new Settlement(engine, quotas);
    }

    /**
     * Sends every claimable message, chunk by chunk, after letting the transport report what has become due.
     *
     * @return how many messages were handled
     */
    public int pump() {
        engine.transport().runDueWork();
        int total = 0;
        List<MessageRecord> batch;
        while (!(batch = engine.store().messages().claim(engine.node(), engine.claimSize(),
                engine.clock().instant(), engine.lease())).isEmpty()) {
            process(batch, engine.clock().instant());
            total += batch.size();
        }
        return total;
    }

    /**
     * What the dispatcher needs of a sender domain during one chunk.
     *
     * @param problem why its mail cannot go now, if something is wrong with it
     */
    private record DomainState(Optional<SenderDomain> domain, Optional<DkimKey> key, Optional<String> problem) {
    }

    /** A sender domain of one account. */
    private record DomainKey(String account, String domain) {
        static DomainKey of(MessageRecord m) {
            return new DomainKey(m.account(), m.senderDomain());
        }
    }

    /** What one chunk came to so far. */
    private final class Chunk {
        final List<Settlement.Settled> settled = new ArrayList<>();
        final Map<DomainKey, DomainState> domains = new HashMap<>();

        DomainState domain(MessageRecord m) {
            return domains.computeIfAbsent(DomainKey.of(m), k -> loadDomain(k.account(), k.domain()));
        }

        void settle(MessageRecord m, MessageState state, Optional<BounceType> bounce, String reason, Instant now,
                    boolean attempted, Optional<MailRequest> r) {
            MessageRecord updated = m.settle(state, bounce, Optional.of(reason), m.nextAttemptAt(), attempted, now);
            EventType type = switch (state) {
                case DELIVERED -> EventType.DELIVERED;
                case BOUNCED -> EventType.BOUNCED;
                case REJECTED -> EventType.REJECTED;
                default -> EventType.FAILED;
            };
            Optional<BlocklistEntry> block = state == MessageState.BOUNCED && bounce.equals(Optional.of(BounceType.HARD))
                    ? Optional.of(new BlocklistEntry(m.account(), m.recipient(), BlocklistEntry.Source.BOUNCE, reason,
                            now, Optional.of(now.plus(engine.limits().blocklistDuration()))))
                    : Optional.empty();
            settled.add(new Settlement.Settled(m, updated, Optional.of(Events.of(type, updated,
                    r.map(MailRequest::fromAddress).orElse(""), now, Optional.of(reason), bounce)), block));
        }

        /** Defers a message with exponential backoff, or settles it as a soft bounce once it is too old. */
        void retry(MessageRecord m, String reason, Instant now, boolean attempted, Optional<Duration> fixedDelay,
                   MailRequest r) {
            int attempts = attempted ? m.attempts() + 1 : m.attempts();
            Duration delay = fixedDelay.orElseGet(() -> backoff(m.id(), attempts));
            Instant next = now.plus(delay);
            if (next.isAfter(m.createdAt().plus(engine.limits().maxRetryAge()))) {
                settle(m, MessageState.BOUNCED, Optional.of(BounceType.SOFT), "gave up after " + attempts
                        + " attempts in " + engine.limits().maxRetryAge().toHours() + " hours; last reply: " + reason,
                        now, attempted, Optional.of(r));
                return;
            }
            MessageRecord updated = m.settle(MessageState.DEFERRED, Optional.empty(), Optional.of(reason), next,
                    attempted, now);
            settled.add(new Settlement.Settled(m, updated, Optional.of(Events.of(EventType.DEFERRED, updated,
                    r.fromAddress(), now, Optional.of(reason), Optional.empty())), Optional.empty()));
        }

        /** Puts a message back in the queue until it may go, recording nothing: it was not tried. */
        void hold(MessageRecord m, String reason, Instant until, Instant now) {
            settled.add(new Settlement.Settled(m, m.settle(MessageState.QUEUED, Optional.empty(),
                    Optional.of(reason), until, false, now), Optional.empty(), Optional.empty()));
        }
    }

    private void process(List<MessageRecord> batch, Instant now) {
        Chunk chunk = new Chunk();
        List<MessageRecord> sendable = screen(batch, chunk, now);
        sendable = admit(sendable, chunk, now);

        List<List<MessageRecord>> mailRows = group(sendable);
        List<OutboundMail> mails = new ArrayList<>(mailRows.size());
        List<List<MessageRecord>> rendered = new ArrayList<>(mailRows.size());
        for (List<MessageRecord> rows : mailRows) {
            MessageRecord first = rows.get(0);
            MailRequest r = requests.get(first.requestId()).orElseThrow();
            try {
                mails.add(render(r, rows, chunk.domain(first).key(), now));
                rendered.add(rows);
            } catch (RuntimeException ex) {
                LOG.warn("cannot render message {}: {}", r.id(), ex.toString());
                for (MessageRecord m : rows) {
                    chunk.settle(m, MessageState.FAILED, Optional.empty(), "cannot render: " + ex.getMessage(), now,
                            false, Optional.of(r));
                }
            }
        }
        if (!mails.isEmpty()) {
            List<List<RecipientResult>> results;
            try {
                results = engine.transport().sendAll(mails);
            } catch (RuntimeException ex) {
                // The transport broke its contract (results, not exceptions): which mails left is unknown, so every
                // one counts as tried and waits for its retry, rather than staying leased and going out at once
                // when the lease runs out.
                LOG.error("the transport failed on a chunk of {} message(s); each is deferred", mails.size(), ex);
                results = List.of();
                for (List<MessageRecord> rows : rendered) {
                    for (MessageRecord m : rows) {
                        chunk.retry(m, "the transport failed: " + ex, engine.clock().instant(), true,
                                Optional.empty(), requests.get(m.requestId()).orElseThrow());
                    }
                }
                rendered = List.of();
            }
            record(rendered, results, chunk, engine.clock().instant());
        }
        settlement.settleClaimed(chunk.settled, now);
    }

    /** Settles what must not go (no request, blocklisted, unsubscribed, a domain that cannot send); the rest. */
    private List<MessageRecord> screen(List<MessageRecord> batch, Chunk chunk, Instant now) {
        Map<String, List<MessageRecord>> byAccount = new LinkedHashMap<>();
        for (MessageRecord m : batch) {
            byAccount.computeIfAbsent(m.account(), k -> new ArrayList<>()).add(m);
        }
        List<MessageRecord> sendable = new ArrayList<>(batch.size());
        for (Map.Entry<String, List<MessageRecord>> e : byAccount.entrySet()) {
            String account = e.getKey();
            List<String> recipients = e.getValue().stream().map(MessageRecord::recipient).toList();
            Set<String> blocked = engine.store().blocklist().blocked(account, recipients, now);
            Map<String, List<MessageRecord>> byDomain = new LinkedHashMap<>();
            for (MessageRecord m : e.getValue()) {
                byDomain.computeIfAbsent(m.senderDomain(), k -> new ArrayList<>()).add(m);
            }
            for (Map.Entry<String, List<MessageRecord>> d : byDomain.entrySet()) {
                Set<String> unsubscribed = engine.store().blocklist().unsubscribed(account, d.getKey(),
                        d.getValue().stream().map(MessageRecord::recipient).toList());
                for (MessageRecord m : d.getValue()) {
                    Optional<MailRequest> request = requests.get(m.requestId());
                    DomainState state = chunk.domain(m);
                    if (request.isEmpty()) {
                        chunk.settle(m, MessageState.FAILED, Optional.empty(), "its request is missing from the store",
                                now, false, request);
                    } else if (blocked.contains(m.recipient())) {
                        chunk.settle(m, MessageState.REJECTED, Optional.empty(), "recipient is on the blocklist", now,
                                false, request);
                    } else if (unsubscribed.contains(m.recipient())) {
                        chunk.settle(m, MessageState.REJECTED, Optional.empty(),
                                "recipient unsubscribed from " + m.senderDomain(), now, false, request);
                    } else if (state.problem().isPresent()) {
                        chunk.retry(m, state.problem().get(), now, false, Optional.of(DOMAIN_HOLD), request.get());
                    } else {
                        sendable.add(m);
                    }
                }
            }
        }
        return sendable;
    }

    /** The rows that go out as one message: one per row for an individual request, one per request otherwise. */
    private List<List<MessageRecord>> group(List<MessageRecord> sendable) {
        List<List<MessageRecord>> mailRows = new ArrayList<>();
        Map<String, Integer> shared = new HashMap<>();
        for (MessageRecord m : sendable) {
            MailRequest r = requests.get(m.requestId()).orElseThrow();
            Integer index = r.individual() ? null : shared.get(r.id());
            if (index != null) {
                mailRows.get(index).add(m);
                continue;
            }
            if (!r.individual()) {
                shared.put(r.id(), mailRows.size());
            }
            List<MessageRecord> rows = new ArrayList<>();
            rows.add(m);
            mailRows.add(rows);
        }
        return mailRows;
    }

    /** Turns the transport's results into each row's outcome. */
    private void record(List<List<MessageRecord>> rendered, List<List<RecipientResult>> results, Chunk chunk,
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
                    chunk.retry(m, "the transport gave no result for this recipient", after, true, Optional.empty(),
                            r);
                    continue;
                }
                rateLimits.learn(m.recipient(), res.outcome() == dev.ses.core.spi.Outcome.DELIVERED, res.reply(),
                        after);
                Optional<MailRequest> request = Optional.of(r);
                switch (res.outcome()) {
                    case DELIVERED -> chunk.settle(m, MessageState.DELIVERED, Optional.empty(), res.reply(), after,
                            true, request);
                    case DEFERRED -> chunk.retry(m, res.reply(), after, true, Optional.empty(), r);
                    case HARD_BOUNCE -> chunk.settle(m, MessageState.BOUNCED, Optional.of(BounceType.HARD),
                            res.reply(), after, true, request);
                    case SOFT_BOUNCE -> chunk.settle(m, MessageState.BOUNCED, Optional.of(BounceType.SOFT),
                            res.reply(), after, true, request);
                    case REJECTED -> chunk.settle(m, MessageState.REJECTED, Optional.empty(), res.reply(), after,
                            true, request);
                    case FAILED -> chunk.settle(m, MessageState.FAILED, Optional.empty(), "cannot send: "
                            + res.reply(), after, true, request);
                    case UNCERTAIN -> {
                        if (m.attempts() + 1 <= UNCERTAIN_RETRIES) {
                            chunk.retry(m, "uncertain: " + res.reply(), after, true, Optional.empty(), r);
                        } else {
                            chunk.settle(m, MessageState.FAILED, Optional.empty(), "uncertain: the server may have "
                                    + "received it; not sent again: " + res.reply(), after, true, request);
                        }
                    }
                }
            }
        }
    }

    /**
     * Applies quotas (to task messages: a regular send took its quota when it was accepted) and rate limits. What
     * may not go now goes back to the queue for the time it may, without counting an attempt: quota-held messages
     * wait for the next day, spread by a microsecond per message of their task (a tenth of a second for 100,000) so
     * that, the next day, the tasks sharing a domain take turns. A task message takes quota on its first attempt
     * only: a retry was counted already.
     */
    private List<MessageRecord> admit(List<MessageRecord> sendable, Chunk chunk, Instant now) {
        List<MessageRecord> admitted = new ArrayList<>(sendable.size());
        Map<DomainKey, List<MessageRecord>> taskRows = new LinkedHashMap<>();
        for (MessageRecord m : sendable) {
            if (m.taskId().isPresent() && m.attempts() == 0) {
                taskRows.computeIfAbsent(DomainKey.of(m), k -> new ArrayList<>()).add(m);
            } else {
                admitted.add(m);
            }
        }
        for (Map.Entry<DomainKey, List<MessageRecord>> e : taskRows.entrySet()) {
            List<MessageRecord> rows = e.getValue();
            long granted = quotas.reserve(e.getKey().account(), e.getKey().domain(), rows.size(), now);
            Instant tomorrow = quotas.nextDay(now);
            String day = quotas.day(now).toString();
            for (int i = 0; i < rows.size(); i++) {
                MessageRecord m = rows.get(i);
                if (i < granted) {
                    admitted.add(m);
                    continue;
                }
                long offset = heldPerTaskDay.computeIfAbsent(m.taskId().get() + "@" + day, k -> new AtomicLong())
                        .getAndIncrement();
                chunk.hold(m, "the daily quota of " + m.senderDomain() + " is spent; waits for " + tomorrow,
                        tomorrow.plusNanos(offset * 1_000), now);
            }
        }
        List<MessageRecord> allowed = new ArrayList<>(admitted.size());
        for (MessageRecord m : admitted) {
            Optional<Instant> wait = rateLimits.admit(m.recipient(), m.senderDomain(), now);
            if (wait.isEmpty()) {
                allowed.add(m);
                continue;
            }
            if (m.taskId().isPresent() && m.attempts() == 0) {
                quotas.release(m.account(), m.senderDomain(), 1, now);
            }
            chunk.hold(m, "rate limit for " + m.recipient() + "; waits for " + wait.get(), wait.get(), now);
        }
        return allowed;
    }

    private DomainState loadDomain(String account, String name) {
        Optional<SenderDomain> domain = engine.store().domains().byName(account, name);
        if (domain.isEmpty()) {
            return new DomainState(domain, Optional.empty(), Optional.of("sender domain " + name + " was deleted"));
        }
        if (!domain.get().canSend()) {
            return new DomainState(domain, Optional.empty(), Optional.of("sender domain " + name + " is "
                    + domain.get().status() + ", not VERIFIED"));
        }
        // Read outside the try: a failing store raises a SesException too, which must not pass for a key that does
        // not decrypt.
        List<DkimKey> keys = engine.store().domains().keys(domain.get().id());
        try {
            Optional<DkimKey> key = keys.stream()
                    .filter(k -> k.active() && k.selector().equalsIgnoreCase(domain.get().dkimSelector())).findFirst()
                    .map(engine::open);
            return new DomainState(domain, key, Optional.empty());
        } catch (SesException e) {
            LOG.error("cannot sign mail of sender domain {}: {}", name, e.getMessage());
            return new DomainState(domain, Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    private OutboundMail render(MailRequest r, List<MessageRecord> rows, Optional<DkimKey> key, Instant now) {
        MessageRecord first = rows.get(0);
        Map<String, String> variables = r.variables();
        if (!first.variables().isEmpty()) {
            variables = new HashMap<>(r.variables());
            variables.putAll(first.variables());
        }
        TemplateSupport t = engine.templates();
        String body = t.render(t.compile(r.templateBody(), r.templateType(), "body"), variables);
        String subject = t.render(t.compile(r.subject(), TemplateType.TEXT, "subject"), variables);
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the rendered subject holds a line break");
        }
        String text;
        Optional<String> html;
        if (r.templateType() == TemplateType.HTML) {
            html = Optional.of(body);
            text = t.render(t.textOf(r.templateBody()), variables);
        } else {
            html = Optional.empty();
            text = body;
        }
        MessageToken token = r.individual() ? MessageToken.single(r.id(), first.id()) : MessageToken.shared(r.id());
        List<String> envelope = rows.stream().map(MessageRecord::recipient).toList();
        List<String> to = r.individual() ? List.of(first.recipient()) : r.to();
        return new OutboundMail(token.messageId(r.senderDomain()), token.returnPath(r.senderDomain()),
                r.fromAddress(), r.fromName(), to, r.individual() ? List.of() : r.cc(), r.replyTo(), envelope,
                subject, text, html, r.headers(), r.attachments(), now, key,
                new OutboundMail.Metadata(r.account(), r.id(), r.templateId(), variables, r.taskId()));
    }

    /**
     * The delay before attempt {@code n + 1}: one minute doubled per attempt, at most two hours, with a jitter of
     * plus or minus 20% derived from the message id so that a wave of deferrals spreads out, yet a test with a
     * manual clock sees the same schedule every run.
     */
    static Duration backoff(long id, int attempts) {
        long base = FIRST_RETRY.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        base = Math.min(base, MAX_RETRY_DELAY.toMillis());
        long mix = (id * 0x9E3779B97F4A7C15L) ^ (attempts * 0xC2B2AE3D27D4EB4FL);
        double jitter = 0.8 + ((mix >>> 11) % 1000) / 2500.0;
        return Duration.ofMillis((long) (base * jitter));
    }
}
