package dev.ses.core;

/**
 * Refusals for good by the recipients' servers, split by the reply's enhanced status code (RFC 3463).
 *
 * @param invalidAddress the address does not exist (5.1.x)
 * @param spam refused as spam or by policy (5.7.x)
 * @param other any other permanent refusal
 */
public record HardBounces(long invalidAddress, long spam, long other) {
    /** {@return every hard bounce} */
    public long total() {
        return invalidAddress + spam + other;
    }
}
