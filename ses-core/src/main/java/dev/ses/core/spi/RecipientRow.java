package dev.ses.core.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One recipient of a group as read from an import: the address and that recipient's own variables.
 *
 * @param email the address, normalised: trimmed, the local part as given and the domain in lower case
 *              ({@code Ann@example.test} for {@code Ann@Example.TEST})
 * @param variables the variable values by name, in the file's column order; never holding control characters
 *                  other than tab, CR and LF
 * @param line the physical line of the file where the row starts (the header is line 1)
 */
public record RecipientRow(String email, Map<String, String> variables, long line) {
    /**
     * Checks the fields and copies the variables, keeping their order.
     *
     * @param email the address, normalised: trimmed, the local part as given and the domain in lower case
     *              ({@code Ann@example.test} for {@code Ann@Example.TEST})
     * @param variables the variable values by name, in the file's column order; never holding control characters
     *                  other than tab, CR and LF
     * @param line the physical line of the file where the row starts (the header is line 1)
     */
    public RecipientRow {
        Objects.requireNonNull(email, "email");
        variables.forEach((name, value) -> Objects.requireNonNull(value, () -> "variable " + name));
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1: " + line);
        }
    }
}
