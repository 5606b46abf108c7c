package dev.ses.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A domain that mail is sent from, with the DNS records its owner must publish.
 *
 * @param id the store's identifier
 * @param account the owning account
 * @param name the domain name, lower case, IDN in its ASCII (punycode) form
 * @param status the verification status
 * @param dkimSelector the selector of the active DKIM key
 * @param records the records to publish
 * @param createdAt when the domain was created
 * @param verifiedAt when the domain was last verified, if ever
 * @param lastCheckedAt when its records were last checked, if ever
 */
public record SenderDomain(long id, String account, String name, DomainStatus status, String dkimSelector,
                           List<DnsRecord> records, Instant createdAt, Optional<Instant> verifiedAt,
                           Optional<Instant> lastCheckedAt) {
    /**
     * Checks and copies the fields.
     *
     * @param id the store's identifier
     * @param account the owning account
     * @param name the domain name, lower case, IDN in its ASCII (punycode) form
     * @param status the verification status
     * @param dkimSelector the selector of the active DKIM key
     * @param records the records to publish
     * @param createdAt when the domain was created
     * @param verifiedAt when the domain was last verified, if ever
     * @param lastCheckedAt when its records were last checked, if ever
     */
    public SenderDomain {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(dkimSelector, "dkimSelector");
        records = List.copyOf(records);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
        Objects.requireNonNull(lastCheckedAt, "lastCheckedAt");
    }

    /** {@return whether mail may be sent from this domain} */
    public boolean canSend() {
        return status == DomainStatus.VERIFIED;
    }

    /**
     * {@return a copy with another status and check times}
     *
     * @param newStatus the verification status
     * @param newVerifiedAt when the domain was last verified, if ever
     * @param checkedAt when its records were checked
     */
    public SenderDomain withStatus(DomainStatus newStatus, Optional<Instant> newVerifiedAt, Instant checkedAt) {
        return new SenderDomain(id, account, name, newStatus, dkimSelector, records, createdAt, newVerifiedAt,
                Optional.of(checkedAt));
    }

    /**
     * {@return a copy with another active DKIM selector and records to publish}
     *
     * @param selector the DKIM selector that signs from now on
     * @param newRecords the records to publish
     */
    public SenderDomain withDkim(String selector, List<DnsRecord> newRecords) {
        return new SenderDomain(id, account, name, status, selector, newRecords, createdAt, verifiedAt, lastCheckedAt);
    }
}
