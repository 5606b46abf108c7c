package dev.ses.core;

/** What an unsubscription stops: mail from the sender domain of the message, or all mail of the account. */
public enum UnsubscribeScope {
    /** Only the sender domain of the message may no longer mail the recipient: the default. */
    SENDER_DOMAIN,
    /** No sender domain of the account may mail the recipient. */
    ACCOUNT
}
