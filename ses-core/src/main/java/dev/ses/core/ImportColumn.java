package dev.ses.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One column of an imported CSV file: the header as the file wrote it and what it became, the address or a variable.
 *
 * <p>A header becomes a variable name by one rule, so that {@code First Name}, {@code E-Mail} and
 * {@code Last-Name} need no editing: accents are dropped ({@code Prénom} becomes {@code Prenom}, {@code ß}
 * becomes {@code ss}), every run of spaces, hyphens, dots and other characters that are neither letters, digits
 * nor {@code _} becomes one {@code _}, and such a run at the start or the end is dropped. The case is kept:
 * {@code First Name} becomes {@code First_Name}, {@code first_name} stays {@code first_name}. A header that is
 * already a valid variable name is therefore kept as it is.
 *
 * @param number the column's position in the file, counting from 1
 * @param header the header as written, without a byte order mark and surrounding spaces
 * @param variable the variable the column became, or empty for the column that holds the address
 */
public record ImportColumn(int number, String header, Optional<String> variable) {
    /**
     * Checks the fields.
     *
     * @param number the column's position in the file, counting from 1
     * @param header the header as written, without a byte order mark and surrounding spaces
     * @param variable the variable the column became, or empty for the column that holds the address
     */
    public ImportColumn {
        if (number < 1) {
            throw new IllegalArgumentException("number must be at least 1: " + number);
        }
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(variable, "variable");
    }

    /** {@return whether this column holds the recipients' addresses} */
    public boolean isAddress() {
        return variable.isEmpty();
    }
}
