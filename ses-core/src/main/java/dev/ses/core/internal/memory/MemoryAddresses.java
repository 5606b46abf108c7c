package dev.ses.core.internal.memory;

import dev.ses.core.ErrorCode;
import dev.ses.core.SenderAddress;
import dev.ses.core.SesException;
import dev.ses.core.spi.AddressRepository;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** In-memory sender addresses. */
public final class MemoryAddresses implements AddressRepository {
    private final MemoryTx tx;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, SenderAddress> addresses = new ConcurrentHashMap<>();

    public MemoryAddresses(MemoryTx tx) {
        this.tx = tx;
    }

    @Override
    public SenderAddress insert(SenderAddress address) {
        return tx.write(() -> {
            if (byEmail(address.account(), address.email()).isPresent()) {
                throw new SesException(ErrorCode.ALREADY_EXISTS, "address: '" + address.email()
                        + "' already exists in account " + address.account());
            }
            SenderAddress stored = new SenderAddress(ids.incrementAndGet(), address.account(), address.domainId(),
                    address.domain(), address.localPart(), address.displayName(), address.createdAt());
            tx.put(addresses, stored.id(), stored);
            return stored;
        });
    }

    @Override
    public Optional<SenderAddress> get(String account, long id) {
        return tx.read(() -> Optional.ofNullable(addresses.get(id)).filter(a -> a.account().equals(account)));
    }

    @Override
    public Optional<SenderAddress> byEmail(String account, String email) {
        return tx.read(() -> addresses.values().stream()
                .filter(a -> a.account().equals(account) && a.email().equals(email)).findFirst());
    }

    @Override
    public List<SenderAddress> list(String account) {
        return tx.read(() -> addresses.values().stream().filter(a -> a.account().equals(account))
                .sorted(Comparator.comparingLong(SenderAddress::id)).toList());
    }

    @Override
    public int countByDomain(long domainId) {
        return tx.read(() -> (int) addresses.values().stream().filter(a -> a.domainId() == domainId).count());
    }

    @Override
    public boolean delete(String account, long id) {
        return tx.write(() -> get(account, id).isPresent() && tx.remove(addresses, id) != null);
    }
}
