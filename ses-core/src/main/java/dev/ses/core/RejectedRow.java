package dev.ses.core;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One row of a recipient CSV import that was not accepted.
 *
 * @param line the physical line where the row starts, counting from 1 for the header; a quoted value that spans
 *             several lines makes the following rows start further down, and this number follows them
 * @param reason why the row was not accepted
 * @param message a sentence naming the column and the offending value, fit to show to the person who made the
 *                file; control characters in the value are shown escaped ({@code \n})
 * @param duplicateOf for a {@link RejectReason#DUPLICATE_ADDRESS} of an earlier row of the same file, the line
 *                    where that row starts; empty for every other row
 */
public record RejectedRow(long line, RejectReason reason, String message, OptionalLong duplicateOf) {
    /**
     * Checks the fields.
     *
     * @param line the physical line where the row starts, counting from 1 for the header; a quoted value that spans
     *             several lines makes the following rows start further down, and this number follows them
     * @param reason why the row was not accepted
     * @param message a sentence naming the column and the offending value, fit to show to the person who made the
     *                file; control characters in the value are shown escaped ({@code \n})
     * @param duplicateOf for a {@link RejectReason#DUPLICATE_ADDRESS} of an earlier row of the same file, the line
     *                    where that row starts; empty for every other row
     */
    public RejectedRow {
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1: " + line);
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(duplicateOf, "duplicateOf");
        if (duplicateOf.isPresent() && (reason != RejectReason.DUPLICATE_ADDRESS || duplicateOf.getAsLong() < 1
                || duplicateOf.getAsLong() >= line)) {
            throw new IllegalArgumentException("duplicateOf must be an earlier line of a DUPLICATE_ADDRESS row: "
                    + reason + " on line " + line + " repeating " + duplicateOf.getAsLong());
        }
    }

    /**
     * A rejected row that repeats no earlier row.
     *
     * @param line the physical line where the row starts, counting from 1 for the header; a quoted value that spans
     *         several lines makes the following rows start further down, and this number follows them
     * @param reason why the row was not accepted
     * @param message a sentence naming the column and the offending value, fit to show to the person who made the file;
     *         control characters in the value are shown escaped ({@code \n})
     */
    public RejectedRow(long line, RejectReason reason, String message) {
        this(line, reason, message, OptionalLong.empty());
    }
}
