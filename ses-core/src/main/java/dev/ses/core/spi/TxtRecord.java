package dev.ses.core.spi;

import java.util.List;

/**
 * One TXT record, as the strings it is made of (each at most 255 bytes on the wire).
 *
 * @param strings the character strings, in order
 */
public record TxtRecord(List<String> strings) {
    /**
     * Copies the strings.
     *
     * @param strings the character strings, in order
     */
    public TxtRecord {
        strings = List.copyOf(strings);
    }

    /**
     * {@return a record of one string (split in 255-character strings if longer)}
     *
     * @param value the record's text
     */
    public static TxtRecord of(String value) {
        if (value.length() <= 255) {
            return new TxtRecord(List.of(value));
        }
        List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            parts.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        return new TxtRecord(parts);
    }

    /** {@return the strings joined without separator, as RFC 7208 and RFC 6376 read a record} */
    public String text() {
        return String.join("", strings);
    }
}
