package dev.ses.core.internal.console;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A page being written: markup the console writes itself goes in with {@link #raw}, every value that came from the
 * store or the request with {@link #text} or {@link #attr}, which escape it. There is no other way in, so a value
 * cannot end up in the page unescaped by forgetting a call.
 */
final class Html {
    private final StringBuilder out = new StringBuilder(4096);

    /** Markup written by the console itself, never a value. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** A value as text, escaped. */
    Html text(Object value) {
        out.append(escape(String.valueOf(value)));
        return this;
    }

    /** An attribute with its value escaped, with a leading space: {@code name="value"}. */
    Html attr(String name, Object value) {
        out.append(' ').append(name).append("=\"").append(escape(String.valueOf(value))).append('"');
        return this;
    }

    /** An element with text content: {@code <tag>text</tag>}. */
    Html el(String tag, Object text) {
        return raw("<" + tag + ">").text(text).raw("</" + tag.split(" ", 2)[0] + ">");
    }

    /** A table cell with a value. */
    Html td(Object value) {
        return el("td", value);
    }

    /** A link. */
    Html link(String href, Object text) {
        return raw("<a").attr("href", href).raw(">").text(text).raw("</a>");
    }

    /** A hidden form field. */
    Html hidden(String name, Object value) {
        return raw("<input type=\"hidden\"").attr("name", name).attr("value", value).raw(">");
    }

    /** Escapes a value for HTML text and quoted attributes. */
    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /** An instant as people read it in the console: UTC to the second. */
    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", " UTC");
    }

    /** An optional instant, or a dash. */
    static String time(Optional<Instant> t) {
        return t.map(Html::time).orElse("—");
    }

    /** A share as a percentage with one decimal. */
    static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", share * 100);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
