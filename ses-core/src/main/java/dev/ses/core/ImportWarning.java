package dev.ses.core;

import java.util.Objects;

/**
 * One row of a recipient CSV import that was taken as it is but deserves a look: it is stored with the others.
 *
 * @param line the physical line where the row starts, as in {@link RejectedRow#line()}
 * @param kind what is unusual about the row
 * @param message a sentence naming the column and the value, fit to show to the person who made the file
 */
public record ImportWarning(long line, Kind kind, String message) {
    /**
     * Checks the fields.
     *
     * @param line the physical line where the row starts, as in {@link RejectedRow#line()}
     * @param kind what is unusual about the row
     * @param message a sentence naming the column and the value, fit to show to the person who made the file
     */
    public ImportWarning {
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1: " + line);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** What is unusual about a row. The names never change between releases. */
    public enum Kind {
        /**
         * The row has fewer values than the header names columns, as a spreadsheet writes a row whose last cells
         * are empty: the missing values read as empty.
         */
        MISSING_VALUES,
        /**
         * A label of the address's domain mixes letters of several scripts, such as a Cyrillic {@code а} inside a
         * Latin name: a typing slip, or a look-alike of another domain. Latin, Han, Hiragana and Katakana
         * together (Japanese), Latin, Han and Bopomofo, and Latin, Han and Hangul are not counted as mixed.
         */
        MIXED_SCRIPTS,
    }
}
