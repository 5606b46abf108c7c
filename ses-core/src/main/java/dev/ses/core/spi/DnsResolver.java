package dev.ses.core.spi;

import java.net.InetAddress;

/**
 * Looks up DNS records for domain verification and direct delivery.
 *
 * <p>Contract: thread-safe; each method blocks until an answer or a timeout and never throws for a DNS failure:
 * it returns a {@link DnsAnswer} whose status tells NXDOMAIN, no data, server failure and timeout apart.
 * Names are given without trailing dot, in ASCII (punycode) form; case does not matter.
 */
public interface DnsResolver {
    /**
     * {@return the TXT records at a name, each as its strings}
     *
     * @param name the fully qualified name to look up
     */
    DnsAnswer<TxtRecord> txt(String name);

    /**
     * {@return the MX records at a name}
     *
     * @param name the fully qualified name to look up
     */
    DnsAnswer<MxRecord> mx(String name);

    /**
     * {@return the CNAME target of a name, without trailing dot (at most one record)}
     *
     * @param name the fully qualified name to look up
     */
    DnsAnswer<String> cname(String name);

    /**
     * {@return the A and AAAA addresses of a name}
     *
     * @param name the fully qualified name to look up
     */
    DnsAnswer<InetAddress> addresses(String name);
}
