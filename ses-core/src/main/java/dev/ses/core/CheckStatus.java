package dev.ses.core;

/** The result of checking one DNS record. */
public enum CheckStatus {
    /** Found with the expected value. */
    OK,
    /** Not found. */
    MISSING,
    /** Found with another value than the one expected. */
    MISMATCH,
    /** Found, but unsafe or doubtful; does not prevent verification. */
    WARNING,
    /** The lookup failed (timeout, server failure) or the record is invalid. */
    ERROR
}
