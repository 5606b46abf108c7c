package dev.ses.core.internal.console;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a form or a query string ({@code application/x-www-form-urlencoded}), decoded as UTF-8; a field
 * may repeat (check boxes).
 */
final class Form {
    private final Map<String, List<String>> fields;

    private Form(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    static Form parse(String encoded) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return new Form(fields);
    }

    static Form empty() {
        return new Form(Map.of());
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** The first value of a field, trimmed; empty if absent. */
    String get(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0).strip();
    }

    /** The first value of a field as it was sent. */
    String raw(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    /** The value of a field, if it was sent and not blank. */
    Optional<String> optional(String name) {
        String v = get(name);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** Every value of a field. */
    List<String> all(String name) {
        return fields.getOrDefault(name, List.of());
    }

    boolean has(String name) {
        return fields.containsKey(name);
    }

    /** A day field ({@code 2026-01-31}), or {@code otherwise} when blank; a bad one names the field. */
    LocalDate day(String name, LocalDate otherwise) {
        if (optional(name).isEmpty()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(get(name));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": a day such as 2026-01-31: " + get(name));
        }
    }

    /** These fields encoded again as a query string, with one field set to a value (or left out when empty). */
    String encodedWith(String name, String value) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<String>> e : fields.entrySet()) {
            if (e.getKey().equals(name)) {
                continue;
            }
            for (String v : e.getValue()) {
                append(b, e.getKey(), v);
            }
        }
        if (!value.isEmpty()) {
            append(b, name, value);
        }
        return b.toString();
    }

    private static void append(StringBuilder b, String name, String value) {
        if (b.length() > 0) {
            b.append('&');
        }
        b.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
