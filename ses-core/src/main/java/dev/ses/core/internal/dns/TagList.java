package dev.ses.core.internal.dns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code tag=value; tag=value} list as DKIM key records (RFC 6376 section 3.2) and DMARC records (RFC 7489
 * section 6.4) are written: whitespace around names, values and separators is ignored, a trailing separator is
 * allowed, a repeated tag makes the whole list invalid.
 *
 * @param tags the tags in the order written; names as written, values trimmed
 * @param error why the list is invalid, empty when it is valid
 */
record TagList(Map<String, String> tags, Optional<String> error) {
    TagList {
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** Parses a record's text. Tag names are kept as written; callers decide whether case matters. */
    static TagList parse(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String spec : text.split(";", -1)) {
            String s = spec.strip();
            if (s.isEmpty()) {
                continue;
            }
            int eq = s.indexOf('=');
            if (eq <= 0) {
                return new TagList(tags, Optional.of("'" + s + "' is not of the form tag=value"));
            }
            String name = s.substring(0, eq).strip();
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                return new TagList(tags, Optional.of("'" + name + "' is not a valid tag name"));
            }
            if (tags.containsKey(name)) {
                return new TagList(tags, Optional.of("the tag " + name + "= appears twice"));
            }
            tags.put(name, s.substring(eq + 1).strip());
        }
        return new TagList(tags, Optional.empty());
    }

    boolean valid() {
        return error.isEmpty();
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(tags.get(name));
    }

    /** The first tag's name, or empty for an empty list. */
    Optional<String> firstName() {
        return tags.keySet().stream().findFirst();
    }
}
