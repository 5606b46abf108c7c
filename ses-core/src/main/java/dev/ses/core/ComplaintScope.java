package dev.ses.core;

/** Whom a spam complaint stops from mailing the complaining recipient again. */
public enum ComplaintScope {
    /** The sender domain the complaint is about (the default): the recipient can still get the account's other
     * domains' mail. */
    SENDER_DOMAIN,
    /** Every sender domain of the account: the recipient goes on the account's blocklist, with no end date. */
    ACCOUNT
}
