package dev.ses.core.internal;

import dev.ses.core.BlocklistEntry;
import dev.ses.core.BounceType;
import dev.ses.core.MessageState;
import dev.ses.core.SesEvent;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.spi.MessageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what became of the messages of one claim, in one store transaction: each row's new state, the blocklist
 * entry a hard bounce brings, the daily counters that quotas and warm-up read (and the quota a regular send gives
 * back for a recipient it never sent to), and one event per happening. A row
 * that another claim took over meanwhile (this node's lease ran out) or that feedback settled (a late bounce) keeps
 * its newer state, and nothing of what this claim saw is recorded for it: no event, no count, no blocklist entry.
 *
 * <p>Lock order, the same in every transaction that appends events: message rows, then counters (in key order),
 * then the event log's head. Thread-safe.
 */
public final class Settlement {
    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

    /**
     * What one claimed row came to.
     *
     * @param claimed the row as the claim returned it
     * @param updated the row to write
     * @param event what to record, if anything happened (a row held back for quota records nothing)
     * @param block the blocklist entry it brings, for a hard bounce
     */
    public record Settled(MessageRecord claimed, MessageRecord updated, Optional<SesEvent> event,
                          Optional<BlocklistEntry> block) {
        /** Checks the fields. */
        public Settled {
            Objects.requireNonNull(claimed, "claimed");
            Objects.requireNonNull(updated, "updated");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(block, "block");
        }

        boolean attempted() {
            return updated.attempts() > claimed.attempts();
        }
    }

    /** A sender domain of one account, for counting. */
    private record DomainKey(String account, String domain) implements Comparable<DomainKey> {
        @Override
        public int compareTo(DomainKey o) {
            int c = account.compareTo(o.account);
            return c != 0 ? c : domain.compareTo(o.domain);
        }
    }

    /** Quota of one day that rows of regular sends give back. */
    private record Refund(String account, String domain, java.time.LocalDate day) implements Comparable<Refund> {
        @Override
        public int compareTo(Refund o) {
            int c = account.compareTo(o.account);
            c = c != 0 ? c : domain.compareTo(o.domain);
            return c != 0 ? c : day.compareTo(o.day);
        }
    }

    /** A domain's results in one settle. */
    private static final class Tally {
        long sent;
        long delivered;
        long invalid;
        long spam;
    }

    private final Engine engine;
    private final Quotas quotas;

    public Settlement(Engine engine, Quotas quotas) {
        this.engine = engine;
        this.quotas = quotas;
    }

    /**
     * Writes what the rows of one claim came to. Every row must come from the same claim (one owner, one lease).
     *
     * @param now the time the counters are counted for
     * @return the ids of rows whose claim had been superseded, and so were left as they were
     */
    public Set<Long> settleClaimed(List<Settled> items, Instant now) {
        if (items.isEmpty()) {
            return Set.of();
        }
        MessageRecord first = items.get(0).claimed();
        String node = first.leaseOwner().orElse(engine.node());
        Instant leaseUntil = first.leaseUntil().orElseThrow(() -> new IllegalArgumentException(
                "message " + first.id() + " was not claimed"));
        List<MessageRecord> rows = new ArrayList<>(items.size());
        items.forEach(s -> rows.add(s.updated()));
        Map<DomainKey, Tally> tallies = new TreeMap<>();
        Map<Refund, Long> refunds = new TreeMap<>();
        Set<Long> superseded = engine.store().inTransaction(() -> {
            Set<Long> stale = engine.store().messages().updateClaimed(node, leaseUntil, rows);
            List<LoggedEvent> events = new ArrayList<>(items.size());
            for (Settled s : items) {
                if (stale.contains(s.claimed().id())) {
                    continue;
                }
                s.block().ifPresent(engine.store().blocklist()::put);
                s.event().ifPresent(e -> events.add(Events.settled(s.claimed(), e)));
                if (s.attempted()) {
                    tally(tallies.computeIfAbsent(new DomainKey(s.claimed().account(), s.claimed().senderDomain()),
                            k -> new Tally()), s);
                } else if (refunded(s)) {
                    refunds.merge(new Refund(s.claimed().account(), s.claimed().senderDomain(),
                            quotas.day(s.claimed().createdAt())), 1L, Long::sum);
                }
            }
            tallies.forEach((k, t) -> {
                quotas.count(k.account(), k.domain(), Quotas.Stat.SENT, t.sent, now);
                quotas.count(k.account(), k.domain(), Quotas.Stat.DELIVERED, t.delivered, now);
                quotas.count(k.account(), k.domain(), Quotas.Stat.INVALID, t.invalid, now);
                quotas.count(k.account(), k.domain(), Quotas.Stat.SPAM, t.spam, now);
            });
            refunds.forEach((k, n) -> quotas.release(k.account(), k.domain(), n,
                    k.day().atStartOfDay(engine.quotas().zone()).toInstant()));
            engine.store().events().append(events);
            return stale;
        });
        if (!superseded.isEmpty()) {
            LOG.warn("{} message(s) changed while this node sent them (claimed again after the lease of {} ran out, "
                    + "or bounced); their newer state is kept: {}", superseded.size(), engine.lease(), superseded);
        }
        tallies.keySet().forEach(k -> quotas.checkBlock(k.account(), k.domain(), now));
        return superseded;
    }

    /**
     * Whether a row gives its quota back: a regular send took quota for each recipient when it was accepted (a task
     * message takes it when it is first sent), so one that ends without ever being sent (blocklisted, unsubscribed,
     * not renderable) returns it to the day it was accepted, as a task message that was never sent never took any.
     */
    private static boolean refunded(Settled s) {
        return s.claimed().taskId().isEmpty() && s.claimed().attempts() == 0 && s.updated().state().settled();
    }

    /** Counts a row that was handed to the transport: sent once per message, however many attempts it takes. */
    private static void tally(Tally t, Settled s) {
        if (s.claimed().attempts() == 0) {
            t.sent++;
        }
        MessageRecord m = s.updated();
        if (m.state() == MessageState.DELIVERED) {
            t.delivered++;
        } else if (m.state() == MessageState.BOUNCED && m.bounceType().equals(Optional.of(BounceType.HARD))) {
            t.invalid++;
        } else if (m.state() == MessageState.REJECTED) {
            t.spam++;
        }
    }
}
