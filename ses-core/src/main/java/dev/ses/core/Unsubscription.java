package dev.ses.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A recipient's unsubscription: the sender domain that may no longer mail the address.
 *
 * @param senderDomain the scope: the sender domain the address unsubscribed from
 * @param address the address, in lower case
 * @param at when it unsubscribed
 */
public record Unsubscription(String senderDomain, String address, Instant at) {
    /**
     * Checks the fields.
     *
     * @param senderDomain the scope: the sender domain the address unsubscribed from
     * @param address the address, in lower case
     * @param at when it unsubscribed
     */
    public Unsubscription {
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(at, "at");
    }

    /** {@return the address's domain (the mailbox provider), in lower case} */
    public String recipientDomain() {
        return address.substring(address.lastIndexOf('@') + 1);
    }
}
