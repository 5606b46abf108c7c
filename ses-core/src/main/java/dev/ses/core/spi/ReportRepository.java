package dev.ses.core.spi;

import java.util.List;
import java.util.Optional;

/**
 * The messages received at return paths, kept with their bytes ({@link StoredReport}). Thread-safe; calls made inside
 * {@link Store#inTransaction} join it.
 */
public interface ReportRepository {
    /**
     * Stores a report unless one with the same {@code sha256} is stored already.
     *
     * @return the stored report with its id, or empty if the same bytes were stored before (nothing written)
     */
    Optional<StoredReport> add(StoredReport report);

    /** Writes what became of a stored report: its status, kind, detail, account and message id. */
    void resolve(StoredReport report);

    /** The stored report with these bytes' SHA-256 (hex), if any. */
    Optional<StoredReport> bySha256(String sha256);

    /** A stored report by id. */
    Optional<StoredReport> get(long id);

    /**
     * Stored reports in one status, oldest first.
     *
     * @param afterId only reports with a greater id (0 for the first page)
     * @param limit at most this many
     */
    List<StoredReport> list(StoredReport.Status status, long afterId, int limit);
}
