package dev.ses.core.internal.memory;

import dev.ses.core.BlocklistEntry;
import dev.ses.core.Unsubscription;
import dev.ses.core.spi.BlocklistRepository;
import dev.ses.core.spi.UnsubscriptionFilter;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory blocklists and unsubscriptions. Addresses compare case-insensitively. */
public final class MemoryBlocklist implements BlocklistRepository {
    private record Key(String account, String address, BlocklistEntry.Source source) {
    }

    private final MemoryTx tx;
    private final Map<Key, BlocklistEntry> entries = new ConcurrentHashMap<>();
    private final Map<String, Instant> unsubscribes = new ConcurrentHashMap<>();

    public MemoryBlocklist(MemoryTx tx) {
        this.tx = tx;
    }

    private static String norm(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    @Override
    public void put(BlocklistEntry entry) {
        tx.write(() -> tx.put(entries, new Key(entry.account(), norm(entry.address()), entry.source()), entry));
    }

    @Override
    public List<BlocklistEntry> find(String account, String address) {
        String a = norm(address);
        return tx.read(() -> entries.entrySet().stream().filter(e -> e.getKey().account().equals(account)
                && e.getKey().address().equals(a)).map(Map.Entry::getValue).toList());
    }

    @Override
    public List<BlocklistEntry> list(String account, Optional<String> addressContains, Optional<Instant> addedFrom,
                                     Optional<Instant> addedTo, Optional<BlocklistEntry.Source> source) {
        Optional<String> needle = addressContains.map(MemoryBlocklist::norm);
        return tx.read(() -> entries.values().stream()
                .filter(e -> e.account().equals(account))
                .filter(e -> needle.map(n -> norm(e.address()).contains(n)).orElse(true))
                .filter(e -> addedFrom.map(f -> !e.addedAt().isBefore(f)).orElse(true))
                .filter(e -> addedTo.map(t -> e.addedAt().isBefore(t)).orElse(true))
                .filter(e -> source.map(s -> s == e.source()).orElse(true))
                .sorted(Comparator.comparing(BlocklistEntry::addedAt).reversed()
                        .thenComparing(BlocklistEntry::address))
                .toList());
    }

    @Override
    public int remove(String account, Collection<String> addresses, Optional<BlocklistEntry.Source> source) {
        return tx.write(() -> {
            int removed = 0;
            for (String address : addresses) {
                for (BlocklistEntry.Source s : BlocklistEntry.Source.values()) {
                    if (source.map(x -> x == s).orElse(true)
                            && tx.remove(entries, new Key(account, norm(address), s)) != null) {
                        removed++;
                    }
                }
            }
            return removed;
        });
    }

    @Override
    public Set<String> blocked(String account, Collection<String> addresses, Instant now) {
        return tx.read(() -> {
            Set<String> found = new HashSet<>();
            if (entries.isEmpty()) {
                return found;
            }
            for (String address : addresses) {
                for (BlocklistEntry.Source s : BlocklistEntry.Source.values()) {
                    BlocklistEntry e = entries.get(new Key(account, norm(address), s));
                    if (e != null && e.activeAt(now)) {
                        found.add(address);
                    }
                }
            }
            return found;
        });
    }

    @Override
    public void unsubscribe(String account, String senderDomain, String address, Instant at) {
        tx.write(() -> tx.put(unsubscribes, account + '\n' + senderDomain + '\n' + norm(address), at));
    }

    @Override
    public Set<String> unsubscribed(String account, String senderDomain, Collection<String> addresses) {
        return tx.read(() -> {
            Set<String> found = new HashSet<>();
            if (unsubscribes.isEmpty()) {
                return found;
            }
            for (String address : addresses) {
                if (unsubscribes.containsKey(account + '\n' + senderDomain + '\n' + norm(address))) {
                    found.add(address);
                }
            }
            return found;
        });
    }

    @Override
    public List<Unsubscription> unsubscriptions(UnsubscriptionFilter f, Optional<Unsubscription> after, int limit) {
        String prefix = f.account() + '\n';
        Comparator<Unsubscription> order = Comparator.comparing(Unsubscription::senderDomain)
                .thenComparing(Unsubscription::address);
        return tx.read(() -> unsubscribes.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .map(e -> {
                    String rest = e.getKey().substring(prefix.length());
                    int cut = rest.indexOf('\n');
                    return new Unsubscription(rest.substring(0, cut), rest.substring(cut + 1), e.getValue());
                })
                .filter(u -> !u.at().isBefore(f.from()) && u.at().isBefore(f.to()))
                .filter(u -> f.senderDomain().map(u.senderDomain()::equals).orElse(true))
                .filter(u -> f.recipientDomain().map(u.recipientDomain()::equals).orElse(true))
                .filter(u -> after.map(a -> order.compare(u, a) > 0).orElse(true))
                .sorted(order)
                .limit(limit)
                .toList());
    }

    @Override
    public boolean withdrawUnsubscription(String account, String senderDomain, String address) {
        return tx.write(() -> tx.remove(unsubscribes, account + '\n' + senderDomain + '\n' + norm(address)) != null);
    }
}
