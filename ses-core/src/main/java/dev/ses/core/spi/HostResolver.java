package dev.ses.core.spi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a callback URL's host name to the addresses a connection would reach, so that ses can refuse private
 * ones before each attempt. Implementations must be thread-safe; a call may block (it runs on ses's callback
 * threads, never on a dispatcher).
 */
@FunctionalInterface
public interface HostResolver {
    /**
     * {@return every address of a host}
     *
     * @param host the host name or literal address
     * @throws UnknownHostException if the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** {@return the JVM's resolver ({@link InetAddress#getAllByName}), which the HTTP client uses too} */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
