package dev.ses.core.internal.memory;

import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.RequestRepository;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory send requests. */
public final class MemoryRequests implements RequestRepository {
    private final MemoryTx tx;
    private final Map<String, MailRequest> requests = new ConcurrentHashMap<>();
    private final Map<String, String> byKey = new ConcurrentHashMap<>();

    public MemoryRequests(MemoryTx tx) {
        this.tx = tx;
    }

    @Override
    public MailRequest insertIfAbsent(MailRequest request) {
        return tx.write(() -> {
            if (request.idempotencyKey().isPresent()) {
                String key = request.account() + '\n' + request.idempotencyKey().get();
                String existing = byKey.get(key);
                if (existing != null) {
                    return requests.get(existing);
                }
                tx.put(byKey, key, request.id());
            }
            tx.put(requests, request.id(), request);
            return request;
        });
    }

    @Override
    public Optional<MailRequest> get(String id) {
        return tx.read(() -> Optional.ofNullable(requests.get(id)));
    }
}
