package dev.ses.core.internal.memory;

import dev.ses.core.WarmupDecision;
import dev.ses.core.spi.WarmupRepository;
import dev.ses.core.spi.WarmupState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-memory warm-up states and decisions. */
public final class MemoryWarmups implements WarmupRepository {
    private final MemoryTx tx;
    private final Map<String, WarmupState> states = new ConcurrentHashMap<>();
    private final List<WarmupDecision> decisions = new CopyOnWriteArrayList<>();

    public MemoryWarmups(MemoryTx tx) {
        this.tx = tx;
    }

    private static String key(String account, String domain) {
        return account + '\n' + domain;
    }

    @Override
    public Optional<WarmupState> get(String account, String domain) {
        return tx.read(() -> Optional.ofNullable(states.get(key(account, domain))));
    }

    @Override
    public boolean save(WarmupState state, long expectedVersion) {
        return tx.write(() -> {
            WarmupState current = states.get(key(state.account(), state.domain()));
            long version = current == null ? -1 : current.version();
            if (version != expectedVersion || state.version() <= version) {
                return false;
            }
            tx.put(states, key(state.account(), state.domain()), state);
            return true;
        });
    }

    @Override
    public void addDecision(WarmupDecision decision) {
        tx.write(() -> {
            decisions.add(decision);
            tx.onRollback(() -> decisions.remove(decision));
        });
    }

    @Override
    public List<WarmupDecision> decisions(String account, String domain) {
        return tx.read(() -> decisions.stream()
                .filter(d -> d.account().equals(account) && d.domain().equals(domain)).toList());
    }
}
