package dev.ses.core;

/** Kinds of {@link SesEvent}, named as the reproduced service's callbacks name them where they overlap. */
public enum EventType {
    /** Accepted and queued: a regular send, or a task run's recipient. */
    QUEUED,
    /** Accepted by the recipient's server. */
    DELIVERED,
    /** Refused for now; it will be retried. */
    DEFERRED,
    /** Refused for good (hard) or after retries or for a full mailbox (soft). */
    BOUNCED,
    /** Not sent, or refused as spam: blocklisted, unsubscribed, policy. */
    REJECTED,
    /** Could not be sent at all. */
    FAILED,
    /** An automatic reply (out of office) came back. */
    AUTO_REPLY,
    /** The recipient opened the message. */
    OPENED,
    /** The recipient clicked a link. */
    CLICKED,
    /** The recipient unsubscribed. */
    UNSUBSCRIBED,
    /** The recipient reported the message as spam. */
    COMPLAINED,
    /**
     * A sender domain changed status (verified, failed...). Not about a message: its event names the account and
     * the domain ({@link SesEvent#senderDomain()}) only; listeners hear it as a {@link DomainStatusEvent}, and
     * statistics do not count it.
     */
    DOMAIN_STATUS
}
