package dev.ses.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ses.core.BlocklistEntry;
import dev.ses.core.BounceType;
import dev.ses.core.EventType;
import dev.ses.core.MessageState;
import dev.ses.core.SenderDomain;
import dev.ses.core.SesEvent;
import dev.ses.core.SesException;
import dev.ses.core.TemplateType;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.Feedback;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's consumer: claims due messages, settles those that must not go (blocklisted, unsubscribed),
 * renders the rest, hands them to the transport and records each recipient's outcome. Also applies feedback
 * (opens, clicks, complaints, late bounces) reported by the transport.
 *
 * <p>Thread-safe: several workers may pump at once; the store's claim keeps them apart.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    private static final Duration MAX_RETRY_DELAY = Duration.ofHours(2);
    private static final Duration DOMAIN_HOLD = Duration.ofMinutes(30);

    private final Engine engine;
    private final Quotas quotas;
    private final RateLimits rateLimits;
    private final Map<String, java.util.concurrent.atomic.AtomicLong> heldPerTaskDay =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Cache<String, MailRequest> requests = Caffeine.newBuilder().maximumSize(10_000).build();
    private final ConcurrentLinkedQueue<Feedback> feedback = new ConcurrentLinkedQueue<>();

    public Dispatcher(Engine engine) {
        this.engine = engine;
        this.quotas = new Quotas(engine);
        this.rateLimits = new RateLimits(engine);
    }

    /** Queues feedback to apply on the next pump; safe from any thread. */
    public void report(Feedback item) {
        feedback.add(item);
    }

    /**
     * Does all work due now: delayed transport feedback, then every claimable message, chunk by chunk.
     *
     * @return how many messages and feedback items were handled
     */
    public int pump() {
        int total = 0;
        int round;
        do {
            // Sending can make feedback due at once (an immediate complaint), and feedback can settle messages:
            // go round until a whole round finds nothing to do.
            engine.transport().runDueWork();
            round = applyFeedback();
            List<MessageRecord> batch;
            while (!(batch = engine.store().messages().claim(engine.node(), engine.claimSize(),
                    engine.clock().instant(), engine.lease())).isEmpty()) {
                process(batch, engine.clock().instant());
                round += batch.size();
            }
            total += round;
        } while (round > 0);
        return total;
    }

    private Optional<MailRequest> request(String id) {
        MailRequest cached = requests.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<MailRequest> loaded = engine.store().requests().get(id);
        loaded.ifPresent(r -> requests.put(id, r));
        return loaded;
    }

    /**
     * What the dispatcher needs of a sender domain during one chunk.
     *
     * @param problem why its mail cannot go now, if something is wrong with it
     */
    private record DomainState(Optional<SenderDomain> domain, Optional<DkimKey> key, Optional<String> problem) {
    }

    private void process(List<MessageRecord> batch, Instant now) {
        List<MessageRecord> updates = new ArrayList<>(batch.size());
        List<SesEvent> events = new ArrayList<>();
        List<BlocklistEntry> blocks = new ArrayList<>();
        Map<String, DomainState> domains = new HashMap<>();

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
                DomainState state = domains.computeIfAbsent(account + '\n' + d.getKey(),
                        k -> loadDomain(account, d.getKey()));
                for (MessageRecord m : d.getValue()) {
                    Optional<MailRequest> request = request(m.requestId());
                    if (request.isEmpty()) {
                        settle(m, MessageState.FAILED, Optional.empty(), "its request is missing from the store",
                                now, false, updates, events, null);
                    } else if (blocked.contains(m.recipient())) {
                        settle(m, MessageState.REJECTED, Optional.empty(), "recipient is on the blocklist", now,
                                false, updates, events, request.get());
                    } else if (unsubscribed.contains(m.recipient())) {
                        settle(m, MessageState.REJECTED, Optional.empty(),
                                "recipient unsubscribed from " + m.senderDomain(), now, false, updates, events,
                                request.get());
                    } else if (state.problem().isPresent()) {
                        retry(m, state.problem().get(), now, false, DOMAIN_HOLD, updates, events, request.get());
                    } else {
                        sendable.add(m);
                    }
                }
            }
        }

        sendable = admit(sendable, now, updates);

        List<OutboundMail> mails = new ArrayList<>();
        List<List<MessageRecord>> mailRows = new ArrayList<>();
        Map<String, Integer> shared = new HashMap<>();
        for (MessageRecord m : sendable) {
            MailRequest r = request(m.requestId()).orElseThrow();
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
        List<List<MessageRecord>> rendered = new ArrayList<>(mailRows.size());
        for (List<MessageRecord> rows : mailRows) {
            MessageRecord first = rows.get(0);
            MailRequest r = request(first.requestId()).orElseThrow();
            try {
                DomainState state = domains.get(first.account() + '\n' + first.senderDomain());
                mails.add(render(r, rows, state.key(), now));
                rendered.add(rows);
            } catch (RuntimeException ex) {
                LOG.warn("cannot render message {}: {}", r.id(), ex.toString());
                for (MessageRecord m : rows) {
                    settle(m, MessageState.FAILED, Optional.empty(), "cannot render: " + ex.getMessage(), now,
                            false, updates, events, r);
                }
            }
        }

        Map<String, long[]> stats = new HashMap<>();
        if (!mails.isEmpty()) {
            List<List<RecipientResult>> results = engine.transport().sendAll(mails);
            Instant after = engine.clock().instant();
            for (int i = 0; i < rendered.size(); i++) {
                List<RecipientResult> forMail = i < results.size() ? results.get(i) : List.of();
                Map<String, RecipientResult> byRecipient = new HashMap<>();
                for (RecipientResult res : forMail) {
                    byRecipient.put(res.recipient().toLowerCase(Locale.ROOT), res);
                }
                for (MessageRecord m : rendered.get(i)) {
                    MailRequest r = request(m.requestId()).orElseThrow();
                    RecipientResult res = byRecipient.get(m.recipient().toLowerCase(Locale.ROOT));
                    if (res == null) {
                        retry(m, "the transport gave no result for this recipient", after, true, null, updates,
                                events, r);
                        continue;
                    }
                    long[] st = stats.computeIfAbsent(m.account() + '\n' + m.senderDomain(), k -> new long[4]);
                    st[0]++;
                    switch (res.outcome()) {
                        case DELIVERED -> st[1]++;
                        case HARD_BOUNCE -> st[2]++;
                        case REJECTED -> st[3]++;
                        default -> { }
                    }
                    rateLimits.learn(m.recipient(), res.outcome() == dev.ses.core.spi.Outcome.DELIVERED,
                            res.reply(), after);
                    switch (res.outcome()) {
                        case DELIVERED -> settle(m, MessageState.DELIVERED, Optional.empty(), res.reply(), after,
                                true, updates, events, r);
                        case DEFERRED -> retry(m, res.reply(), after, true, null, updates, events, r);
                        case HARD_BOUNCE -> {
                            settle(m, MessageState.BOUNCED, Optional.of(BounceType.HARD), res.reply(), after, true,
                                    updates, events, r);
                            blocks.add(new BlocklistEntry(m.account(), m.recipient(), BlocklistEntry.Source.BOUNCE,
                                    res.reply(), after, Optional.of(after.plus(engine.limits().blocklistDuration()))));
                        }
                        case SOFT_BOUNCE -> settle(m, MessageState.BOUNCED, Optional.of(BounceType.SOFT),
                                res.reply(), after, true, updates, events, r);
                        case REJECTED -> settle(m, MessageState.REJECTED, Optional.empty(), res.reply(), after,
                                true, updates, events, r);
                    }
                }
            }
        }

        // Every row of a claim carries the same lease. A row that changed meanwhile (another claim took it after
        // this node's lease ran out, or a bounce was reported) keeps its newer state; what happened here stays in
        // the events and counters.
        MessageRecord claimedAs = batch.get(0);
        Set<Long> superseded = engine.store().inTransaction(() -> {
            Set<Long> stale = engine.store().messages().updateClaimed(claimedAs.leaseOwner().orElse(engine.node()),
                    claimedAs.leaseUntil().orElseThrow(), updates);
            blocks.forEach(engine.store().blocklist()::put);
            return stale;
        });
        if (!superseded.isEmpty()) {
            LOG.warn("{} message(s) changed while this node sent them (claimed again after the lease of {} ran out, "
                    + "or bounced); their newer state is kept: {}", superseded.size(), engine.lease(), superseded);
        }
        for (Map.Entry<String, long[]> e : stats.entrySet()) {
            String account = e.getKey().substring(0, e.getKey().indexOf('\n'));
            String domain = e.getKey().substring(e.getKey().indexOf('\n') + 1);
            long[] st = e.getValue();
            quotas.count(account, domain, Quotas.Stat.SENT, st[0], now);
            quotas.count(account, domain, Quotas.Stat.DELIVERED, st[1], now);
            quotas.count(account, domain, Quotas.Stat.INVALID, st[2], now);
            quotas.count(account, domain, Quotas.Stat.SPAM, st[3], now);
            quotas.checkBlock(account, domain, now);
        }
        engine.publish(events);
    }

    /**
     * Applies quotas (to task messages: a regular send took its quota when it was accepted) and rate limits. What
     * may not go now goes back to the queue for the time it may, without counting an attempt: quota-held messages
     * wait for the next day, spread by a microsecond per message of their task (a tenth of a second for 100,000) so
     * that, the next day, the tasks sharing a domain take turns.
     */
    private List<MessageRecord> admit(List<MessageRecord> sendable, Instant now, List<MessageRecord> updates) {
        List<MessageRecord> admitted = new ArrayList<>(sendable.size());
        Map<String, List<MessageRecord>> taskRows = new LinkedHashMap<>();
        for (MessageRecord m : sendable) {
            if (m.taskId().isPresent()) {
                taskRows.computeIfAbsent(m.account() + '\n' + m.senderDomain(), k -> new ArrayList<>()).add(m);
            } else {
                admitted.add(m);
            }
        }
        for (List<MessageRecord> rows : taskRows.values()) {
            MessageRecord first = rows.get(0);
            long granted = quotas.reserve(first.account(), first.senderDomain(), rows.size(), now);
            Instant tomorrow = quotas.nextDay(now);
            String day = quotas.day(now).toString();
            for (int i = 0; i < rows.size(); i++) {
                MessageRecord m = rows.get(i);
                if (i < granted) {
                    admitted.add(m);
                    continue;
                }
                long offset = heldPerTaskDay.computeIfAbsent(m.taskId().get() + "@" + day,
                        k -> new java.util.concurrent.atomic.AtomicLong()).getAndIncrement();
                updates.add(m.settle(MessageState.QUEUED, Optional.empty(), Optional.of("the daily quota of "
                        + m.senderDomain() + " is spent; waits for " + tomorrow), tomorrow.plusNanos(offset * 1_000),
                        false, now));
            }
        }
        List<MessageRecord> allowed = new ArrayList<>(admitted.size());
        for (MessageRecord m : admitted) {
            Optional<Instant> wait = rateLimits.admit(m.recipient(), m.senderDomain(), now);
            if (wait.isEmpty()) {
                allowed.add(m);
                continue;
            }
            if (m.taskId().isPresent()) {
                quotas.release(m.account(), m.senderDomain(), 1, now);
            }
            updates.add(m.settle(MessageState.QUEUED, Optional.empty(), Optional.of("rate limit for "
                    + m.recipient() + "; waits for " + wait.get()), wait.get(), false, now));
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
                    .filter(k -> k.active() && k.selector().equals(domain.get().dkimSelector())).findFirst()
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
        String token = r.individual() ? r.id() + "." + first.id() : r.id();
        List<String> envelope = rows.stream().map(MessageRecord::recipient).toList();
        List<String> to = r.individual() ? List.of(first.recipient()) : r.to();
        return new OutboundMail(token + "@" + r.senderDomain(), "bounce+" + token + "@" + r.senderDomain(),
                r.fromAddress(), r.fromName(), to, r.individual() ? List.of() : r.cc(), r.replyTo(), envelope,
                subject, text, html, r.headers(), r.attachments(), now, key,
                new OutboundMail.Metadata(r.account(), r.id(), r.templateId(), variables, r.taskId()));
    }

    private void settle(MessageRecord m, MessageState state, Optional<BounceType> bounce, String reason,
                        Instant now, boolean attempted, List<MessageRecord> updates, List<SesEvent> events,
                        MailRequest r) {
        updates.add(m.settle(state, bounce, Optional.of(reason), m.nextAttemptAt(), attempted, now));
        EventType type = switch (state) {
            case DELIVERED -> EventType.DELIVERED;
            case BOUNCED -> EventType.BOUNCED;
            case REJECTED -> EventType.REJECTED;
            default -> EventType.FAILED;
        };
        events.add(event(type, m, r, now, Optional.of(reason), bounce, Optional.empty()));
    }

    /** Defers a message with exponential backoff, or settles it as a soft bounce once it is too old. */
    private void retry(MessageRecord m, String reason, Instant now, boolean attempted, Duration fixedDelay,
                       List<MessageRecord> updates, List<SesEvent> events, MailRequest r) {
        int attempts = attempted ? m.attempts() + 1 : m.attempts();
        Duration delay = fixedDelay != null ? fixedDelay : backoff(m.id(), attempts);
        Instant next = now.plus(delay);
        if (next.isAfter(m.createdAt().plus(engine.limits().maxRetryAge()))) {
            settle(m, MessageState.BOUNCED, Optional.of(BounceType.SOFT), "gave up after " + attempts
                    + " attempts in " + engine.limits().maxRetryAge().toHours() + " hours; last reply: " + reason,
                    now, attempted, updates, events, r);
            return;
        }
        updates.add(m.settle(MessageState.DEFERRED, Optional.empty(), Optional.of(reason), next, attempted, now));
        events.add(event(EventType.DEFERRED, m, r, now, Optional.of(reason), Optional.empty(), Optional.empty()));
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

    private static SesEvent event(EventType type, MessageRecord m, MailRequest r, Instant at, Optional<String> reason,
                                  Optional<BounceType> bounce, Optional<String> link) {
        return new SesEvent(type, m.account(), m.requestId(), m.id(), m.recipient(),
                r == null ? "" : r.fromAddress(), m.senderDomain(), m.templateId(), m.taskId(), at, reason, bounce,
                link);
    }

    private int applyFeedback() {
        int handled = 0;
        Feedback f;
        while ((f = feedback.poll()) != null) {
            try {
                apply(f);
            } catch (RuntimeException e) {
                LOG.warn("cannot apply {} feedback for message {}", f.type(), f.messageId(), e);
            }
            handled++;
        }
        return handled;
    }

    /**
     * Applies one item. Flags are added to what the row holds; a late bounce settles the row, and if that row is
     * still being sent, the fence of {@code updateClaimed} keeps the bounce over the send's outcome.
     */
    private void apply(Feedback f) {
        String local = f.messageId().contains("@") ? f.messageId().substring(0, f.messageId().indexOf('@'))
                : f.messageId();
        int dot = local.indexOf('.');
        String requestId = dot < 0 ? local : local.substring(0, dot);
        Optional<MailRequest> request = request(requestId);
        if (request.isEmpty()) {
            LOG.debug("feedback for unknown message {}", f.messageId());
            return;
        }
        MailRequest r = request.get();
        List<MessageRecord> rows = engine.store().messages().byRequestAndRecipient(r.account(), requestId,
                f.recipient());
        if (dot >= 0) {
            long rowId = Long.parseLong(local.substring(dot + 1));
            rows = rows.stream().filter(m -> m.id() == rowId).toList();
        }
        List<MessageRecord> updates = new ArrayList<>();
        Map<Long, MessageRecord.Flags> flags = new LinkedHashMap<>();
        List<SesEvent> events = new ArrayList<>();
        List<Runnable> extra = new ArrayList<>();
        for (MessageRecord m : rows) {
            MessageRecord.Flags fl = m.flags();
            switch (f.type()) {
                case OPENED -> {
                    if (!fl.opened()) {
                        quotas.count(m.account(), m.senderDomain(), Quotas.Stat.OPEN, 1, f.at());
                    }
                    flags.put(m.id(), new MessageRecord.Flags(true, false, false, false));
                    events.add(event(EventType.OPENED, m, r, f.at(), Optional.empty(), Optional.empty(),
                            Optional.empty()));
                }
                case CLICKED -> {
                    flags.put(m.id(), new MessageRecord.Flags(true, true, false, false));
                    events.add(event(EventType.CLICKED, m, r, f.at(), Optional.empty(), Optional.empty(),
                            f.detail()));
                }
                case UNSUBSCRIBED -> {
                    flags.put(m.id(), new MessageRecord.Flags(false, false, true, false));
                    extra.add(() -> engine.store().blocklist().unsubscribe(m.account(), m.senderDomain(),
                            m.recipient(), f.at()));
                    events.add(event(EventType.UNSUBSCRIBED, m, r, f.at(), Optional.empty(), Optional.empty(),
                            Optional.empty()));
                }
                case COMPLAINED -> {
                    quotas.count(m.account(), m.senderDomain(), Quotas.Stat.COMPLAINT, 1, f.at());
                    flags.put(m.id(), new MessageRecord.Flags(false, false, false, true));
                    events.add(event(EventType.COMPLAINED, m, r, f.at(), f.detail(), Optional.empty(),
                            Optional.empty()));
                }
                case AUTO_REPLY -> events.add(event(EventType.AUTO_REPLY, m, r, f.at(), f.detail(),
                        Optional.empty(), Optional.empty()));
                case BOUNCED -> {
                    String reply = f.detail().orElse("550 5.1.1 bounced after acceptance");
                    updates.add(m.settle(MessageState.BOUNCED, Optional.of(BounceType.HARD), Optional.of(reply),
                            m.nextAttemptAt(), false, f.at()));
                    extra.add(() -> engine.store().blocklist().put(new BlocklistEntry(m.account(), m.recipient(),
                            BlocklistEntry.Source.BOUNCE, reply, f.at(),
                            Optional.of(f.at().plus(engine.limits().blocklistDuration())))));
                    events.add(event(EventType.BOUNCED, m, r, f.at(), Optional.of(reply),
                            Optional.of(BounceType.HARD), Optional.empty()));
                }
            }
        }
        engine.store().inTransaction(() -> {
            // Flags only add to what the row holds, so a settle running meanwhile keeps its state.
            flags.forEach((id, add) -> engine.store().messages().addFlags(id, add, f.at()));
            engine.store().messages().updateAll(updates);
            extra.forEach(Runnable::run);
            return null;
        });
        engine.publish(events);
    }
}
