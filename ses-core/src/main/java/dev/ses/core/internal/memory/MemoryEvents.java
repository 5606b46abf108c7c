package dev.ses.core.internal.memory;

import dev.ses.core.EventType;
import dev.ses.core.spi.EventFilter;
import dev.ses.core.spi.EventKey;
import dev.ses.core.spi.EventRepository;
import dev.ses.core.spi.LoggedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The in-memory event log. Appends run under the store's lock, so sequence numbers follow commit order; reads take
 * the lock too, so they never see an append that may still roll back.
 */
public final class MemoryEvents implements EventRepository {
    private static final Comparator<EventKey> BY_TIME = Comparator.comparing(EventKey::at)
            .thenComparingLong(EventKey::seq);

    private record Cursor(long position, Optional<String> owner, Optional<Instant> until) {
    }

    private final MemoryTx tx;
    private final TreeMap<Long, LoggedEvent> log = new TreeMap<>();
    private final Map<String, Long> keys = new HashMap<>();
    private final Map<String, List<Long>> byMessage = new HashMap<>();
    private final Map<Long, List<Long>> byDelivery = new HashMap<>();
    private final Map<String, Cursor> cursors = new HashMap<>();
    private final Map<String, Map<EventType, TreeMap<EventKey, Long>>> byTime = new HashMap<>();
    private long head;

    public MemoryEvents(MemoryTx tx) {
        this.tx = tx;
    }

    private static String messageKey(String account, String messageId) {
        return account.length() + ":" + account + messageId;
    }

    @Override
    public List<LoggedEvent> append(List<LoggedEvent> events) {
        return tx.write(() -> {
            List<LoggedEvent> appended = new ArrayList<>(events.size());
            for (LoggedEvent e : events) {
                if (keys.containsKey(e.key())) {
                    continue;
                }
                long previousHead = head;
                LoggedEvent stored = e.at(++head);
                log.put(stored.seq(), stored);
                keys.put(stored.key(), stored.seq());
                String mk = messageKey(stored.event().account(), stored.event().messageId());
                byMessage.computeIfAbsent(mk, k -> new ArrayList<>()).add(stored.seq());
                byDelivery.computeIfAbsent(stored.event().deliveryId(), k -> new ArrayList<>()).add(stored.seq());
                indexTime(stored);
                tx.onRollback(() -> {
                    unindexTime(stored);
                    unindex(byDelivery, stored.event().deliveryId(), stored.seq());
                    log.remove(stored.seq());
                    keys.remove(stored.key());
                    List<Long> seqs = byMessage.get(mk);
                    seqs.remove(stored.seq());
                    if (seqs.isEmpty()) {
                        byMessage.remove(mk);
                    }
                    head = previousHead;
                });
                appended.add(stored);
            }
            return appended;
        });
    }

    @Override
    public List<LoggedEvent> after(long seq, int limit) {
        return tx.read(() -> {
            List<LoggedEvent> page = new ArrayList<>(Math.min(limit, 1024));
            for (LoggedEvent e : log.tailMap(seq, false).values()) {
                if (page.size() >= limit) {
                    break;
                }
                page.add(e);
            }
            return page;
        });
    }

    @Override
    public List<LoggedEvent> ofDeliveries(String account, java.util.Collection<Long> deliveryIds) {
        return tx.read(() -> new java.util.TreeSet<>(deliveryIds).stream()
                .flatMap(id -> byDelivery.getOrDefault(id, List.of()).stream()).sorted().map(log::get)
                .filter(e -> e != null && e.event().account().equals(account)).toList());
    }

    private static void unindex(Map<Long, List<Long>> index, long key, long seq) {
        List<Long> seqs = index.get(key);
        if (seqs != null) {
            seqs.remove(seq);
            if (seqs.isEmpty()) {
                index.remove(key);
            }
        }
    }

    @Override
    public List<LoggedEvent> ofMessage(String account, String messageId) {
        return tx.read(() -> byMessage.getOrDefault(messageKey(account, messageId), List.of()).stream()
                .map(log::get).filter(java.util.Objects::nonNull).toList());
    }

