package dev.ses.core.internal.console;

import dev.ses.core.RenderedTemplate;
import dev.ses.core.SesException;
import dev.ses.core.Template;
import dev.ses.core.TemplateType;
import dev.ses.core.WebResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Templates: the list, a new one, and one template with its rendered preview. The preview is its own response,
 * shown in an {@code <iframe sandbox>} without {@code allow-scripts} or {@code allow-same-origin}, and served with
 * {@code Content-Security-Policy: sandbox; default-src 'none'}: a template's HTML is the account's content, so it
 * runs nothing, loads nothing and cannot reach the console's session.
 */
final class TemplatePages {
    static final String PREVIEW_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "frame-ancestors 'self'";

    private TemplatePages() {
    }

    static WebResponse list(Ctx c, Problems problems) {
        Html h = new Html();
        h.raw("<table id=\"templates\"><thead><tr><th>Id</th><th>Name</th><th>Type</th><th>Variables</th>")
                .raw("<th>Updated</th></tr></thead><tbody>");
        for (Template t : c.account().templates().list(DomainPages.page(c)).items()) {
            h.raw("<tr>").td(t.id()).raw("<td>").link(c.base() + "/templates/" + t.id(), t.name()).raw("</td>")
                    .td(t.type()).td(String.join(", ", t.variables())).td(Html.time(t.updatedAt())).raw("</tr>");
        }
        h.raw("</tbody></table><h2>New template</h2>");
        Pages.formStart(h, c, "/templates", "create-template");
        problems.write(h, "");
        Pages.field(h, "Name", "name", c.form().get("name"), problems);
        Pages.select(h, "Type", "type", List.of(new String[] {"HTML", "HTML"}, new String[] {"TEXT", "Text"}),
                c.form().get("type"));
        Pages.field(h, "Summary", "summary", c.form().get("summary"), problems);
        Pages.area(h, "Body (Mustache)", "body", c.form().raw("body"), problems);
        h.raw("<button type=\"submit\">Create</button></form>");
        return Pages.page(c, problems.any() ? 422 : 200, "templates", "Templates", h);
    }

    static WebResponse create(Ctx c) {
        try {
            TemplateType type = c.form().get("type").equals("TEXT") ? TemplateType.TEXT : TemplateType.HTML;
            String summary = c.form().get("summary");
            Template t = c.account().templates().create(c.form().get("name"), type, c.form().raw("body"),
                    summary.isEmpty() ? null : summary);
            return Console.redirect(c.base() + "/templates/" + t.id());
        } catch (SesException | IllegalArgumentException e) {
            return list(c, Problems.of(e, List.of("name", "summary", "body")));
        }
    }

    static WebResponse detail(Ctx c, long id) {
        return Pages.orNotFound(() -> {
            Template t = c.account().templates().get(id);
            Html h = new Html();
            h.raw("<dl class=\"facts\"><dt>Id</dt>").el("dd", t.id()).raw("<dt>Type</dt>").el("dd", t.type())
                    .raw("<dt>Summary</dt>").el("dd", t.summary().orElse("—"))
                    .raw("<dt>Variables</dt>").el("dd", t.variables().isEmpty() ? "none" : String.join(", ",
                            t.variables()))
                    .raw("<dt>Updated</dt>").el("dd", Html.time(t.updatedAt())).raw("</dl>")
                    .raw("<h2>Preview</h2><p class=\"hint\">Each variable shows as its name in brackets.</p>")
                    .raw("<iframe class=\"preview\" sandbox=\"\" referrerpolicy=\"no-referrer\" title=\"preview\"")
                    .attr("src", c.base() + "/templates/" + t.id() + "/preview").raw("></iframe>")
                    .raw("<h2>Source</h2><pre class=\"source\">").text(t.body()).raw("</pre>");
            return Pages.page(c, 200, "templates", t.name(), h);
        });
    }

    static WebResponse preview(Ctx c, long id) {
        return Pages.orNotFound(() -> {
            Template t = c.account().templates().get(id);
            Map<String, String> vars = new LinkedHashMap<>();
            t.variables().forEach(v -> vars.put(v, "[" + v + "]"));
            RenderedTemplate r = c.account().templates().preview(id, vars);
            String body = r.html().orElseGet(() -> "<!doctype html><meta charset=\"utf-8\"><pre>"
                    + Html.escape(r.text()) + "</pre>");
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "text/html; charset=utf-8");
            headers.put("Content-Security-Policy", PREVIEW_CSP);
            headers.put("X-Frame-Options", "SAMEORIGIN");
            headers.put("X-Content-Type-Options", "nosniff");
            headers.put("Referrer-Policy", "no-referrer");
            headers.put("Cache-Control", "no-store");
            return new WebResponse(200, headers, body.getBytes(StandardCharsets.UTF_8));
        });
    }
}
