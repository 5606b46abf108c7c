package dev.ses.core;

import java.util.Objects;

/**
 * A DNS record a domain owner must publish.
 *
 * @param purpose what the record is for
 * @param name the fully qualified owner name, without a trailing dot (e.g. {@code s1._domainkey.mail.acme.com})
 * @param type the record type
 * @param value the exact value to publish (for MX, the host; see {@link #priority()})
 * @param priority the MX preference, 0 for other types
 */
public record DnsRecord(Purpose purpose, String name, DnsRecordType type, String value, int priority) {
    /** What a published record is for. */
    public enum Purpose {
        /** The SPF TXT record that authorises ses's sending path. */
        SPF,
        /** The DKIM TXT record with the public key of a selector. */
        DKIM,
        /** The DMARC TXT record at {@code _dmarc.<domain>}. */
        DMARC,
        /** The MX record of the return path, where bounces and complaints come back. */
        MX
    }

    /**
     * Checks the fields.
     *
     * @param purpose what the record is for
     * @param name the fully qualified owner name, without a trailing dot (e.g. {@code s1._domainkey.mail.acme.com})
     * @param type the record type
     * @param value the exact value to publish (for MX, the host; see {@link #priority()})
     * @param priority the MX preference, 0 for other types
     */
    public DnsRecord {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }
}
