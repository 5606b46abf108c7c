package dev.ses.core;

/** The DNS record types ses asks a domain owner to publish or looks up. */
public enum DnsRecordType {
    /** Text: SPF, DKIM and DMARC records. */
    TXT,
    /** Mail exchanger: where mail to a domain goes. */
    MX,
    /** Canonical name: an alias of another name. */
    CNAME,
    /** An IPv4 address. */
    A,
    /** An IPv6 address. */
    AAAA
}
