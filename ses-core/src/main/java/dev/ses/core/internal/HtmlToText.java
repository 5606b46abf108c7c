package dev.ses.core.internal;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Derives the plain-text alternative of an HTML body: block elements become line breaks, list items get a dash,
 * links keep their target in parentheses, scripts and styles vanish, whitespace collapses as a browser would.
 */
public final class HtmlToText {
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "header", "footer", "main",
            "aside", "nav", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr", "blockquote", "pre",
            "form", "hr", "address", "figure", "dl", "dt", "dd", "center");
    private static final Set<String> SKIPPED = Set.of("script", "style", "head", "title", "template", "noscript");

    private HtmlToText() {
    }

    /** The text of an HTML document or fragment. */
    public static String convert(String html) {
        Element body = Jsoup.parse(html).body();
        StringBuilder out = new StringBuilder(html.length() / 2);
        walk(body, out, false);
        return tidy(out);
    }

    private static void walk(Node node, StringBuilder out, boolean pre) {
        for (Node child : node.childNodes()) {
            if (child instanceof TextNode t) {
                appendText(out, pre ? t.getWholeText() : t.text(), pre);
            } else if (child instanceof Element e) {
                String tag = e.normalName();
                if (SKIPPED.contains(tag)) {
                    continue;
                }
                switch (tag) {
                    case "br" -> out.append('\n');
                    case "li" -> {
                        newline(out);
                        out.append("- ");
                        walk(e, out, pre);
                        newline(out);
                    }
                    case "td", "th" -> {
                        walk(e, out, pre);
                        out.append('\t');
                    }
                    case "img" -> {
                        String alt = e.attr("alt");
                        if (!alt.isBlank()) {
                            appendText(out, alt, false);
                        }
                    }
                    case "a" -> {
                        int start = out.length();
                        walk(e, out, pre);
                        String href = e.attr("href").trim();
                        String label = out.substring(start).trim();
                        if (!href.isEmpty() && !href.startsWith("#") && !href.equals(label)
                                && !("mailto:" + label).equals(href)) {
                            out.append(label.isEmpty() ? href : " (" + href + ")");
                        }
                    }
                    default -> {
                        boolean block = BLOCKS.contains(tag);
                        if (block) {
                            paragraph(out);
                        }
                        walk(e, out, pre || tag.equals("pre"));
                        if (block) {
                            paragraph(out);
                        }
                    }
                }
            }
        }
    }

    private static void appendText(StringBuilder out, String text, boolean pre) {
        if (text.isEmpty()) {
            return;
        }
        if (!pre && text.isBlank()) {
            if (out.length() > 0 && !Character.isWhitespace(out.charAt(out.length() - 1))) {
                out.append(' ');
            }
            return;
        }
        if (!pre && out.length() > 0 && out.charAt(out.length() - 1) != '\n'
                && out.charAt(out.length() - 1) != ' ' && Character.isWhitespace(text.charAt(0))) {
            out.append(' ');
        }
        out.append(pre ? text : text.strip());
        if (!pre && Character.isWhitespace(text.charAt(text.length() - 1))) {
            out.append(' ');
        }
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    private static void paragraph(StringBuilder out) {
        newline(out);
        if (out.length() > 1 && out.charAt(out.length() - 2) != '\n') {
            out.append('\n');
        }
    }

    private static String tidy(StringBuilder out) {
        String[] lines = out.toString().split("\n", -1);
        StringBuilder result = new StringBuilder(out.length());
        int blank = 0;
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty()) {
                blank++;
                continue;
            }
            if (result.length() > 0) {
                result.append(blank > 0 ? "\n\n" : "\n");
            }
            blank = 0;
            result.append(l);
        }
        return result.append('\n').toString();
    }
}
