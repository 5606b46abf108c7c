package dev.ses.core.internal.memory;

import dev.ses.core.spi.ReportRepository;
import dev.ses.core.spi.StoredReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** The in-memory reports received at return paths, by id, with an index of their hashes. */
public final class MemoryReports implements ReportRepository {
    private final MemoryTx tx;
    private final NavigableMap<Long, StoredReport> byId = new TreeMap<>();
    private final Map<String, Long> bySha = new HashMap<>();
    private long nextId = 1;

    public MemoryReports(MemoryTx tx) {
        this.tx = tx;
    }

    @Override
    public Optional<StoredReport> add(StoredReport report) {
        return tx.write(() -> {
            if (bySha.containsKey(report.sha256())) {
                return Optional.<StoredReport>empty();
            }
            StoredReport stored = new StoredReport(nextId++, report.receivedAt(), report.sha256(),
                    report.raw().clone(), report.status(), report.kind(), report.detail(), report.account(),
                    report.messageId());
            tx.put(byId, stored.id(), stored);
            tx.put(bySha, stored.sha256(), stored.id());
            return Optional.of(stored);
        });
    }

    @Override
    public void resolve(StoredReport report) {
        tx.write(() -> {
            StoredReport current = byId.get(report.id());
            if (current != null) {
                tx.put(byId, report.id(), current.resolved(report.status(), report.kind(), report.detail(),
                        report.account(), report.messageId()));
            }
        });
    }

    @Override
    public Optional<StoredReport> bySha256(String sha256) {
        return tx.read(() -> Optional.ofNullable(bySha.get(sha256)).map(byId::get));
    }

    @Override
    public Optional<StoredReport> get(long id) {
        return tx.read(() -> Optional.ofNullable(byId.get(id)));
    }

    @Override
    public List<StoredReport> list(StoredReport.Status status, long afterId, int limit) {
        return tx.read(() -> byId.tailMap(afterId, false).values().stream().filter(r -> r.status() == status)
                .limit(limit).toList());
    }
}
