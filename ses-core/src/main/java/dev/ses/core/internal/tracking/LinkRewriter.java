package dev.ses.core.internal.tracking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.jsoup.parser.Parser;

/**
 * Finds the links of a rendered message that clicks are counted on, and rewrites them. A link is counted when it is
 * an {@code http} or {@code https} target of an {@code <a>} or {@code <area>} in the HTML part that does not carry
 * {@value #NO_TRACK} and does not point at ses's own endpoints; {@code mailto:}, {@code tel:} and anchors are left
 * as they are. In the text part, a URL standing alone (after a space, a line start, {@code (}, {@code <} or
 * {@code [}) is rewritten when the HTML part counts it, or, for a message without HTML, always. Links are numbered
 * by their first appearance, distinct targets once each: the list is the copy's link set, stored when it is sent,
 * and a click URL carries the number of its link in that list (see {@link TrackingTokens}). A link's target is its
 * {@code href} with character references decoded (jsoup's decoder), as a browser would follow it.
 *
 * <p>Why a scanner of tags rather than a jsoup document: jsoup was tried first. Parsing the message and writing the
 * document back cost 7 to 10 times the rendering of the template itself, and the document it writes is not the one
 * the author wrote: it normalises quoting, case, whitespace, entities and void tags, and moves or adds elements
 * (a missing {@code <html>}, {@code <head>} or {@code <tbody>}), which mail clients, with their own picky renderers,
 * then show differently. Only the {@code href} values need changing, so the scanner copies the HTML byte for byte
 * but for the {@code href} values replaced, the {@value #NO_TRACK} marker removed and the pixel inserted before the
 * last {@code </body>}. It reads attribute names in any case and values quoted with {@code "} or {@code '} or not at
 * all, decodes character references in a URL before judging it, and skips comments and the contents of
 * {@code <script>} and {@code <style>}, where a browser would not see a link either. It is not a full HTML parser:
 * markup a browser would repair (an unclosed quote, a tag inside an attribute) may be read otherwise than the
 * browser reads it; such a link is then left as it is or counted, but never sent anywhere it did not point.
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

    /**
     * A copy's URLs, made once its links are known.
     *
     * @param clickPrefix what goes before a link's number in its URL; empty to leave the links as they are
     * @param pixel the pixel's URL, if the copy gets one
     */
    public record Urls(Optional<String> clickPrefix, Optional<String> pixel) {
    }

    private final String ownPrefix;

    /** A rewriter that never counts links to {@code baseUrl}'s endpoints (the unsubscribe link, say). */
    public LinkRewriter(String baseUrl) {
        this.ownPrefix = baseUrl.toLowerCase(Locale.ROOT) + "/";
    }

    /** The counted links of a message, by number, without changing it. */
    public List<String> links(Optional<String> html, String text) {
        return scan(html, text).links;
    }

    /**
     * The message with its counted links replaced by {@code clickUrl} of their number (when given) and the pixel
     * (when given) added at the end of the HTML body.
     */
    public Result apply(Optional<String> html, String text, IntFunction<String> clickUrl, Optional<String> pixelUrl) {
        Scan scan = scan(html, text);
        return scan.write(html, text, clickUrl == null ? null : (out, i) -> out.append(clickUrl.apply(i)), pixelUrl);
    }

    /**
     * The message with its tracking: the links are found first, {@code urls} makes the copy's URLs from them (so
     * that one token can name the whole list), then each counted link becomes the click prefix and its number,
     * and the pixel goes at the end of the HTML body.
     */
    public Result apply(Optional<String> html, String text, Function<List<String>, Urls> urls) {
        Scan scan = scan(html, text);
        Urls u = urls.apply(scan.links);
        String prefix = u.clickPrefix().orElse(null);
        return scan.write(html, text, prefix == null ? null : (out, i) -> out.append(prefix).append(i), u.pixel());
    }

    /** Appends the URL of link number {@code index}. */
    private interface Writer {
        void append(StringBuilder out, int index);
    }

    /**
     * What a scan found: the counted links and the places to change. Each edit is three ints: start, end, and the
     * link's number, or -1 for a span to drop (the opt-out marker).
     */
    private static final class Scan {
        final List<String> links = new ArrayList<>();
        /** Each link's number: a map, since a newsletter's dozens of links share long prefixes. */
        final Map<String, Integer> numbers = new HashMap<>();
        final Set<String> htmlTracked = new HashSet<>();
        int[] htmlEdits = new int[48];
        int htmlCount;
        int[] textEdits = new int[12];
        int textCount;
        /** Where {@code </body} starts, or -1. */
        int body = -1;

        static int[] add(int[] edits, int count, int start, int end, int link) {
            int[] e = count * 3 + 3 > edits.length ? java.util.Arrays.copyOf(edits, edits.length * 2) : edits;
            e[count * 3] = start;
            e[count * 3 + 1] = end;
            e[count * 3 + 2] = link;
            return e;
        }

        /** The number of a link, numbered by first appearance. */
        int number(String url) {
            Integer known = numbers.putIfAbsent(url, links.size());
            if (known != null) {
                return known;
            }
            links.add(url);
            return links.size() - 1;
        }

        void html(int start, int end, int link) {
            htmlEdits = add(htmlEdits, htmlCount++, start, end, link);
        }

        void text(int start, int end, int link) {
            textEdits = add(textEdits, textCount++, start, end, link);
        }

        Result write(Optional<String> html, String text, Writer click, Optional<String> pixelUrl) {
            Optional<String> outHtml = html.map(h -> writeHtml(h, click, pixelUrl));
            String outText = click == null || textCount == 0 ? text : apply(text, textEdits, textCount, click,
                    new StringBuilder(text.length() + textCount * 80)).toString();
            return new Result(outHtml, outText, List.copyOf(links));
        }

        private String writeHtml(String src, Writer click, Optional<String> pixelUrl) {
            if (pixelUrl.isEmpty() && htmlCount == 0) {
                return src;
            }
            StringBuilder out = new StringBuilder(src.length() + htmlCount * 80 + 160);
            int[] edits = htmlEdits;
            int count = htmlCount;
            int lastEnd = count == 0 ? 0 : edits[count * 3 - 2];
            if (pixelUrl.isEmpty()) {
                return apply(src, edits, count, click, out).toString();
            }
            String img = "<img src=\"" + pixelUrl.get() + "\" width=\"1\" height=\"1\" alt=\"\" "
                    + "style=\"display:block;border:0;width:1px;height:1px\">";
            if (body >= lastEnd) {
                apply(src.substring(0, body), edits, count, click, out);
                return out.append(img).append(src, body, src.length()).toString();
            }
            return apply(src, edits, count, click, out).append(img).toString();
        }

        /** Appends {@code src} with its edits made; a link's edit is skipped without a click writer. */
        private static StringBuilder apply(String src, int[] edits, int count, Writer click, StringBuilder out) {
            int copied = 0;
            for (int e = 0; e < count; e++) {
                int start = edits[e * 3];
                int end = edits[e * 3 + 1];
                int link = edits[e * 3 + 2];
                if (link >= 0 && click == null) {
                    continue;
                }
                out.append(src, copied, start);
                if (link >= 0) {
                    click.append(out, link);
                }
                copied = end;
            }
            return out.append(src, copied, src.length());
        }
    }

    private Scan scan(Optional<String> html, String text) {
        Scan scan = new Scan();
        html.ifPresent(h -> scanHtml(h, scan));
        scanText(text, html.isEmpty(), scan);
        return scan;
    }

    private void scanHtml(String src, Scan scan) {
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
            int nameLength = nameEnd - lt - 1;
            boolean link = nameLength == 1 && (src.charAt(lt + 1) | 0x20) == 'a'
                    || nameLength == 4 && src.regionMatches(true, lt + 1, "area", 0, 4);
            boolean raw = nameLength == 6 && (src.regionMatches(true, lt + 1, "script", 0, 6))
                    || nameLength == 5 && src.regionMatches(true, lt + 1, "style", 0, 5);
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
                while (k < n && !endsAttributeName(src.charAt(k))) {
                    k++;
                }
                if (k == an) {
                    k++;
                    continue;
                }
                int attrLength = k - an;
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
                if (!link) {
                    continue;
                }
                if (attrLength == 4 && hrefStart < 0 && valueStart >= 0
                        && src.regionMatches(true, an, "href", 0, 4)) {
                    hrefStart = valueStart;
                    hrefEnd = valueEnd;
                } else if (attrLength == NO_TRACK.length() && src.regionMatches(true, an, NO_TRACK, 0, attrLength)) {
                    markStart = attrStart;
                    markEnd = k;
                }
            }
            int tagEnd = Math.min(n, k + 1);
            if (markStart >= 0) {
                // Marked by the author: left as it is, the marker removed.
                scan.html(markStart, markEnd, -1);
            } else if (hrefStart >= 0) {
                String rawHref = src.substring(hrefStart, hrefEnd);
                String url = (rawHref.indexOf('&') < 0 ? rawHref : Parser.unescapeEntities(rawHref, true)).strip();
                if (counted(url)) {
                    int index = scan.number(url);
                    scan.htmlTracked.add(url);
                    scan.html(hrefStart, hrefEnd, index);
                }
            }
            if (raw) {
                int close = indexOfIgnoreCase(src, "</" + src.substring(lt + 1, nameEnd), tagEnd);
                i = close < 0 ? n : close;
            } else {
                i = tagEnd;
            }
        }
        scan.body = lastIndexOfIgnoreCase(src, "</body");
    }

    /** Finds the text part's standalone URLs that are counted. */
    private void scanText(String text, boolean textOnly, Scan scan) {
        int n = text.length();
        // Every URL holds "://": String.indexOf finds it faster than a walk over each 'h' of the text.
        int i = 0;
        while (i < n) {
            int colon = text.indexOf("://", i);
            if (colon < 0) {
                break;
            }
            i = colon + 3;
            int h = colon >= 5 && text.regionMatches(true, colon - 5, "https", 0, 5) ? colon - 5
                    : colon >= 4 && text.regionMatches(true, colon - 4, "http", 0, 4) ? colon - 4 : -1;
            if (h < 0) {
                continue;
            }
            char before = h == 0 ? ' ' : text.charAt(h - 1);
            if (!(Character.isWhitespace(before) || before == '(' || before == '<' || before == '[')) {
                continue;
            }
            int scheme = colon + 3 - h;
            int end = h + scheme;
            while (end < n && !endsUrl(text.charAt(end))) {
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
            if (!counted(url) || !(textOnly || scan.htmlTracked.contains(url))) {
                continue;
            }
            scan.text(h, end, scan.number(url));
        }
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

    /** Whether a character ends a standalone URL of the text part. */
    private static boolean endsUrl(char c) {
        switch (c) {
            case ' ', '\t', '\r', '\n', '<', '>', '"', '\'', '(', ')', '[', ']' -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Whether a character ends an attribute's name. */
    private static boolean endsAttributeName(char c) {
        switch (c) {
            case '\t', '\n', '\f', '\r', ' ', '/', '>', '=' -> {
                return true;
            }
            default -> {
                return false;
            }
        }
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
}
