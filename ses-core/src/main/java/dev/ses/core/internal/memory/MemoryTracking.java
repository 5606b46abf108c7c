package dev.ses.core.internal.memory;

import dev.ses.core.TrackingSetup;
import dev.ses.core.spi.TrackingKey;
import dev.ses.core.spi.TrackingRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The in-memory tracking keys and setups. */
public final class MemoryTracking implements TrackingRepository {
    private record SetupKey(String account, String senderDomain) {
    }

    private final MemoryTx tx;
    private final Map<String, TrackingKey> keys = new LinkedHashMap<>();
    private final Map<SetupKey, TrackingSetup> setups = new HashMap<>();
    private final Map<String, List<String>> linkSets = new HashMap<>();

    public MemoryTracking(MemoryTx tx) {
        this.tx = tx;
    }

    @Override
    public List<TrackingKey> keys() {
        return tx.read(() -> {
            List<TrackingKey> all = new ArrayList<>(keys.values());
            all.sort(java.util.Comparator.comparing(TrackingKey::createdAt).thenComparing(TrackingKey::id));
            return List.copyOf(all);
        });
    }

    @Override
    public TrackingKey addKey(TrackingKey key) {
        return tx.write(() -> {
            TrackingKey stored = keys.get(key.id());
            if (stored != null) {
                return stored;
            }
            tx.put(keys, key.id(), key);
            return key;
        });
    }

    @Override
    public Optional<TrackingSetup> setup(String account, String senderDomain) {
        return tx.read(() -> Optional.ofNullable(setups.get(new SetupKey(account, senderDomain))));
    }

    @Override
    public void setSetup(String account, String senderDomain, TrackingSetup setup) {
        tx.write(() -> tx.put(setups, new SetupKey(account, senderDomain), setup));
    }

    @Override
    public void addLinkSets(Map<String, List<String>> sets) {
        tx.write(() -> sets.forEach((id, links) -> {
            if (!linkSets.containsKey(id)) {
                tx.put(linkSets, id, List.copyOf(links));
            }
        }));
    }

    @Override
    public Optional<List<String>> linkSet(String id) {
        return tx.read(() -> Optional.ofNullable(linkSets.get(id)));
    }
}
