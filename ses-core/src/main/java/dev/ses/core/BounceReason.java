package dev.ses.core;

import dev.ses.core.internal.ReplyClassifier;
import dev.ses.core.spi.Outcome;

/**
 * Why a recipient's server refused a message, in terms a user can act on: read from the RFC 3463 enhanced status code
 * of an SMTP reply or of a delivery status notification, and from the reply's words when the code says little. Only
 * the address reasons ({@link #blocklists()}) put the recipient on the blocklist; a refusal that is about ses's own
 * message ({@link #OWN_FORMAT_ERROR}, {@link #MESSAGE_TOO_BIG}) is never held against the recipient.
 */
public enum BounceReason {
    /** The mailbox does not exist ({@code 5.1.1}, {@code 5.1.3}, "user unknown"). Blocklists. */
    USER_UNKNOWN(true),
    /** The mailbox is full ({@code 5.2.2}, {@code 5.3.1}, "over quota"). */
    MAILBOX_FULL(false),
    /** The mailbox exists but takes no mail: disabled, suspended, inactive ({@code 5.2.1}, {@code 5.7.13}). Blocklists. */
    MAILBOX_DISABLED(true),
    /** The recipient's domain does not exist or takes no mail ({@code 5.1.2}, {@code 5.1.10} null MX, {@code 5.4.4}).
     * Blocklists. */
    DOMAIN_NOT_FOUND(true),
    /** Refused by the receiver's policy: the sending IP or domain is blocked, authentication (SPF, DKIM, DMARC) failed,
     * relaying denied ({@code 5.7.x}). */
    POLICY_BLOCK(false),
    /** The message is larger than the receiver takes ({@code 5.3.4}, {@code 5.2.3}, a bare {@code 552}). */
    MESSAGE_TOO_BIG(false),
    /** The content was refused: judged spam, a virus, a forbidden attachment. */
    CONTENT_REJECTED(false),
    /** The receiver is limiting how fast it takes mail from this sender ({@code 4.7.28}, "too many messages"). */
    RATE_LIMITED(false),
    /** The message could not be delivered in time ({@code 4.4.7}, {@code 5.4.7}). */
    EXPIRED(false),
    /**
     * The receiver could not read ses's message as it was sent: a protocol, syntax or format error ({@code 5.5.x},
     * {@code 5.6.x}, a bare {@code 500}/{@code 501} such as "line too long"). Never blocklists: the recipient is
     * not to blame.
     */
    OWN_FORMAT_ERROR(false),
    /** A network or routing failure on the way ({@code 4.4.x}, connection refused, timed out). */
    NETWORK(false),
    /** Anything the code and the words do not tell apart. */
    OTHER(false);

    private final boolean blocklists;

    BounceReason(boolean blocklists) {
        this.blocklists = blocklists;
    }

    /** {@return whether a permanent refusal for this reason is about the address, and so puts it on the blocklist} */
    public boolean blocklists() {
        return blocklists;
    }

    /**
     * Classifies an SMTP reply or a report's status, e.g. {@code 550 5.1.1 <ann@example.org>: user unknown}, or a
     * DSN's {@code 5.2.2} with its diagnostic code.
     *
     * @param code the three-digit reply code, or 0 if there is none (a DSN gives only the enhanced status)
     * @param text the reply text, starting with or holding an enhanced status code if the server gave one
     * @return the reason; {@link #OTHER} when nothing in the reply says more
     */
    public static BounceReason classify(int code, String text) {
        return ReplyClassifier.reason(code, text);
    }

    /**
     * {@return what a permanent refusal for this reason does to the recipient's copy: a hard bounce for an address
     * reason, a rejection for a policy or content refusal, a failure (never held against the recipient) for a refusal
     * of ses's own message, a soft bounce otherwise}
     */
    public Outcome permanentOutcome() {
        return ReplyClassifier.outcome(this);
    }
}
