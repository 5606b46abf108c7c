package dev.ses.core.internal.memory;

import dev.ses.core.CallbackAddress;
import dev.ses.core.CallbackAttempt;
import dev.ses.core.CallbackDeliveryState;
import dev.ses.core.ErrorCode;
import dev.ses.core.SesException;
import dev.ses.core.spi.CallbackDeliveryRecord;
import dev.ses.core.spi.CallbackRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The in-memory callback addresses and deliveries, under the store's lock. Pending deliveries are indexed per address
 * by due time (and leased ones by lease end), so that a claim costs what it takes, not a scan of every delivery.
 */
public final class MemoryCallbacks implements CallbackRepository {
    private record Slot(Instant at, long id) implements Comparable<Slot> {
        @Override
        public int compareTo(Slot o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    private final MemoryTx tx;
    private final Map<Long, TreeSet<Slot>> ready = new HashMap<>();
    private final TreeSet<Slot> leased = new TreeSet<>();
    private final Map<Long, CallbackAddress> addresses = new HashMap<>();
    private final TreeMap<Long, CallbackDeliveryRecord> deliveries = new TreeMap<>();
    private final Map<String, Long> byEvent = new HashMap<>();
    private final Map<Long, List<CallbackAttempt>> attempts = new HashMap<>();
    private long nextAddress;
    private long nextDelivery;

    public MemoryCallbacks(MemoryTx tx) {
        this.tx = tx;
    }

    /** Writes a delivery and keeps the indexes in step, also on rollback. Under the write lock. */
    private void put(CallbackDeliveryRecord d) {
        CallbackDeliveryRecord old = deliveries.get(d.id());
        unindex(old);
        index(d);
        tx.put(deliveries, d.id(), d);
        tx.onRollback(() -> {
            unindex(d);
            index(old);
        });
    }

    private void index(CallbackDeliveryRecord d) {
        if (d == null || d.state() != CallbackDeliveryState.PENDING) {
            return;
        }
        if (d.leaseUntil().isPresent()) {
            leased.add(new Slot(d.leaseUntil().get(), d.id()));
        } else {
            ready.computeIfAbsent(d.addressId(), k -> new TreeSet<>()).add(new Slot(d.nextAttemptAt(), d.id()));
        }
    }

    private void unindex(CallbackDeliveryRecord d) {
        if (d == null) {
            return;
        }
        d.leaseUntil().ifPresent(until -> leased.remove(new Slot(until, d.id())));
        TreeSet<Slot> slots = ready.get(d.addressId());
        if (slots != null) {
            slots.remove(new Slot(d.nextAttemptAt(), d.id()));
            if (slots.isEmpty()) {
                ready.remove(d.addressId());
            }
        }
    }

    private static String eventKey(long addressId, long seq) {
        return addressId + ":" + seq;
    }

    @Override
    public CallbackAddress saveAddress(CallbackAddress address) {
        return tx.write(() -> {
            for (CallbackAddress other : addresses.values()) {
                if (other.id() != address.id() && other.account().equals(address.account())
                        && other.senderAddress().equals(address.senderAddress())) {
                    throw new SesException(ErrorCode.ALREADY_EXISTS, "callback address: '"
                            + address.senderAddress().orElse("(account)") + "' already exists in account "
                            + address.account());
                }
            }
            CallbackAddress stored = address;
            if (address.id() == 0) {
                long previous = nextAddress;
                stored = address.withId(++nextAddress);
                tx.onRollback(() -> nextAddress = previous);
            }
            tx.put(addresses, stored.id(), stored);
            return stored;
        });
    }

    @Override
    public Optional<CallbackAddress> address(String account, long id) {
        return address(id).filter(a -> a.account().equals(account));
    }

    @Override
    public Optional<CallbackAddress> address(long id) {
        return tx.read(() -> Optional.ofNullable(addresses.get(id)));
    }

    @Override
    public Optional<CallbackAddress> addressFor(String account, Optional<String> senderAddress) {
        return tx.read(() -> addresses.values().stream().filter(a -> a.account().equals(account)
                && a.senderAddress().equals(senderAddress)).findFirst());
    }

    @Override
    public List<CallbackAddress> addresses(String account) {
        return tx.read(() -> addresses.values().stream().filter(a -> a.account().equals(account))
                .sorted(Comparator.comparing((CallbackAddress a) -> a.senderAddress().orElse(""))).toList());
    }

    @Override
    public List<CallbackAddress> failing() {
        return tx.read(() -> addresses.values().stream().filter(CallbackAddress::failing)
                .sorted(Comparator.comparingLong(CallbackAddress::id)).toList());
    }

    @Override
    public boolean deleteAddress(String account, long id) {
        return tx.write(() -> {
            CallbackAddress a = addresses.get(id);
            if (a == null || !a.account().equals(account)) {
                return false;
            }
            tx.remove(addresses, id);
            for (CallbackDeliveryRecord d : List.copyOf(deliveries.values())) {
                if (d.addressId() == id) {
                    removeDelivery(d);
                }
            }
            return true;
        });
    }

    private void removeDelivery(CallbackDeliveryRecord d) {
        unindex(d);
        tx.onRollback(() -> index(d));
        tx.remove(deliveries, d.id());
        tx.remove(byEvent, eventKey(d.addressId(), d.eventSeq()));
        tx.remove(attempts, d.id());
    }

    @Override
    public int enqueue(List<CallbackDeliveryRecord> rows) {
        return tx.write(() -> {
            int n = 0;
            for (CallbackDeliveryRecord d : rows) {
                if (!byEvent.containsKey(eventKey(d.addressId(), d.eventSeq())) && addresses.containsKey(d.addressId())) {
                    insert(d);
                    n++;
                }
            }
            return n;
        });
    }

    private void insert(CallbackDeliveryRecord d) {
        long previous = nextDelivery;
        long id = ++nextDelivery;
        tx.onRollback(() -> nextDelivery = previous);
        CallbackDeliveryRecord stored = copy(d, id, d.state(), d.attempts(), d.nextAttemptAt(), Optional.empty(),
                Optional.empty());
        put(stored);
        tx.put(byEvent, eventKey(d.addressId(), d.eventSeq()), id);
    }

    private static CallbackDeliveryRecord copy(CallbackDeliveryRecord d, long id, CallbackDeliveryState state,
                                               int attempts, Instant next, Optional<String> owner,
                                               Optional<Instant> until) {
        return new CallbackDeliveryRecord(id, d.addressId(), d.account(), d.eventSeq(), d.webhookId(), d.event(),
                d.eventAt(), d.body(), state, attempts, next, owner, until);
    }

    @Override
    public int enqueueAgain(List<CallbackDeliveryRecord> rows) {
        return tx.write(() -> {
            int n = 0;
            for (CallbackDeliveryRecord d : rows) {
                if (!addresses.containsKey(d.addressId())) {
                    continue;
                }
                Long id = byEvent.get(eventKey(d.addressId(), d.eventSeq()));
                if (id == null) {
                    insert(d);
                } else {
                    CallbackDeliveryRecord old = deliveries.get(id);
                    put(copy(old, id, CallbackDeliveryState.PENDING, 0, d.nextAttemptAt(),
                            old.leaseOwner(), old.leaseUntil()));
                }
                n++;
            }
            return n;
        });
    }

    private static boolean due(CallbackDeliveryRecord d, Instant now) {
        return d.state() == CallbackDeliveryState.PENDING && !d.nextAttemptAt().isAfter(now)
                && (d.leaseUntil().isEmpty() || d.leaseUntil().get().isBefore(now));
    }

    @Override
    public List<Long> dueAddresses(Instant now, int limit) {
        return tx.read(() -> {
            java.util.LinkedHashSet<Long> found = new java.util.LinkedHashSet<>();
            for (Map.Entry<Long, TreeSet<Slot>> e : ready.entrySet()) {
                if (found.size() >= limit) {
                    break;
                }
                if (!e.getValue().first().at().isAfter(now)) {
                    found.add(e.getKey());
                }
            }
            for (Slot s : leased) {
                if (found.size() >= limit || !s.at().isBefore(now)) {
                    break;
                }
                CallbackDeliveryRecord d = deliveries.get(s.id());
                if (due(d, now)) {
                    found.add(d.addressId());
                }
            }
            return List.copyOf(found);
        });
    }

    @Override
    public List<CallbackDeliveryRecord> claim(long addressId, String node, int max, Instant now, Duration lease) {
        return tx.write(() -> {
            List<CallbackDeliveryRecord> candidates = new ArrayList<>();
            for (Slot s : leased) {
                if (!s.at().isBefore(now)) {
                    break;
                }
                CallbackDeliveryRecord d = deliveries.get(s.id());
                if (d.addressId() == addressId && due(d, now)) {
                    candidates.add(d);
                }
            }
            for (Slot s : ready.getOrDefault(addressId, new TreeSet<>())) {
                if (s.at().isAfter(now) || candidates.size() >= 2 * max) {
                    break;
                }
                candidates.add(deliveries.get(s.id()));
            }
            candidates.sort(Comparator.comparing(CallbackDeliveryRecord::nextAttemptAt)
                    .thenComparingLong(CallbackDeliveryRecord::id));
            List<CallbackDeliveryRecord> claimed = new ArrayList<>();
            for (CallbackDeliveryRecord d : candidates.subList(0, Math.min(max, candidates.size()))) {
                claimed.add(copy(d, d.id(), d.state(), d.attempts(), d.nextAttemptAt(), Optional.of(node),
                        Optional.of(now.plus(lease))));
            }
            claimed.forEach(this::put);
            return claimed;
        });
    }

    @Override
    public boolean finish(long deliveryId, String node, CallbackAttempt attempt, CallbackDeliveryState state,
                          Instant nextAttemptAt) {
        return tx.write(() -> {
            CallbackDeliveryRecord d = deliveries.get(deliveryId);
            if (d == null || !d.leaseOwner().equals(Optional.of(node))) {
                return false;
            }
            put(copy(d, deliveryId, state, d.attempts() + 1, nextAttemptAt,
                    Optional.empty(), Optional.empty()));
            List<CallbackAttempt> list = new ArrayList<>(attempts.getOrDefault(deliveryId, List.of()));
            list.add(attempt);
            tx.put(attempts, deliveryId, List.copyOf(list));
            return true;
        });
    }

    @Override
    public Optional<CallbackDeliveryRecord> delivery(String account, long id) {
        return tx.read(() -> Optional.ofNullable(deliveries.get(id)).filter(d -> d.account().equals(account)));
    }

    @Override
    public List<CallbackDeliveryRecord> deliveries(long addressId, CallbackDeliveryState state, long afterId,
                                                   int limit) {
        return tx.read(() -> deliveries.tailMap(afterId, false).values().stream()
                .filter(d -> d.addressId() == addressId && d.state() == state).limit(limit).toList());
    }

    @Override
    public Map<Long, List<CallbackAttempt>> attempts(Collection<Long> deliveryIds) {
        return tx.read(() -> {
            Map<Long, List<CallbackAttempt>> found = new HashMap<>();
            for (Long id : deliveryIds) {
                List<CallbackAttempt> list = attempts.get(id);
                if (list != null) {
                    found.put(id, list);
                }
            }
            return found;
        });
    }

    @Override
    public int requeueDead(long addressId, Optional<Long> deliveryId, Instant now) {
        return tx.write(() -> {
            int n = 0;
            for (CallbackDeliveryRecord d : List.copyOf(deliveries.values())) {
                if (d.addressId() == addressId && d.state() == CallbackDeliveryState.DEAD
                        && (deliveryId.isEmpty() || deliveryId.get() == d.id())) {
                    put(copy(d, d.id(), CallbackDeliveryState.PENDING, 0, now,
                            Optional.empty(), Optional.empty()));
                    n++;
                }
            }
            return n;
        });
    }

    @Override
    public int pruneBefore(Instant before, int limit) {
        return tx.write(() -> {
            List<CallbackDeliveryRecord> old = deliveries.values().stream()
                    .filter(d -> d.eventAt().isBefore(before)).limit(limit).toList();
            old.forEach(this::removeDelivery);
            return old.size();
        });
    }
}
