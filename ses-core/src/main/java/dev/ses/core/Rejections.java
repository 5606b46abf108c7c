package dev.ses.core;

/**
 * Requests ses refused to send, by reason. Quota, rate and invalid addresses are refused before a request is
 * counted in this engine (a regular send over quota fails with QUOTA_EXCEEDED, an invalid address with
 * INVALID_EMAIL_ADDRESS, and mail over a rate limit waits rather than being refused), so they read 0 unless a
 * later version rejects queued mail for them.
 *
 * @param blocklisted the recipient was on the blocklist
 * @param unsubscribed the recipient had unsubscribed from the sender domain
 * @param invalidAddress the address was not valid
 * @param quota the day's quota was spent
 * @param rate a rate limit was reached
 * @param other another reason
 */
public record Rejections(long blocklisted, long unsubscribed, long invalidAddress, long quota, long rate,
                         long other) {
    /** {@return every rejection} */
    public long total() {
        return blocklisted + unsubscribed + invalidAddress + quota + rate + other;
    }
}