    @Override
    public long head() {
        return tx.read(() -> head);
    }

    @Override
    public Optional<Long> claimCursor(String consumer, String node, Instant now, Duration lease) {
        return tx.write(() -> {
            Cursor c = cursors.getOrDefault(consumer, new Cursor(0, Optional.empty(), Optional.empty()));
            boolean free = c.owner().isEmpty() || c.owner().get().equals(node)
                    || c.until().orElse(Instant.EPOCH).isBefore(now);
            if (!free) {
                return Optional.empty();
            }
            tx.put(cursors, consumer, new Cursor(c.position(), Optional.of(node), Optional.of(now.plus(lease))));
            return Optional.of(c.position());
        });
    }

    @Override
    public boolean moveCursor(String consumer, String node, long position, Instant now, Duration lease) {
        return tx.write(() -> {
            Cursor c = cursors.get(consumer);
            if (c == null || !c.owner().equals(Optional.of(node))) {
                return false;
            }
            tx.put(cursors, consumer, new Cursor(position, c.owner(), Optional.of(now.plus(lease))));
            return true;
        });
    }

    @Override
    public void releaseCursor(String consumer, String node) {
        tx.write(() -> {
            Cursor c = cursors.get(consumer);
            if (c != null && c.owner().equals(Optional.of(node))) {
                tx.put(cursors, consumer, new Cursor(c.position(), Optional.empty(), Optional.empty()));
            }
        });
    }

    @Override
    public Optional<Long> cursor(String consumer) {
        return tx.read(() -> Optional.ofNullable(cursors.get(consumer)).map(Cursor::position));
    }

    @Override
    public int pruneBefore(Instant before, long throughSeq, int limit) {
        return tx.write(() -> {
            Set<String> touched = new HashSet<>();
            List<LoggedEvent> removed = new ArrayList<>();
            Iterator<LoggedEvent> it = log.values().iterator();
            while (it.hasNext() && removed.size() < limit) {
                LoggedEvent e = it.next();
                if (e.seq() > throughSeq) {
                    break;
                }
                if (e.event().at().isBefore(before)) {
                    removed.add(e);
                }
            }
            for (LoggedEvent e : removed) {
                log.remove(e.seq());
                keys.remove(e.key());
                unindex(byDelivery, e.event().deliveryId(), e.seq());
                unindexTime(e);
                String mk = messageKey(e.event().account(), e.event().messageId());
                touched.add(mk);
                List<Long> seqs = byMessage.get(mk);
                if (seqs != null) {
                    seqs.remove(e.seq());
                }
            }
            touched.stream().filter(mk -> byMessage.get(mk) != null && byMessage.get(mk).isEmpty())
                    .forEach(byMessage::remove);
            tx.onRollback(() -> removed.forEach(e -> {
                log.put(e.seq(), e);
                keys.put(e.key(), e.seq());
                byMessage.computeIfAbsent(messageKey(e.event().account(), e.event().messageId()),
                        k -> new ArrayList<>()).add(e.seq());
                byDelivery.computeIfAbsent(e.event().deliveryId(), k -> new ArrayList<>()).add(e.seq());
                indexTime(e);
            }));
            return removed.size();
        });
    }

    /** Each account's events by type, then time: a list of one type reads that type's events only. */
    private void indexTime(LoggedEvent e) {
        byTime.computeIfAbsent(e.event().account(), k -> new EnumMap<>(EventType.class))
                .computeIfAbsent(e.event().type(), k -> new TreeMap<>(BY_TIME)).put(EventKey.of(e), e.seq());
    }

    private void unindexTime(LoggedEvent e) {
        Map<EventType, TreeMap<EventKey, Long>> ofAccount = byTime.get(e.event().account());
        if (ofAccount == null) {
            return;
        }
        TreeMap<EventKey, Long> of = ofAccount.get(e.event().type());
        if (of != null) {
            of.remove(EventKey.of(e));
            if (of.isEmpty()) {
                ofAccount.remove(e.event().type());
            }
        }
        if (ofAccount.isEmpty()) {
            byTime.remove(e.event().account());
        }
    }

