package dev.ses.core;

/** What {@link Ses#report(dev.ses.core.spi.Feedback)} did with one piece of feedback. */
public enum FeedbackResult {
    /** Recorded: the message's flags, state and events now show it. */
    APPLIED,
    /**
     * The same report was recorded before, or what it says is recorded already (a bounce for a copy that bounced
     * before, at the SMTP reply or by an earlier report); nothing changed.
     */
    DUPLICATE,
    /** No message of this store matches its message id and recipient; nothing changed. */
    UNMATCHED
}
