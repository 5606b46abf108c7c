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

    @Test
    void attributesAreReadInAnyCaseAndQuotingAndTheRestStaysByteForByte() {
        String html = "<A\tCLASS=x HREF = 'https://a.example/1' >a</A>"
                + "<a title=\"it's > here\" href=\"https://b.example/2\">b</a>"
                + "<a href=https://c.example/3>c</a>"
                + "<a data-href=\"https://not.example/\" href=\"https://d.example/4\">d</a>"
                + "<a hReF=\"  https://e.example/5  \">e</a>"
                + "<a name=\"x\">no href</a><a href>empty</a><a href=\"\">blank</a>";

        LinkRewriter.Result r = rewriter.apply(Optional.of(html), "", i -> "T" + i, Optional.empty());

        assertThat(r.links()).containsExactly("https://a.example/1", "https://b.example/2", "https://c.example/3",
                "https://d.example/4", "https://e.example/5");
        assertThat(r.html().orElseThrow()).isEqualTo("<A\tCLASS=x HREF = 'T0' >a</A>"
                + "<a title=\"it's > here\" href=\"T1\">b</a>"
                + "<a href=T2>c</a>"
                + "<a data-href=\"https://not.example/\" href=\"T3\">d</a>"
                + "<a hReF=\"T4\">e</a>"
                + "<a name=\"x\">no href</a><a href>empty</a><a href=\"\">blank</a>");
    }

    @Test
    void characterReferencesAreDecodedBeforeALinkIsJudgedAndFollowed() {
        String html = "<a href=\"https://a.example/?a=1&amp;b=2&#38;c=3\">a</a>"
                + "<a href=\"&#104;ttps://b.example/\">b</a>"
                + "<a href=\"https://t.example&#47;u/own\">own, spelt with a reference</a>"
                + "<a href=\"javascript&colon;alert(1)\">js</a>";

        LinkRewriter.Result r = rewriter.apply(Optional.of(html), "", i -> "T" + i, Optional.empty());

        assertThat(r.links()).containsExactly("https://a.example/?a=1&b=2&c=3", "https://b.example/");
        assertThat(r.html().orElseThrow()).contains("href=\"T0\"", "href=\"T1\"",
                "href=\"https://t.example&#47;u/own\"", "href=\"javascript&colon;alert(1)\"");
    }

    @Test
    void linksInCommentsScriptsAndStylesAreLeftAlone() {
        String html = "<!-- <a href=\"https://comment.example/\">c</a> -->"
                + "<SCRIPT type=\"text/javascript\">document.write('<a href=\"https://script.example/\">s</a>');"
                + "</SCRIPT>"
                + "<style>a[href=\"https://style.example/\"] { color: red }</style>"
                + "<!--[if mso]><a href=\"https://mso.example/\">o</a><![endif]-->"
                + "<a href=\"https://kept.example/\">k</a>";

        LinkRewriter.Result r = rewriter.apply(Optional.of(html), "", i -> "T" + i, Optional.empty());

        assertThat(r.links()).containsExactly("https://kept.example/");
        assertThat(r.html().orElseThrow()).isEqualTo(html.replace("\"https://kept.example/\"", "\"T0\""));
    }

    @Test
    void theOptOutMarkerInAnyCaseOrPlaceLeavesTheLinkAndGoesItself() {
        String html = "<a DATA-SES-NOTRACK href=\"https://a.example/\">a</a>"
                + "<a href=\"https://b.example/\" data-ses-notrack=\"\">b</a>"
                + "<a href=\"https://c.example/\" data-ses-notrack>c</a>"
                + "<a href=\"https://d.example/\">d</a>";

        LinkRewriter.Result r = rewriter.apply(Optional.of(html), "See https://a.example/ and https://d.example/",
                i -> "T" + i, Optional.empty());

        assertThat(r.links()).containsExactly("https://d.example/");
        assertThat(r.html().orElseThrow()).isEqualTo("<a href=\"https://a.example/\">a</a>"
                + "<a href=\"https://b.example/\">b</a>"
                + "<a href=\"https://c.example/\">c</a>"
                + "<a href=\"T0\">d</a>");
        assertThat(r.text()).as("a link the HTML leaves alone stays in the text part too")
                .isEqualTo("See https://a.example/ and T0");
    }

    @Test
    void oneTokenPerCopyMakesEveryClickUrlFromItsPrefixAndNumber() {
        LinkRewriter.Result r = rewriter.apply(Optional.of("<a href=\"https://a.example/\">a</a>"
                + "<a href=\"https://b.example/\">b</a><a href=\"https://a.example/\">again</a></body>"),
                "Text: HTTPS://b.example/ and https://a.example/.",
                links -> {
                    assertThat(links).containsExactly("https://a.example/", "https://b.example/");
                    return new LinkRewriter.Urls(Optional.of("C."), Optional.of("P"));
                });

        assertThat(r.html().orElseThrow()).startsWith("<a href=\"C.0\">a</a><a href=\"C.1\">b</a><a href=\"C.0\">")
                .endsWith("<img src=\"P\" width=\"1\" height=\"1\" alt=\"\" "
                        + "style=\"display:block;border:0;width:1px;height:1px\"></body>");
        assertThat(r.text()).isEqualTo("Text: HTTPS://b.example/ and C.0.");
    }
}
