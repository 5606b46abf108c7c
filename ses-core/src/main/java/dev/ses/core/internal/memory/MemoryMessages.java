package dev.ses.core.internal.memory;

import dev.ses.core.MessageState;
import dev.ses.core.Page;
import dev.ses.core.PageRequest;
import dev.ses.core.QueueCount;
import dev.ses.core.spi.MessageKey;
import dev.ses.core.spi.MessageQuery;
import dev.ses.core.spi.MessageRecord;
import dev.ses.core.spi.MessageRepository;
import dev.ses.core.spi.QueueDepth;
import dev.ses.core.spi.RunCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory queue. Unsettled rows sit in an index ordered by the instant they become claimable (their next
 * attempt, or their lease's expiry), so a claim reads only due rows. Each account's rows sit in an index newest
 * first, so a page of email status reads only its page; each task run keeps its counts by state, so its progress
 * reads counters. Every index is kept in the write that changes a row and reverted with it.
 */
public final class MemoryMessages implements MessageRepository {
    private record Due(Instant at, long id) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    private static final Comparator<MessageKey> NEWEST_FIRST = Comparator.comparing(MessageKey::createdAt)
            .thenComparingLong(MessageKey::id).reversed();

    private final MemoryTx tx;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, MessageRecord> messages = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> byRequest = new ConcurrentHashMap<>();
    private final Map<Long, ConcurrentSkipListSet<Long>> byRun = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<Due> due = new ConcurrentSkipListSet<>();
    private final Map<String, NavigableSet<MessageKey>> byTime = new ConcurrentHashMap<>();
    private final Map<Long, Map<MessageState, Long>> runCounts = new ConcurrentHashMap<>();
    private final Map<Long, NavigableSet<Due>> queuedByRun = new ConcurrentHashMap<>();

    public MemoryMessages(MemoryTx tx) {
        this.tx = tx;
    }

    private static Optional<Due> dueOf(MessageRecord m) {
        if (m.state().settled()) {
            return Optional.empty();
        }
        if (m.state() == MessageState.SENDING) {
            return Optional.of(new Due(m.leaseUntil().orElse(Instant.EPOCH), m.id()));
        }
        return Optional.of(new Due(m.nextAttemptAt(), m.id()));
    }

    private void store(MessageRecord m) {
        MessageRecord previous = messages.put(m.id(), m);
        if (previous != null) {
            dueOf(previous).ifPresent(due::remove);
            countRun(previous, -1);
        } else {
            byTime.computeIfAbsent(m.account(), k -> new ConcurrentSkipListSet<>(NEWEST_FIRST)).add(MessageKey.of(m));
        }
        dueOf(m).ifPresent(due::add);
        countRun(m, 1);
        tx.onRollback(() -> {
            dueOf(m).ifPresent(due::remove);
            countRun(m, -1);
            if (previous == null) {
                messages.remove(m.id());
                List<Long> ofRequest = byRequest.get(m.requestId());
                if (ofRequest != null) {
                    ofRequest.remove(m.id());
                }
                m.runId().map(byRun::get).ifPresent(ids -> ids.remove(m.id()));
                NavigableSet<MessageKey> ofAccount = byTime.get(m.account());
                if (ofAccount != null) {
                    ofAccount.remove(MessageKey.of(m));
                }
            } else {
                messages.put(previous.id(), previous);
                dueOf(previous).ifPresent(due::add);
                countRun(previous, 1);
            }
        });
    }

    /**
     * Keeps a run's counts by state, and its QUEUED records by next attempt, as records come and go, so that
     * {@link #countRun} reads counters instead of every record of the run.
     */
    private void countRun(MessageRecord m, int delta) {
        if (m.runId().isEmpty()) {
            return;
        }
        long run = m.runId().get();
        runCounts.computeIfAbsent(run, k -> new ConcurrentHashMap<>()).merge(m.state(), (long) delta, Long::sum);
        if (m.state() == MessageState.QUEUED) {
            NavigableSet<Due> queued = queuedByRun.computeIfAbsent(run, k -> new ConcurrentSkipListSet<>());
            if (delta > 0) {
                queued.add(new Due(m.nextAttemptAt(), m.id()));
            } else {
                queued.remove(new Due(m.nextAttemptAt(), m.id()));
            }
        }
    }

    @Override
    public List<MessageRecord> insertAll(List<MessageRecord> records) {
        return tx.write(() -> {
            List<MessageRecord> stored = new ArrayList<>(records.size());
            for (MessageRecord r : records) {
                MessageRecord m = r.withId(ids.incrementAndGet());
                byRequest.computeIfAbsent(m.requestId(), k -> new CopyOnWriteArrayList<>()).add(m.id());
                m.runId().ifPresent(run -> byRun.computeIfAbsent(run, k -> new ConcurrentSkipListSet<>()).add(m.id()));
                store(m);
                stored.add(m);
            }
            return stored;
        });
    }

    @Override
    public List<MessageRecord> claim(String node, int max, Instant now, Duration lease) {
        return tx.write(() -> {
            List<MessageRecord> claimed = new ArrayList<>(Math.min(max, 1024));
            Instant until = now.plus(lease);
            Iterator<Due> it = due.iterator();
            while (claimed.size() < max && it.hasNext()) {
                Due d = it.next();
                if (d.at().isAfter(now)) {
                    break;
                }
                MessageRecord m = messages.get(d.id());
                if (m == null) {
                    continue;
                }
                claimed.add(m.withLease(node, until, now));
            }
            claimed.forEach(this::store);
            return claimed;
        });
    }

    @Override
    public void updateAll(List<MessageRecord> records) {
        tx.write(() -> {
            for (MessageRecord m : records) {
                if (messages.containsKey(m.id())) {
                    store(m);
                }
            }
        });
    }

    @Override
    public Set<Long> updateClaimed(String node, Instant leaseUntil, List<MessageRecord> records) {
        return tx.write(() -> {
            Set<Long> superseded = new HashSet<>();
            for (MessageRecord m : records) {
                MessageRecord current = messages.get(m.id());
                if (current != null && current.state() == MessageState.SENDING
                        && current.leaseOwner().equals(Optional.of(node))
                        && current.leaseUntil().equals(Optional.of(leaseUntil))) {
                    store(m.withFlags(current.flags(), m.updatedAt()));
                } else {
                    superseded.add(m.id());
                }
            }
            return superseded;
        });
    }

    @Override
    public void addFlags(long id, MessageRecord.Flags flags, Instant at) {
        tx.write(() -> {
            MessageRecord current = messages.get(id);
            if (current != null) {
                MessageRecord.Flags f = current.flags();
                store(current.withFlags(new MessageRecord.Flags(f.opened() || flags.opened(),
                        f.clicked() || flags.clicked(), f.unsubscribed() || flags.unsubscribed(),
                        f.complained() || flags.complained()), at));
            }
        });
    }

    @Override
    public Optional<MessageRecord> get(String account, long id) {
        return tx.read(() -> Optional.ofNullable(messages.get(id)).filter(m -> m.account().equals(account)));
    }

    @Override
    public Optional<MessageRecord> get(long id) {
        return tx.read(() -> Optional.ofNullable(messages.get(id)));
    }

    @Override
    public List<MessageRecord> byRequest(String account, String requestId) {
        return tx.read(() -> {
            List<Long> ofRequest = byRequest.getOrDefault(requestId, List.of());
            List<MessageRecord> found = new ArrayList<>(ofRequest.size());
            for (Long id : ofRequest) {
                MessageRecord m = messages.get(id);
                if (m != null && m.account().equals(account)) {
                    found.add(m);
                }
            }
            found.sort(Comparator.comparingLong(MessageRecord::id));
            return found;
        });
    }

    @Override
    public Page<MessageRecord> find(String account, MessageQuery q, PageRequest page) {
        return tx.read(() -> {
            List<MessageRecord> all = messages.values().stream()
                    .filter(m -> m.account().equals(account))
                    .filter(m -> !m.createdAt().isBefore(q.from()) && m.createdAt().isBefore(q.to()))
                    .filter(m -> q.recipient().map(r -> r.equalsIgnoreCase(m.recipient())).orElse(true))
                    .filter(m -> q.state().map(s -> s == m.state()).orElse(true))
                    .filter(m -> q.taskId().map(t -> m.taskId().equals(Optional.of(t))).orElse(true))
                    .sorted(Comparator.comparing(MessageRecord::createdAt).thenComparingLong(MessageRecord::id)
                            .reversed())
                    .toList();
            return Page.of(all, page);
        });
    }

    @Override
    public List<MessageRecord> byRun(long runId, long afterId, int limit) {
        return tx.read(() -> {
            ConcurrentSkipListSet<Long> ids = byRun.get(runId);
            if (ids == null) {
                return List.of();
            }
            List<MessageRecord> page = new ArrayList<>(Math.min(limit, 1024));
            for (Long id : ids.tailSet(afterId, false)) {
                if (page.size() >= limit) {
                    break;
                }
                MessageRecord m = messages.get(id);
                if (m != null) {
                    page.add(m);
                }
            }
            return page;
        });
    }

    @Override
    public RunCounts countRun(long runId, Instant now) {
        return tx.read(() -> {
            Map<MessageState, Long> counts = new EnumMap<>(MessageState.class);
            runCounts.getOrDefault(runId, new ConcurrentHashMap<>()).forEach((state, n) -> {
                if (n > 0) {
                    counts.put(state, n);
                }
            });
            long queued = counts.getOrDefault(MessageState.QUEUED, 0L);
            NavigableSet<Due> byAttempt = queuedByRun.get(runId);
            return new RunCounts(counts, queued == 0 || byAttempt == null ? 0 : waiting(byAttempt, queued, now));
        });
    }

    /**
     * How many of a run's QUEUED records are due after {@code now}: walks the due side and the waiting side of the
     * split at once and stops when either ends, so it reads as many records as the smaller side holds (none for a
     * run that is all due, or all paused), not the run.
     */
    private static long waiting(NavigableSet<Due> queued, long total, Instant now) {
        Due split = new Due(now, Long.MAX_VALUE);
        Iterator<Due> dueSide = queued.headSet(split, true).iterator();
        Iterator<Due> laterSide = queued.tailSet(split, false).descendingIterator();
        long due = 0;
        long later = 0;
        while (true) {
            if (!dueSide.hasNext()) {
                return total - due;
            }
            if (!laterSide.hasNext()) {
                return later;
            }
            dueSide.next();
            due++;
            laterSide.next();
            later++;
        }
    }

    @Override
    public int rescheduleRun(long runId, Instant at) {
        return tx.write(() -> {
            int moved = 0;
            for (Long id : byRun.getOrDefault(runId, new ConcurrentSkipListSet<>())) {
                MessageRecord m = messages.get(id);
                if (m != null && (m.state() == MessageState.QUEUED || m.state() == MessageState.DEFERRED)) {
                    store(m.settle(m.state(), m.bounceType(), m.reply(), at, false, m.updatedAt()));
                    moved++;
                }
            }
            return moved;
        });
    }

    @Override
    public int cancelRun(long runId, String reason, Instant now) {
        return tx.write(() -> {
            int cancelled = 0;
            for (Long id : byRun.getOrDefault(runId, new ConcurrentSkipListSet<>())) {
                MessageRecord m = messages.get(id);
                if (m != null && (m.state() == MessageState.QUEUED || m.state() == MessageState.DEFERRED)) {
                    store(m.settle(MessageState.CANCELLED, Optional.empty(), Optional.of(reason), m.nextAttemptAt(),
                            false, now));
                    cancelled++;
                }
            }
            return cancelled;
        });
    }

    @Override
    public QueueDepth depth() {
        return tx.read(() -> {
            long queued = 0;
            long deferred = 0;
            long sending = 0;
            Instant oldest = null;
            for (Due d : due) {
                MessageRecord m = messages.get(d.id());
                if (m == null) {
                    continue;
                }
                switch (m.state()) {
                    case QUEUED -> {
                        queued++;
                        oldest = oldest == null || m.createdAt().isBefore(oldest) ? m.createdAt() : oldest;
                    }
                    case DEFERRED -> deferred++;
                    case SENDING -> sending++;
                    default -> { }
                }
            }
            return new QueueDepth(queued, deferred, sending, Optional.ofNullable(oldest));
        });
    }

    @Override
    public Optional<Instant> nextDue() {
        return tx.read(() -> due.isEmpty() ? Optional.<Instant>empty() : Optional.of(due.first().at()));
    }

    /**
     * Reads the account's records newest first from where the page starts (the key, or the end of the range) and
     * stops at the page's size or the range's start: a page reads its own records and those the filters skip, never
     * the rest of the store.
     */
    @Override
    public List<MessageRecord> findAfter(String account, MessageQuery q, Optional<MessageKey> after, int limit) {
        return tx.read(() -> {
            NavigableSet<MessageKey> ofAccount = byTime.get(account);
            if (ofAccount == null) {
                return List.of();
            }
            MessageKey end = new MessageKey(q.to(), Long.MAX_VALUE);
            MessageKey start = after.filter(k -> NEWEST_FIRST.compare(k, end) > 0).orElse(end);
            List<MessageRecord> page = new ArrayList<>(Math.min(limit, 1024));
            for (MessageKey k : ofAccount.tailSet(start, false)) {
                if (k.createdAt().isBefore(q.from()) || page.size() >= limit) {
                    break;
                }
                MessageRecord m = messages.get(k.id());
                if (m != null && m.createdAt().isBefore(q.to())
                        && q.recipient().map(r -> r.equalsIgnoreCase(m.recipient())).orElse(true)
                        && q.state().map(s -> s == m.state()).orElse(true)
                        && q.taskId().map(t -> m.taskId().equals(Optional.of(t))).orElse(true)) {
                    page.add(m);
                }
            }
            return page;
        });
    }

    @Override
    public List<QueueCount> queueCounts(String account, Instant now) {
        return tx.read(() -> {
            record Pair(String sender, String recipient) {
            }
            Map<Pair, long[]> counts = new java.util.TreeMap<>(Comparator.comparing(Pair::sender)
                    .thenComparing(Pair::recipient));
            Map<Pair, Instant> next = new java.util.HashMap<>();
            for (Due d : due) {
                MessageRecord m = messages.get(d.id());
                if (m == null || !m.account().equals(account) || m.state().settled()) {
                    continue;
                }
                String recipient = m.recipient().substring(m.recipient().lastIndexOf('@') + 1)
                        .toLowerCase(java.util.Locale.ROOT);
                Pair key = new Pair(m.senderDomain(), recipient);
                long[] c = counts.computeIfAbsent(key, k -> new long[4]);
                switch (m.state()) {
                    case QUEUED -> {
                        c[0]++;
                        if (m.nextAttemptAt().isAfter(now)
                                && m.reply().map(r -> r.startsWith(QueueCount.QUOTA_HOLD)).orElse(false)) {
                            c[3]++;
                        }
                    }
                    case SENDING -> c[1]++;
                    case DEFERRED -> {
                        c[2]++;
                        next.merge(key, m.nextAttemptAt(), (a, b) -> a.isBefore(b) ? a : b);
                    }
                    default -> { }
                }
            }
            List<QueueCount> rows = new ArrayList<>(counts.size());
            counts.forEach((k, c) -> rows.add(new QueueCount(k.sender(), k.recipient(), c[0], c[1], c[2],
                    Optional.ofNullable(next.get(k)), c[3])));
            return rows;
        });
    }
}