    @Override
    public List<LoggedEvent> find(EventFilter filter, Optional<EventKey> after, int limit) {
        return tx.read(() -> {
            List<LoggedEvent> page = new ArrayList<>(Math.min(limit, 1024));
            for (LoggedEvent e : inRange(filter, after)) {
                if (page.size() >= limit) {
                    break;
                }
                page.add(e);
            }
            return page;
        });
    }

    @Override
    public Map<EventType, Long> count(EventFilter filter) {
        return tx.read(() -> {
            Map<EventType, Long> counts = new EnumMap<>(EventType.class);
            for (LoggedEvent e : inRange(filter, Optional.empty())) {
                counts.merge(e.event().type(), 1L, Long::sum);
            }
            return counts;
        });
    }

    /** The events the filter selects after a key, lazily, by time then sequence number. Call under the lock. */
    private Iterable<LoggedEvent> inRange(EventFilter filter, Optional<EventKey> after) {
        Map<EventType, TreeMap<EventKey, Long>> ofAccount = byTime.get(filter.account());
        if (ofAccount == null) {
            return List.of();
        }
        EventKey start = after.filter(k -> !k.at().isBefore(filter.from())).orElse(new EventKey(filter.from(), -1));
        boolean inclusive = after.isEmpty() || after.get().at().isBefore(filter.from());
        if (!start.at().isBefore(filter.to())) {
            return List.of();
        }
        EventKey end = new EventKey(filter.to(), -1);
        return () -> {
            List<Iterator<Map.Entry<EventKey, Long>>> ranges = new ArrayList<>();
            for (EventType type : filter.types()) {
                TreeMap<EventKey, Long> of = ofAccount.get(type);
                if (of != null) {
                    ranges.add(of.subMap(start, inclusive, end, false).entrySet().iterator());
                }
            }
            Iterator<Long> seqs = merged(ranges);
            return java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(seqs, 0), false)
                    .map(log::get)
                    .filter(e -> e != null && filter.matches(e) && (!filter.bySendTime() || sentWithin(filter, e)))
                    .iterator();
        };
    }

    /** The sequence numbers of several ranges of the time index, merged in the index's order. */
    private static Iterator<Long> merged(List<Iterator<Map.Entry<EventKey, Long>>> ranges) {
        if (ranges.size() == 1) {
            Iterator<Map.Entry<EventKey, Long>> only = ranges.get(0);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return only.hasNext();
                }

                @Override
                public Long next() {
                    return only.next().getValue();
                }
            };
        }
        record Head(Map.Entry<EventKey, Long> entry, Iterator<Map.Entry<EventKey, Long>> rest) {
        }
        java.util.PriorityQueue<Head> heads = new java.util.PriorityQueue<>(Math.max(1, ranges.size()),
                Comparator.comparing((Head h) -> h.entry().getKey(), BY_TIME));
        for (Iterator<Map.Entry<EventKey, Long>> r : ranges) {
            if (r.hasNext()) {
                heads.add(new Head(r.next(), r));
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public Long next() {
                Head h = heads.poll();
                if (h == null) {
                    throw new java.util.NoSuchElementException();
                }
                if (h.rest().hasNext()) {
                    heads.add(new Head(h.rest().next(), h.rest()));
                }
                return h.entry().getValue();
            }
        };
    }

    private boolean sentWithin(EventFilter filter, LoggedEvent e) {
        for (Long seq : byDelivery.getOrDefault(e.event().deliveryId(), List.of())) {
            LoggedEvent q = log.get(seq);
            if (q != null && q.event().type() == EventType.QUEUED && q.event().account().equals(filter.account())) {
                return filter.sentWithin(q.event().at());
            }
        }
        return false;
    }
}
