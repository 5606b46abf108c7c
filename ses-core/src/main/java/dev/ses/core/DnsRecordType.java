package dev.ses.core;

/** The DNS record types ses asks a domain owner to publish or looks up. */
public enum DnsRecordType {
    TXT, MX, CNAME, A, AAAA
}
