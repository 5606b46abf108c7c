package dev.ses.core.internal.memory;

import dev.ses.core.ErrorCode;
import dev.ses.core.SenderDomain;
import dev.ses.core.SesException;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.DomainRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** In-memory sender domains. */
public final class MemoryDomains implements DomainRepository {
    private final MemoryTx tx;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, SenderDomain> domains = new ConcurrentHashMap<>();
    private final Map<Long, List<DkimKey>> keys = new ConcurrentHashMap<>();

    public MemoryDomains(MemoryTx tx) {
        this.tx = tx;
    }

    @Override
    public SenderDomain insert(SenderDomain domain) {
        return tx.write(() -> {
            if (byName(domain.account(), domain.name()).isPresent()) {
                throw new SesException(ErrorCode.ALREADY_EXISTS, "domain: '" + domain.name()
                        + "' already exists in account " + domain.account());
            }
            SenderDomain stored = new SenderDomain(ids.incrementAndGet(), domain.account(), domain.name(),
                    domain.status(), domain.dkimSelector(), domain.records(), domain.createdAt(),
                    domain.verifiedAt(), domain.lastCheckedAt());
            tx.put(domains, stored.id(), stored);
            return stored;
        });
    }

    @Override
    public void update(SenderDomain domain) {
        tx.write(() -> {
            if (get(domain.account(), domain.id()).isPresent()) {
                tx.put(domains, domain.id(), domain);
            }
        });
    }

    @Override
    public Optional<SenderDomain> get(String account, long id) {
        return tx.read(() -> Optional.ofNullable(domains.get(id)).filter(d -> d.account().equals(account)));
    }

    @Override
    public Optional<SenderDomain> byName(String account, String name) {
        return tx.read(() -> domains.values().stream()
                .filter(d -> d.account().equals(account) && d.name().equals(name)).findFirst());
    }

    @Override
    public List<SenderDomain> withName(String name) {
        return tx.read(() -> domains.values().stream().filter(d -> d.name().equals(name))
                .sorted(Comparator.comparingLong(SenderDomain::id)).toList());
    }

    @Override
    public List<SenderDomain> list(String account) {
        return tx.read(() -> domains.values().stream().filter(d -> d.account().equals(account))
                .sorted(Comparator.comparingLong(SenderDomain::id)).toList());
    }

    @Override
    public List<SenderDomain> all() {
        return tx.read(() -> domains.values().stream().sorted(Comparator.comparingLong(SenderDomain::id)).toList());
    }

    @Override
    public boolean delete(String account, long id) {
        return tx.write(() -> {
            if (get(account, id).isEmpty()) {
                return false;
            }
            tx.remove(domains, id);
            tx.remove(keys, id);
            return true;
        });
    }

    @Override
    public void saveKey(DkimKey key) {
        tx.write(() -> {
            List<DkimKey> current = new ArrayList<>(keys.getOrDefault(key.domainId(), List.of()));
            current.removeIf(k -> k.selector().equals(key.selector()));
            current.add(key);
            current.sort(Comparator.comparing(DkimKey::createdAt));
            tx.put(keys, key.domainId(), List.copyOf(current));
        });
    }

    @Override
    public List<DkimKey> keys(long domainId) {
        return tx.read(() -> keys.getOrDefault(domainId, List.of()));
    }
}
