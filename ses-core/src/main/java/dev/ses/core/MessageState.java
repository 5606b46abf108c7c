package dev.ses.core;

/** Where one recipient's copy of a message stands. */
public enum MessageState {
    /** Accepted and waiting in the queue (also while its day's quota is spent). */
    QUEUED(false),
    /** Claimed by a dispatcher and being handed to the transport. */
    SENDING(false),
    /** Accepted by the recipient's server. */
    DELIVERED(true),
    /** Refused for now (4xx); it will be retried at its next attempt time. */
    DEFERRED(false),
    /** Refused for good by the recipient's server, or retried until its maximum age. */
    BOUNCED(true),
    /** Not sent: the recipient is blocklisted or unsubscribed, or the server refused it as spam. */
    REJECTED(true),
    /** Could not be sent at all (the template could not be rendered, the sender was deleted). */
    FAILED(true),
    /** Not sent because its task was cancelled. */
    CANCELLED(true);

    private final boolean settled;

    MessageState(boolean settled) {
        this.settled = settled;
    }

    /** {@return whether this state is final} */
    public boolean settled() {
        return settled;
    }
}
