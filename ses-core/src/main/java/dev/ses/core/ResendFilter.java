package dev.ses.core;

/** Which recipients of an earlier task a resend goes to. */
public enum ResendFilter {
    /** Those whose message could not be sent at all. */
    FAILED,
    /** Those whose message is still being retried. */
    DEFERRED,
    /** Those whose message bounced softly (full mailbox, or retried until its maximum age). */
    SOFT_BOUNCED,
    /** Those who received it but did not open it. */
    NOT_OPENED
}
