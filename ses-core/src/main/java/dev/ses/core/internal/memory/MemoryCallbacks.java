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

/** The in-memory callback addresses and deliveries, under the store's lock. */
public final class MemoryCallbacks implements CallbackRepository {
    private final MemoryTx tx;
    private final Map<Long, CallbackAddress> addresses = new HashMap<>();
    private final TreeMap<Long, CallbackDeliveryRecord> deliveries = new TreeMap<>();
    private final Map<String, Long> byEvent = new HashMap<>();
    private final Map<Long, List<CallbackAttempt>> attempts = new HashMap<>();
    private long nextAddress;
    private long nextDelivery;

    public MemoryCallbacks(MemoryTx tx) {
        this.tx = tx;
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
        tx.put(deliveries, id, stored);
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
                    tx.put(deliveries, id, copy(old, id, CallbackDeliveryState.PENDING, 0, d.nextAttemptAt(),
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
        return tx.read(() -> deliveries.values().stream().filter(d -> due(d, now))
                .map(CallbackDeliveryRecord::addressId).distinct().limit(limit).toList());
    }

    @Override
    public List<CallbackDeliveryRecord> claim(long addressId, String node, int max, Instant now, Duration lease) {
        return tx.write(() -> {
            List<CallbackDeliveryRecord> claimed = new ArrayList<>();
            for (CallbackDeliveryRecord d : deliveries.values()) {
                if (claimed.size() >= max) {
                    break;
                }
                if (d.addressId() == addressId && due(d, now)) {
                    claimed.add(copy(d, d.id(), d.state(), d.attempts(), d.nextAttemptAt(), Optional.of(node),
                            Optional.of(now.plus(lease))));
                }
            }
            claimed.sort(Comparator.comparing(CallbackDeliveryRecord::nextAttemptAt)
                    .thenComparingLong(CallbackDeliveryRecord::id));
            claimed.forEach(d -> tx.put(deliveries, d.id(), d));
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
            tx.put(deliveries, deliveryId, copy(d, deliveryId, state, d.attempts() + 1, nextAttemptAt,
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
                    tx.put(deliveries, d.id(), copy(d, d.id(), CallbackDeliveryState.PENDING, 0, now,
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
