package dev.ses.core;

/** Where one event's delivery to one callback address stands. */
public enum CallbackDeliveryState {
    /** Waiting for its first attempt or its next retry (or being attempted by a node). */
    PENDING,
    /** The endpoint answered 2xx. */
    DELIVERED,
    /** Every attempt of the retry schedule failed; it waits for a replay. */
    DEAD
}
