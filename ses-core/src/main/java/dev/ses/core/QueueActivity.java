package dev.ses.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What an account's messages did in one five-minute window.
 *
 * @param from the window's start, inclusive
 * @param to the window's end, exclusive
 * @param sent messages accepted and queued
 * @param delivered deliveries
 * @param bounced bounces, hard or soft
 * @param rejected rejections (blocklisted, unsubscribed, policy, refused as spam)
 */
public record QueueActivity(Instant from, Instant to, long sent, long delivered, long bounced, long rejected) {
    /**
     * Checks the fields.
     *
     * @param from the window's start, inclusive
     * @param to the window's end, exclusive
     * @param sent messages accepted and queued
     * @param delivered deliveries
     * @param bounced bounces, hard or soft
     * @param rejected rejections (blocklisted, unsubscribed, policy, refused as spam)
     */
    public QueueActivity {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
