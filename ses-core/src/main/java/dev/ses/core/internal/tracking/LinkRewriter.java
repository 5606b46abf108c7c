package dev.ses.core.internal.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;
import org.jsoup.parser.Parser;

/**
 * Finds the links of a rendered message that clicks are counted on, and rewrites them. A link is counted when it is
 * an {@code http} or {@code https} target of an {@code <a>} or {@code <area>} in the HTML part that does not carry
 * {@value #NO_TRACK} and does not point at ses's own endpoints; {@code mailto:}, {@code tel:} and anchors are left
 * as they are. In the text part, a URL standing alone (after a space, a line start, {@code (}, {@code <} or
 * {@code [}) is rewritten when the HTML part counts it, or, for a message without HTML, always. Links are numbered
 * by their first appearance, distinct targets once each: the number goes into the click token, and the click
 * endpoint finds the target again by rendering the same message and reading the same list. A link's target is its
 * {@code href} with character references decoded (jsoup's decoder), as a browser would follow it.
 *
 * <p>Why a scanner of tags rather than a jsoup document: the HTML the author wrote goes out byte for byte, but for
 * the {@code href} values replaced, the marker removed and the pixel inserted before {@code </body>} (a parsed and
 * re-serialised document changes markup that mail clients are picky about, and costs several times the rendering
 * of the template itself). The scanner skips comments, {@code <script>} and {@code <style>}, and reads attribute
 * values quoted either way or not at all.
 *
 * <p>Stateless and thread-safe.
 */
public final class LinkRewriter {
    /** The attribute that leaves a link as it is: {@code <a href="..." data-ses-notrack>}. It is removed on output. */
    public static final String NO_TRACK = "data-ses-notrack";

    /**
     * A rendered message with its tracking.
     *
     * @param html the HTML part, if any
     * @param text the text part
     * @param links the counted links, by number
     */
    public record Result(Optional<String> html, String text, List<String> links) {
    }

    private final String ownPrefix;

    /** A rewriter that never counts links to {@code baseUrl}'s endpoints (the unsubscribe link, say). */
    public LinkRewriter(String baseUrl) {
        this.ownPrefix = baseUrl.toLowerCase(Locale.ROOT) + "/";
    }

    /** The counted links of a message, by number, without changing it. */
    public List<String> links(Optional<String> html, String text) {
        return apply(html, text, null, Optional.empty()).links();
    }

    /**
     * The message with its counted links replaced by {@code clickUrl} of their number (when given) and the pixel
     * (when given) added at the end of the HTML body.
     */
    public Result apply(Optional<String> html, String text, IntFunction<String> clickUrl, Optional<String> pixelUrl) {
        List<String> links = new ArrayList<>();
        List<String> htmlTracked = new ArrayList<>();
        Optional<String> outHtml = html.map(h -> html(h, clickUrl, pixelUrl, links, htmlTracked));
        String outText = text(text, clickUrl, html.isEmpty(), links, htmlTracked);
        return new Result(outHtml, outText, List.copyOf(links));
    }

