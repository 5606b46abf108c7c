package dev.ses.core;

import java.time.Instant;
import java.util.Objects;

/**
 * The public side of one DKIM key of a sender domain.
 *
 * @param selector the selector
 * @param algorithm {@code rsa-sha256} or {@code ed25519-sha256}
 * @param record the TXT record to publish for it
 * @param active whether it signs now
 * @param createdAt when it was generated
 */
public record DkimKeyInfo(String selector, String algorithm, DnsRecord record, boolean active, Instant createdAt) {
    /**
     * Checks the fields.
     *
     * @param selector the selector
     * @param algorithm {@code rsa-sha256} or {@code ed25519-sha256}
     * @param record the TXT record to publish for it
     * @param active whether it signs now
     * @param createdAt when it was generated
     */
    public DkimKeyInfo {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
