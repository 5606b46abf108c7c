package dev.ses.core;

import dev.ses.core.spi.InboundReport;
import dev.ses.core.spi.StoredReport;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Ses#ingest(java.io.InputStream)} did with one message received at a return path. The message is kept
 * in the store with its bytes whatever the status, except a {@link StoredReport.Status#RECEIVED duplicate} of one
 * kept before.
 *
 * @param reportId the stored report's id (for a duplicate, 0)
 * @param duplicate whether the same bytes were received before (then nothing was recorded again)
 * @param status what became of it
 * @param kind what kind of report it was, once parsed
 * @param detail why it is unmatched, forged or malformed, or what it was applied to
 * @param recorded how many recipients' copies it changed
 */
public record IngestResult(long reportId, boolean duplicate, StoredReport.Status status,
                           Optional<InboundReport.Kind> kind, String detail, int recorded) {
    /**
     * Checks the fields.
     *
     * @param reportId the stored report's id (for a duplicate, 0)
     * @param duplicate whether the same bytes were received before (then nothing was recorded again)
     * @param status what became of it
     * @param kind what kind of report it was, once parsed
     * @param detail why it is unmatched, forged or malformed, or what it was applied to
     * @param recorded how many recipients' copies it changed
     */
    public IngestResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
