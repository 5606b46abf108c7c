package dev.ses.smtp.internal;

/**
 * A mail server to connect to.
 *
 * @param address what to connect to: a host name (relay) or an IP address literal (direct delivery, resolved
 *                through the configured DNS resolver)
 * @param port the TCP port
 * @param name the host name it stands for, for logs and replies
 */
public record Destination(String address, int port, String name) {
    /** The key of its connection pool. */
    public String key() {
        return address + ":" + port;
    }

    @Override
    public String toString() {
        return name.equals(address) ? address + ":" + port : name + "[" + address + "]:" + port;
    }
}
