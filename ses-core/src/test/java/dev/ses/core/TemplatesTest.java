package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.testing.SesExtension;
import dev.ses.core.testing.SesFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SesExtension.class)
class TemplatesTest {
    private static ErrorCode code(Throwable t) {
        return ((SesException) t).code();
    }

    @Test
    void findsTheVariablesOfABody(SesFixture f) {
        Template t = f.account().templates().create("welcome", TemplateType.HTML,
                "<h1>Hi {{ name }}</h1><p>Your code: {{code}}. Bye {{name}}</p>{{! a comment }}", "first mail");
        assertThat(t.variables()).containsExactly("code", "name");
        assertThat(t.summary()).contains("first mail");
        assertThat(f.account().templates().get(t.id())).isEqualTo(t);
    }

    @Test
    void sectionsPartialsAndUnescapedOutputAreRefusedWithTheirLine(SesFixture f) {
        String[][] cases = {
                {"line one\n{{#items}}x{{/items}}", "line 2"},
                {"{{^empty}}none{{/empty}}", "line 1"},
                {"a\nb\n{{> footer}}", "line 3"},
                {"{{{raw}}}", "unescaped"},
                {"{{& raw}}", "unescaped"},
                {"{{=<% %>=}}", "line 1"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> f.account().templates().create("t", TemplateType.HTML, c[0])).as(c[0])
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_UNSUPPORTED_TAG))
                    .hasMessageContaining(c[1]);
        }
        assertThat(f.account().templates().list(PageRequest.first()).total()).isZero();
    }

    @Test
    void aSyntaxErrorNamesItsLine(SesFixture f) {
        assertThatThrownBy(() -> f.account().templates().create("t", TemplateType.TEXT, "one\ntwo\nthree {{name"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_SYNTAX_ERROR))
                .hasMessageContaining("line 3");
        assertThatThrownBy(() -> f.account().templates().create("t", TemplateType.TEXT, "x\n{{first name}}"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_SYNTAX_ERROR))
                .hasMessageContaining("line 2").hasMessageContaining("first name");
    }

    @Test
    void theSizeLimitIsConfigurable() {
        try (SesFixture f = SesFixture.withLimits(SesLimits.defaults().withMaxTemplateBytes(100))) {
            assertThat(f.account().templates().create("ok", TemplateType.TEXT, "x".repeat(100)).id()).isPositive();
            assertThatThrownBy(() -> f.account().templates().create("big", TemplateType.TEXT, "é".repeat(51)))
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_TOO_LARGE))
                    .hasMessageContaining("102 bytes");
        }
    }

    @Test
    void theDefaultSizeLimitIsOneMebibyte(SesFixture f) {
        assertThat(f.account().templates().create("ok", TemplateType.TEXT, "x".repeat(1024 * 1024)).id()).isPositive();
        assertThatThrownBy(() -> f.account().templates().create("big", TemplateType.TEXT, "x".repeat(1024 * 1024 + 1)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_TOO_LARGE));
    }

    @Test
    void updateDeleteAndListWork(SesFixture f) {
        Template t = f.account().templates().create("news", TemplateType.TEXT, "Hello {{name}}");
        f.clock().advance(java.time.Duration.ofMinutes(1));
        Template u = f.account().templates().update(t.id(), TemplateType.HTML, "<p>{{greeting}} {{name}}</p>", "v2");
        assertThat(u.variables()).containsExactly("greeting", "name");
        assertThat(u.updatedAt()).isAfter(u.createdAt());
        assertThat(f.account().templates().list(PageRequest.first()).items()).containsExactly(u);
        assertThatThrownBy(() -> f.account().templates().create("news", TemplateType.TEXT, "x"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThatThrownBy(() -> f.ses().account("other").templates().get(t.id()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
        f.account().templates().delete(t.id());
        assertThatThrownBy(() -> f.account().templates().get(t.id()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void previewEscapesHtmlAndDerivesText(SesFixture f) {
        long id = f.account().templates().create("p", TemplateType.HTML,
                "<html><head><style>p{}</style></head><body><h1>Hi {{name}}</h1><p>Read <a href=\"https://x.test/a\">"
                        + "the guide</a>.</p><ul><li>one</li><li>two</li></ul></body></html>").id();
        RenderedTemplate r = f.account().templates().preview(id, Map.of("name", "<b>Ann & Co</b>"));
        assertThat(r.html().orElseThrow()).contains("Hi &lt;b&gt;Ann &amp; Co&lt;/b&gt;");
        assertThat(r.text()).isEqualTo("Hi <b>Ann & Co</b>\n\nRead the guide (https://x.test/a).\n\n- one\n- two\n");
    }

    @Test
    void textTemplatesInsertValuesAsTheyAre(SesFixture f) {
        long id = f.account().templates().create("t", TemplateType.TEXT, "Dear {{name}},").id();
        assertThat(f.account().templates().preview(id, "{\"name\":\"<Ann & Bob>\"}").text()).isEqualTo("Dear <Ann & Bob>,");
        assertThat(f.account().templates().preview(id, Map.of("name", "x")).html()).isEmpty();
    }

    @Test
    void previewNeedsExactlyTheVariables(SesFixture f) {
        long id = f.account().templates().create("t", TemplateType.TEXT, "{{a}} {{b}}").id();
        assertThatThrownBy(() -> f.account().templates().preview(id, Map.of("a", "1", "c", "3")))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_VARIABLES_MISMATCH))
                .hasMessageContaining("missing [b]").hasMessageContaining("unknown [c]");
    }
}
