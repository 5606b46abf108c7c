package dev.ses.core;

import java.time.Instant;
import java.util.Objects;

/**
 * An address mail is sent from: a local part on a sender domain, with a display name.
 *
 * @param id the store's identifier
 * @param account the owning account
 * @param domainId the sender domain's identifier
 * @param domain the sender domain's name
 * @param localPart the part before {@code @}
 * @param displayName the name shown to recipients, may be empty
 * @param createdAt when the address was created
 */
public record SenderAddress(long id, String account, long domainId, String domain, String localPart,
                            String displayName, Instant createdAt) {
    /**
     * Checks the fields.
     *
     * @param id the store's identifier
     * @param account the owning account
     * @param domainId the sender domain's identifier
     * @param domain the sender domain's name
     * @param localPart the part before {@code @}
     * @param displayName the name shown to recipients, may be empty
     * @param createdAt when the address was created
     */
    public SenderAddress {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** {@return the mailbox, {@code local@domain}} */
    public String email() {
        return localPart + "@" + domain;
    }

    /**
     * {@return how recipients see the sender: {@code Acme <noreply@mail.acme.com>}, or the bare address without a name}
     * A name holding specials is quoted as RFC 5322 requires.
     */
    public String preview() {
        if (displayName.isEmpty()) {
            return email();
        }
        return quoteIfNeeded(displayName) + " <" + email() + ">";
    }

    private static String quoteIfNeeded(String name) {
        boolean plain = name.chars().allMatch(c -> c >= 0x80 || Character.isLetterOrDigit(c) || c == ' '
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0);
        if (plain) {
            return name;
        }
        return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
