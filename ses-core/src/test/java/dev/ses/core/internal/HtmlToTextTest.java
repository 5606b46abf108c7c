package dev.ses.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlToTextTest {
    @Test
    void keepsBlockStructureAndLinkTargets() {
        String html = "<html><head><title>T</title><style>.x{}</style></head><body>"
                + "<h1>Welcome,   Ann</h1><p>Your order <b>#42</b> has shipped.<br>Track it "
                + "<a href=\"https://shop.test/t/42\">here</a>.</p>"
                + "<ul><li>Book</li><li>Pen</li></ul><script>alert(1)</script>"
                + "<p><a href=\"https://shop.test\">https://shop.test</a> <img src=x alt=\"logo\"></p></body></html>";
        assertThat(HtmlToText.convert(html)).isEqualTo("Welcome, Ann\n\nYour order #42 has shipped.\n"
                + "Track it here (https://shop.test/t/42).\n\n- Book\n- Pen\n\nhttps://shop.test logo\n");
    }

    @Test
    void keepsNonLatinTextAndPreformattedLines() {
        assertThat(HtmlToText.convert("<p>你好，世界 👋</p><pre>a  b\n c</pre>")).isEqualTo("你好，世界 👋\n\na  b\nc\n");
    }
}
