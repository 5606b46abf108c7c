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
     * @param report the report to store, with id 0
     * @return the stored report with its id, or empty if the same bytes were stored before (nothing written)
     */
    Optional<StoredReport> add(StoredReport report);

    /**
     * Writes what became of a stored report: its status, kind, detail, account and message id.
     *
     * @param report the stored report, with its id and what became of it
     */
    void resolve(StoredReport report);

    /**
     * {@return the stored report with these bytes' SHA-256 (hex), if any}
     *
     * @param sha256 the hex SHA-256 of the report's bytes
     */
    Optional<StoredReport> bySha256(String sha256);

    /**
     * {@return a stored report by id}
     *
     * @param id the report's id
     */
    Optional<StoredReport> get(long id);

    /**
     * {@return stored reports in one status, oldest first}
     *
     * @param status the status the reports must be in
     * @param afterId only reports with a greater id (0 for the first page)
     * @param limit at most this many
     */
    List<StoredReport> list(StoredReport.Status status, long afterId, int limit);
}
