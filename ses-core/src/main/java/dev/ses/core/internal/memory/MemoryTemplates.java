package dev.ses.core.internal.memory;

import dev.ses.core.ErrorCode;
import dev.ses.core.SesException;
import dev.ses.core.Template;
import dev.ses.core.spi.TemplateRepository;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** In-memory templates. */
public final class MemoryTemplates implements TemplateRepository {
    private final MemoryTx tx;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Template> templates = new ConcurrentHashMap<>();

    public MemoryTemplates(MemoryTx tx) {
        this.tx = tx;
    }

    @Override
    public Template insert(Template t) {
        return tx.write(() -> {
            if (byName(t.account(), t.name()).isPresent()) {
                throw new SesException(ErrorCode.ALREADY_EXISTS, "template: '" + t.name()
                        + "' already exists in account " + t.account());
            }
            Template stored = new Template(ids.incrementAndGet(), t.account(), t.name(), t.type(), t.body(),
                    t.summary(), t.variables(), t.createdAt(), t.updatedAt());
            tx.put(templates, stored.id(), stored);
            return stored;
        });
    }

    @Override
    public void update(Template t) {
        tx.write(() -> {
            if (get(t.account(), t.id()).isPresent()) {
                tx.put(templates, t.id(), t);
            }
        });
    }

    @Override
    public Optional<Template> get(String account, long id) {
        return tx.read(() -> Optional.ofNullable(templates.get(id)).filter(t -> t.account().equals(account)));
    }

    @Override
    public Optional<Template> byName(String account, String name) {
        return tx.read(() -> templates.values().stream()
                .filter(t -> t.account().equals(account) && t.name().equals(name)).findFirst());
    }

    @Override
    public List<Template> list(String account) {
        return tx.read(() -> templates.values().stream().filter(t -> t.account().equals(account))
                .sorted(Comparator.comparingLong(Template::id)).toList());
    }

    @Override
    public boolean delete(String account, long id) {
        return tx.write(() -> get(account, id).isPresent() && tx.remove(templates, id) != null);
    }
}
