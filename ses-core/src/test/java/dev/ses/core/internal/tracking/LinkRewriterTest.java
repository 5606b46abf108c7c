package dev.ses.core.internal.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinkRewriterTest {
    private final LinkRewriter rewriter = new LinkRewriter("https://t.example");

    private LinkRewriter.Result rewrite(String html, String text) {
        return rewriter.apply(Optional.of(html), text, i -> "https://t.example/c/" + i,
                Optional.of("https://t.example/o/p"));
    }

    @Test
    void onlyCountedHrefsChangeAndTheRestOfTheHtmlGoesOutByteForByte() {
        String html = "<!DOCTYPE html><HTML><body><!-- <a href=\"https://in.comment/\"> -->"
                + "<A HREF='https://a.example/x?y=1&amp;z=2'>a</A> <a class=b href=https://b.example/>b</a>"
                + "<a href=\"mailto:x@y.test\">m</a><a href=\"tel:+1\">t</a><a href=\"#top\">#</a>"
                + "<a data-ses-notrack href=\"https://keep.example/\">k</a>"
                + "<a href=\"https://t.example/u/own\">own</a>"
                + "<script>var s = '<a href=\"https://in.script/\">';</script>"
                + "<map><area shape=rect href=\"https://area.example/\"></map>"
                + "<a href=\"https://a.example/x?y=1&z=2\">again</a><br/></BODY></HTML>";

        LinkRewriter.Result r = rewrite(html, "");

        assertThat(r.links()).containsExactly("https://a.example/x?y=1&z=2", "https://b.example/",
                "https://area.example/");
        assertThat(r.html().orElseThrow()).isEqualTo("<!DOCTYPE html><HTML><body>"
                + "<!-- <a href=\"https://in.comment/\"> -->"
                + "<A HREF='https://t.example/c/0'>a</A> <a class=b href=https://t.example/c/1>b</a>"
                + "<a href=\"mailto:x@y.test\">m</a><a href=\"tel:+1\">t</a><a href=\"#top\">#</a>"
                + "<a href=\"https://keep.example/\">k</a>"
                + "<a href=\"https://t.example/u/own\">own</a>"
                + "<script>var s = '<a href=\"https://in.script/\">';</script>"
                + "<map><area shape=rect href=\"https://t.example/c/2\"></map>"
                + "<a href=\"https://t.example/c/0\">again</a><br/>"
                + "<img src=\"https://t.example/o/p\" width=\"1\" height=\"1\" alt=\"\" "
                + "style=\"display:block;border:0;width:1px;height:1px\"></BODY></HTML>");
        assertThat(rewriter.links(Optional.of(html), "")).isEqualTo(r.links());
    }

    @Test
    void theTextPartRewritesStandaloneUrlsThatTheHtmlCounts() {
        String html = "<a href=\"https://a.example/x\">a</a><a data-ses-notrack href=\"https://keep.example/\">k</a>";
        String text = "See https://a.example/x. Or (https://a.example/x) and https://keep.example/ "
                + "and https://other.example/ and xhttps://a.example/x";

        LinkRewriter.Result r = rewrite(html, text);

        assertThat(r.text()).isEqualTo("See https://t.example/c/0. Or (https://t.example/c/0) and "
                + "https://keep.example/ and https://other.example/ and xhttps://a.example/x");
        LinkRewriter.Result textOnly = rewriter.apply(Optional.empty(), "Go to https://other.example/now!",
                i -> "L" + i, Optional.empty());
        assertThat(textOnly.text()).isEqualTo("Go to L0!");
        assertThat(textOnly.links()).containsExactly("https://other.example/now");
    }

    @Test
    void withoutABodyTagThePixelGoesAtTheEnd() {
        assertThat(rewrite("<p>hi</p>", "").html().orElseThrow()).startsWith("<p>hi</p><img src=\"https://t.example/o/p\"");
        assertThat(rewriter.apply(Optional.of("<p>hi <a href=\"https://a.example/\">a</a>"), "", null,
                Optional.empty()).html()).contains("<p>hi <a href=\"https://a.example/\">a</a>");
    }
}