    private String html(String src, IntFunction<String> clickUrl, Optional<String> pixelUrl, List<String> links,
                        List<String> tracked) {
        StringBuilder out = new StringBuilder(src.length() + 64 * 8);
        int copied = 0;
        int n = src.length();
        int i = 0;
        while (i < n) {
            int lt = src.indexOf('<', i);
            if (lt < 0) {
                break;
            }
            if (src.startsWith("<!--", lt)) {
                int end = src.indexOf("-->", lt + 4);
                i = end < 0 ? n : end + 3;
                continue;
            }
            int nameEnd = lt + 1;
            while (nameEnd < n && Character.isLetterOrDigit(src.charAt(nameEnd))) {
                nameEnd++;
            }
            if (nameEnd == lt + 1) {
                i = lt + 1;
                continue;
            }
            String name = src.substring(lt + 1, nameEnd).toLowerCase(Locale.ROOT);
            boolean link = name.equals("a") || name.equals("area");
            int hrefStart = -1;
            int hrefEnd = -1;
            int markStart = -1;
            int markEnd = -1;
            int k = nameEnd;
            while (k < n) {
                int attrStart = k;
                while (k < n && Character.isWhitespace(src.charAt(k))) {
                    k++;
                }
                if (k >= n || src.charAt(k) == '>' || src.startsWith("/>", k)) {
                    break;
                }
                int an = k;
                while (k < n && "\t\n\f\r />=".indexOf(src.charAt(k)) < 0) {
                    k++;
                }
                if (k == an) {
                    k++;
                    continue;
                }
                String attr = src.substring(an, k).toLowerCase(Locale.ROOT);
                int v = k;
                while (v < n && Character.isWhitespace(src.charAt(v))) {
                    v++;
                }
                int valueStart = -1;
                int valueEnd = -1;
                if (v < n && src.charAt(v) == '=') {
                    v++;
                    while (v < n && Character.isWhitespace(src.charAt(v))) {
                        v++;
                    }
                    if (v < n && (src.charAt(v) == '"' || src.charAt(v) == '\'')) {
                        int close = src.indexOf(src.charAt(v), v + 1);
                        valueStart = v + 1;
                        valueEnd = close < 0 ? n : close;
                        k = close < 0 ? n : close + 1;
                    } else {
                        valueStart = v;
                        while (v < n && !Character.isWhitespace(src.charAt(v)) && src.charAt(v) != '>') {
                            v++;
                        }
                        valueEnd = v;
                        k = v;
                    }
                }
                if (link && attr.equals("href") && hrefStart < 0 && valueStart >= 0) {
                    hrefStart = valueStart;
                    hrefEnd = valueEnd;
                } else if (link && attr.equals(NO_TRACK)) {
                    markStart = attrStart;
                    markEnd = k;
                }
            }
            int tagEnd = Math.min(n, k + 1);
            if (markStart >= 0) {
                // Marked by the author: left as it is, the marker removed.
                out.append(src, copied, markStart);
                copied = markEnd;
            } else if (hrefStart >= 0) {
                String raw = src.substring(hrefStart, hrefEnd);
                String url = (raw.indexOf('&') < 0 ? raw : Parser.unescapeEntities(raw, true)).strip();
                if (counted(url)) {
                    int index = indexOf(links, url);
                    tracked.add(url);
                    if (clickUrl != null) {
                        out.append(src, copied, hrefStart).append(clickUrl.apply(index));
                        copied = hrefEnd;
                    }
                }
            }
            if (name.equals("script") || name.equals("style")) {
                int close = indexOfIgnoreCase(src, "</" + name, tagEnd);
                i = close < 0 ? n : close;
            } else {
                i = tagEnd;
            }
        }
        if (pixelUrl.isEmpty()) {
            out.append(src, copied, n);
            return out.toString();
        }
        String img = "<img src=\"" + pixelUrl.get() + "\" width=\"1\" height=\"1\" alt=\"\" "
                + "style=\"display:block;border:0;width:1px;height:1px\">";
        int body = lastIndexOfIgnoreCase(src, "</body");
        if (body >= copied) {
            out.append(src, copied, body).append(img).append(src, body, n);
        } else {
            out.append(src, copied, n).append(img);
        }
        return out.toString();
    }

    /** The text part, its standalone URLs rewritten when counted. */
    private String text(String text, IntFunction<String> clickUrl, boolean textOnly, List<String> links,
                        List<String> htmlTracked) {
        StringBuilder out = null;
        int copied = 0;
        int n = text.length();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.length() != n) {
            // A character whose lower case has another length: positions would not match; scan the text as it is.
            lower = text;
        }
        int i = 0;
        while (i < n) {
            int h = lower.indexOf("http", i);
            if (h < 0) {
                break;
            }
            i = h + 4;
            char before = h == 0 ? ' ' : text.charAt(h - 1);
            if (!(Character.isWhitespace(before) || before == '(' || before == '<' || before == '[')) {
                continue;
            }
            int scheme = text.regionMatches(true, h, "https://", 0, 8) ? 8
                    : text.regionMatches(true, h, "http://", 0, 7) ? 7 : 0;
            if (scheme == 0) {
                continue;
            }
            int end = h + scheme;
            while (end < n && " \t\r\n<>\"'()[]".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            while (end > h + scheme && ".,;:!?".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            i = end;
            if (end == h + scheme) {
                continue;
            }
            String url = text.substring(h, end);
            if (!counted(url) || !(textOnly || htmlTracked.contains(url))) {
                continue;
            }
            int index = indexOf(links, url);
            if (clickUrl != null) {
                if (out == null) {
                    out = new StringBuilder(n + 256);
                }
                out.append(text, copied, h).append(clickUrl.apply(index));
                copied = end;
            }
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, n).toString();
    }

    private static int indexOfIgnoreCase(String s, String part, int from) {
        int max = s.length() - part.length();
        char first = part.charAt(0);
        for (int i = Math.max(0, from); i <= max; i++) {
            char c = s.charAt(i);
            if ((c == first || Character.toLowerCase(c) == first) && s.regionMatches(true, i, part, 0, part.length())) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOfIgnoreCase(String s, String part) {
        for (int i = s.length() - part.length(); i >= 0; i--) {
            if (s.regionMatches(true, i, part, 0, part.length())) {
                return i;
            }
        }
        return -1;
    }

    private boolean counted(String href) {
        String lower = href.toLowerCase(Locale.ROOT);
        return (lower.startsWith("http://") || lower.startsWith("https://")) && !lower.startsWith(ownPrefix)
                && href.length() <= 4096;
    }

    private static int indexOf(List<String> links, String url) {
        int i = links.indexOf(url);
        if (i >= 0) {
            return i;
        }
        links.add(url);
        return links.size() - 1;
    }
}
