package dev.ses.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message received at a return path, kept with its raw bytes whatever became of it, so that an unmatched, forged
 * or malformed report can be inspected later. Never deleted by ses.
 *
 * @param id the store's id (0 before insert)
 * @param receivedAt when ses took it
 * @param sha256 SHA-256 of its bytes in hex: the same report received twice is one row
 * @param raw the bytes as received
 * @param status what became of it
 * @param kind what kind of report the parser found, if it was parsed
 * @param detail why it is unmatched, forged or malformed, or what it was applied to
 * @param account the account of the message it matched, if any
 * @param messageId the message id (the send's) it matched, if any
 */
public record StoredReport(long id, Instant receivedAt, String sha256, byte[] raw, Status status,
                           Optional<InboundReport.Kind> kind, String detail, Optional<String> account,
                           Optional<String> messageId) {
    /** What became of a report. */
    public enum Status {
        /** Stored, not yet read: a crash between the two leaves it here. */
        RECEIVED,
        /** Matched to its message; what it says was recorded. */
        APPLIED,
        /**
         * Matched, but says nothing to record: a "delivered" or "relayed" DSN, or a bounce for a copy that bounced
         * before.
         */
        INFORMATIONAL,
        /** No message of this store matches it. */
        UNMATCHED,
        /** Its return-path token does not carry ses's signature: ignored. */
        FORGED,
        /** It cannot be read as a report. */
        MALFORMED
    }

    /**
     * Checks the fields.
     *
     * @param id the store's id (0 before insert)
     * @param receivedAt when ses took it
     * @param sha256 SHA-256 of its bytes in hex: the same report received twice is one row
     * @param raw the bytes as received
     * @param status what became of it
     * @param kind what kind of report the parser found, if it was parsed
     * @param detail why it is unmatched, forged or malformed, or what it was applied to
     * @param account the account of the message it matched, if any
     * @param messageId the message id (the send's) it matched, if any
     */
    public StoredReport {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(messageId, "messageId");
    }

    /**
     * {@return a copy with what became of it}
     *
     * @param newStatus what became of it
     * @param newKind what kind of report the parser found, if it was parsed
     * @param newDetail why it is unmatched, forged or malformed, or what it was applied to
     * @param newAccount the account of the message it matched, if any
     * @param newMessageId the message id (the send's) it matched, if any
     */
    public StoredReport resolved(Status newStatus, Optional<InboundReport.Kind> newKind, String newDetail,
                                 Optional<String> newAccount, Optional<String> newMessageId) {
        return new StoredReport(id, receivedAt, sha256, raw, newStatus, newKind, newDetail, newAccount, newMessageId);
    }
}
