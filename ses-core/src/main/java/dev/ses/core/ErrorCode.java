package dev.ses.core;

/**
 * Stable reasons for a refused call. The names never change between releases, so callers may switch on them,
 * store them or map them to their own API errors.
 */
public enum ErrorCode {
    /** An argument is malformed: a null, an empty name, a value out of range. */
    INVALID_ARGUMENT,
    /** The object asked for does not exist in this account. */
    NOT_FOUND,
    /** An object with the same natural key already exists in this account. */
    ALREADY_EXISTS,
    /** The object is still used by others (a domain with sender addresses, a template with queued tasks). */
    IN_USE,
    /** A domain name is not a valid host name. */
    INVALID_DOMAIN,
    /** The account already holds the maximum number of sender domains. */
    DOMAIN_LIMIT_REACHED,
    /** The sender domain is not verified (or has failed verification) and cannot send. */
    DOMAIN_NOT_VERIFIED,
    /** The domain already holds the maximum number of sender addresses. */
    ADDRESS_LIMIT_REACHED,
    /** A local part, display name or other part of a sender address is invalid. */
    INVALID_SENDER_ADDRESS,
    /** A recipient or reply-to address is not a valid mailbox address. */
    INVALID_EMAIL_ADDRESS,
    /** A template body does not parse. */
    TEMPLATE_SYNTAX_ERROR,
    /** A template uses a Mustache feature ses does not support (sections, partials, unescaped output). */
    TEMPLATE_UNSUPPORTED_TAG,
    /** A template body is larger than the configured limit. */
    TEMPLATE_TOO_LARGE,
    /** The variables given do not match the template's variables exactly. */
    TEMPLATE_VARIABLES_MISMATCH,
    /** Template data is not a JSON object of plain values, or is larger than allowed. */
    TEMPLATE_DATA_INVALID,
    /** Too many recipients in To, Cc or Bcc. */
    RECIPIENT_LIMIT_EXCEEDED,
    /** Too many attachments, or attachments too large in total. */
    ATTACHMENT_LIMIT_EXCEEDED,
    /** A header name or value is not allowed (reserved name, CR or LF, non-ASCII name). */
    INVALID_HEADER,
    /** The daily sending quota is spent. */
    QUOTA_EXCEEDED,
    /** A CSV file could not be imported. */
    IMPORT_REJECTED,
    /** The group is full or its columns differ from those fixed by its first import. */
    GROUP_LIMIT_REACHED,
    /** The object's state does not allow the operation (a completed task cannot be paused). */
    INVALID_STATE,
    /** A callback address is invalid (scheme, port, host). */
    INVALID_CALLBACK,
    /** The store failed; the cause is attached. Nothing was changed. */
    STORE_ERROR,
}
