package dev.ses.core;

import java.util.Objects;

/**
 * One row of a recipient CSV import that was not accepted.
 *
 * @param line the physical line where the row starts, counting from 1 for the header; a quoted value that spans
 *             several lines makes the following rows start further down, and this number follows them
 * @param reason why the row was not accepted
 * @param message a sentence naming the column and the offending value, fit to show to the person who made the
 *                file; control characters in the value are shown escaped ({@code \n})
 */
public record RejectedRow(long line, RejectReason reason, String message) {
    /** Checks the fields. */
    public RejectedRow {
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1: " + line);
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
