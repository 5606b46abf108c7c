package dev.ses.core;

/**
 * Why one row of a recipient CSV import was not accepted. The names never change between releases.
 */
public enum RejectReason {
    /** The address column does not hold a single valid mailbox address (display names and comments are refused too). */
    INVALID_ADDRESS,
    /**
     * The row has a value past the columns the header names. A row with fewer values is taken, the missing ones
     * empty, with an {@link ImportWarning.Kind#MISSING_VALUES} warning.
     */
    WRONG_COLUMN_COUNT,
    /**
     * The address appears earlier in the file (the row's {@link RejectedRow#duplicateOf()} says where) or is already
     * in the group. Addresses compare without case: {@code Ann@Example.test}, {@code ann@example.TEST} and
     * {@code ANN@example.test} are the same recipient, unless the import compares local parts exactly
     * ({@link RecipientGroups#withExactLocalParts()}).
     */
    DUPLICATE_ADDRESS,
    /**
     * A variable value is not allowed: it holds a control character other than tab, CR and LF, or the row's
     * variables are too large as JSON. Line breaks are kept for the body; a task whose subject uses such a value
     * refuses to start.
     */
    INVALID_VALUE,
    /**
     * A value is not valid text: it holds {@code U+FFFD}, the replacement character a lenient decoder puts where
     * bytes were not valid, or it is UTF-8 read as Windows-1252 ({@code Ã©} for {@code é}). The file was saved, or
     * read, in another encoding than it was decoded in; importing it would send garbled names.
     */
    INVALID_TEXT,
}
