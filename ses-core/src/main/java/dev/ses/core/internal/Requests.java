package dev.ses.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ses.core.spi.MailRequest;
import java.util.Optional;

/**
 * Send requests by id, cached: a request never changes once written, and every recipient's row of a chunk reads
 * the same one. Thread-safe.
 */
public final class Requests {
    private final Engine engine;
    private final Cache<String, MailRequest> cache = Caffeine.newBuilder().maximumSize(10_000).build();

    public Requests(Engine engine) {
        this.engine = engine;
    }

    /** The request with this id, if the store has it. */
    public Optional<MailRequest> get(String id) {
        MailRequest cached = cache.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<MailRequest> loaded = engine.store().requests().get(id);
        loaded.ifPresent(r -> cache.put(id, r));
        return loaded;
    }
}
