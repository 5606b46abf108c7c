package dev.ses.core.internal.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Finds the links of a rendered message that clicks are counted on, and rewrites them. A link is counted when it is
 * an {@code http} or {@code https} target of an {@code <a>} or {@code <area>} in the HTML part that does not carry
 * {@value #NO_TRACK} and does not point at ses's own endpoints; {@code mailto:}, {@code tel:} and anchors are left
 * as they are. In the text part, a URL standing alone (after a space, a line start, {@code (} or {@code <}) is
 * rewritten when the HTML part counts it, or, for a message without HTML, always. Links are numbered by their
 * first appearance, distinct targets once each: the number goes into the click token, and the click endpoint finds
 * the target again by rendering the same message and reading the same list.
 *
 * <p>Stateless and thread-safe.
 */
public final class LinkRewriter {
    /** The attribute that leaves a link as it is: {@code <a href="..." data-ses-notrack>}. It is removed on output. */
    public static final String NO_TRACK = "data-ses-notrack";
    private static final Pattern TEXT_URL = Pattern.compile("(?<=^|[\\s(<\\[])https?://[^\\s<>\"'()\\[\\]]+",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

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
        Optional<String> outHtml = html;
        if (html.isPresent()) {
            String source = html.get();
            boolean whole = source.regionMatches(true, 0, "<!doctype", 0, 9)
                    || source.toLowerCase(Locale.ROOT).contains("<html");
            Document doc = whole ? Jsoup.parse(source) : Jsoup.parseBodyFragment(source);
            doc.outputSettings().prettyPrint(false);
            boolean changed = false;
            for (Element a : doc.select("a[href], area[href]")) {
                if (a.hasAttr(NO_TRACK)) {
                    a.removeAttr(NO_TRACK);
                    changed = true;
                    continue;
                }
                String href = a.attr("href").strip();
                if (!counted(href)) {
                    continue;
                }
                int index = indexOf(links, href);
                htmlTracked.add(href);
                if (clickUrl != null) {
                    a.attr("href", clickUrl.apply(index));
                    changed = true;
                }
            }
            if (pixelUrl.isPresent()) {
                doc.body().appendElement("img").attr("src", pixelUrl.get()).attr("width", "1")
                        .attr("height", "1").attr("alt", "").attr("style", "display:block;border:0;width:1px;height:1px");
                changed = true;
            }
            if (changed) {
                outHtml = Optional.of(whole ? doc.outerHtml() : doc.body().html());
            }
        }
        StringBuilder outText = new StringBuilder(text.length());
        Matcher m = TEXT_URL.matcher(text);
        int last = 0;
        while (m.find()) {
            String url = trimTrailing(m.group());
            boolean track = counted(url) && (html.isEmpty() || htmlTracked.contains(url));
            if (!track) {
                continue;
            }
            int index = indexOf(links, url);
            outText.append(text, last, m.start());
            outText.append(clickUrl == null ? url : clickUrl.apply(index));
            last = m.start() + url.length();
        }
        outText.append(text, last, text.length());
        return new Result(outHtml, outText.toString(), List.copyOf(links));
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

    /** Drops sentence punctuation that follows a URL in prose. */
    private static String trimTrailing(String url) {
        int end = url.length();
        while (end > 0 && ".,;:!?".indexOf(url.charAt(end - 1)) >= 0) {
            end--;
        }
        return url.substring(0, end);
    }
}
