package dev.ses.core.spi;

import java.util.Objects;

/**
 * One MX record.
 *
 * @param preference lower is tried first
 * @param host the mail exchanger, without trailing dot
 */
public record MxRecord(int preference, String host) {
    /** Checks the fields. */
    public MxRecord {
        Objects.requireNonNull(host, "host");
    }
}
