package dev.ses.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An address that mail is not sent to.
 *
 * @param account the owning account
 * @param address the blocked address, domain part in lower case
 * @param source why it is there
 * @param reason the server's reply that put it there, or the user's note
 * @param addedAt when it was added
 * @param expiresAt when it leaves the list by itself; empty means never
 */
public record BlocklistEntry(String account, String address, Source source, String reason, Instant addedAt,
                             Optional<Instant> expiresAt) {
    /** How an address came onto a blocklist. */
    public enum Source {
        /** A hard bounce put it there, for a limited time. */
        BOUNCE,
        /** The account's owner put it there. */
        CUSTOM
    }

    /**
     * Checks the fields.
     *
     * @param account the owning account
     * @param address the blocked address, domain part in lower case
     * @param source why it is there
     * @param reason the server's reply that put it there, or the user's note
     * @param addedAt when it was added
     * @param expiresAt when it leaves the list by itself; empty means never
     */
    public BlocklistEntry {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(addedAt, "addedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * {@return whether the entry still blocks at the given instant}
     *
     * @param now the instant to judge at
     */
    public boolean activeAt(Instant now) {
        return expiresAt.map(now::isBefore).orElse(true);
    }
}
