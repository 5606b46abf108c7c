package dev.ses.core.internal.console;

import dev.ses.core.SesException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was wrong with a form, by field: a {@link SesException} (or a value's own check) names its field before a
 * colon ({@code name: a template name is required}), so its message goes next to that field; a message that names
 * no field of the form goes above the form.
 */
final class Problems {
    static final Problems NONE = new Problems(Map.of());
    private final Map<String, String> byField;

    private Problems(Map<String, String> byField) {
        this.byField = byField;
    }

    static Problems of(RuntimeException e, List<String> fields) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int colon = message.indexOf(':');
        String field = colon > 0 ? message.substring(0, colon).strip() : "";
        Map<String, String> m = new LinkedHashMap<>();
        m.put(fields.contains(field) ? field : "", message);
        return new Problems(m);
    }

    boolean any() {
        return !byField.isEmpty();
    }

    /** The problem with a field, written after it, or nothing. */
    void write(Html h, String field) {
        String p = byField.get(field);
        if (p != null) {
            h.raw("<span class=\"error\"").attr("id", "error-" + (field.isEmpty() ? "form" : field)).raw(">")
                    .text(p).raw("</span>");
        }
    }
}
