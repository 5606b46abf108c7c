package dev.ses.core.spi;

import java.util.Objects;

/**
 * One MX record.
 *
 * @param preference lower is tried first
 * @param host the mail exchanger, without trailing dot; empty for the root, the exchange of a null MX
 *             (RFC 7505), also when given as {@code "."}
 */
public record MxRecord(int preference, String host) {
    /**
     * Checks the fields.
     *
     * @param preference lower is tried first
     * @param host the mail exchanger, without trailing dot; empty for the root, the exchange of a null MX
     *             (RFC 7505), also when given as {@code "."}
     */
    public MxRecord {
        Objects.requireNonNull(host, "host");
        if (host.equals(".")) {
            host = "";
        }
    }

    /**
     * {@return whether this is a null MX ({@code MX 0 .}, RFC 7505): the domain declares that it accepts no mail at
     * all}
     */
    public boolean nullMx() {
        return host.isEmpty();
    }
}
