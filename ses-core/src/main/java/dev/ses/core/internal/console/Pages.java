package dev.ses.core.internal.console;

import dev.ses.core.Ses;
import dev.ses.core.SesException;
import dev.ses.core.WebResponse;
import java.util.List;
import java.util.function.Supplier;

/**
 * The routes of one account's pages, the frame every page shares (navigation, account switch, log out), and the
 * form widgets. A GET renders; a POST acts through the facade and answers 303 to the page that shows the result,
 * or, when the facade refuses, renders the form again with the message next to its field (422) — the facade
 * checks before it changes anything, so a refused form changes nothing.
 */
final class Pages {
    private static final String[][] NAV = {
        {"", "Overview"}, {"domains", "Sender domains"}, {"addresses", "Sender addresses"},
        {"templates", "Templates"}, {"groups", "Recipient groups"}, {"tasks", "Batch tasks"},
        {"statistics", "Statistics"}, {"settings", "Statistics settings"}, {"deliveries", "Email status"},
        {"blocklist", "Blocklist"}};

    private final Ses ses;

    Pages(Ses ses) {
        this.ses = ses;
    }

    WebResponse answer(Ctx c, String method, String[] p) {
        boolean post = method.equals("POST");
        String first = p.length == 0 ? "" : p[0];
        String second = p.length > 1 ? p[1] : "";
        String third = p.length > 2 ? p[2] : "";
        switch (first) {
            case "":
                return post ? notFound() : OverviewPage.render(c);
            case "domains":
                if (p.length == 1 || second.isEmpty()) {
                    return post ? DomainPages.create(c) : DomainPages.list(c, Problems.NONE);
                }
                if (post && third.equals("verify")) {
                    return DomainPages.verify(c, second);
                }
                return post ? notFound() : DomainPages.detail(c, second);
            case "addresses":
                if (post) {
                    return second.equals("delete") ? DomainPages.deleteAddress(c) : DomainPages.createAddress(c);
                }
                return DomainPages.addresses(c, Problems.NONE);
            case "templates":
                if (second.isEmpty()) {
                    return post ? TemplatePages.create(c) : TemplatePages.list(c, Problems.NONE);
                }
                if (!post && third.equals("preview")) {
                    return TemplatePages.preview(c, id(second));
                }
                return post ? notFound() : TemplatePages.detail(c, id(second));
            case "groups":
                if (second.isEmpty()) {
                    return post ? GroupPages.create(c) : GroupPages.list(c, Problems.NONE);
                }
                if (post && third.equals("import")) {
                    return GroupPages.importCsv(c, id(second));
                }
                return post ? notFound() : GroupPages.detail(c, id(second), Problems.NONE, null);
            case "tasks":
                if (second.isEmpty()) {
                    return post ? TaskPages.create(c) : TaskPages.list(c, Problems.NONE);
                }
                if (post) {
                    return TaskPages.act(c, id(second), third);
                }
                return third.equals("progress.json") ? TaskPages.progressJson(c, id(second))
                        : TaskPages.detail(c, id(second), Problems.NONE);
            case "statistics":
                return post ? notFound() : StatisticsPages.render(c);
            case "settings":
                return post ? StatisticsPages.saveSettings(c, second.equals("domain"))
                        : StatisticsPages.settings(c, Problems.NONE);
            case "deliveries":
                return post ? notFound() : DeliveryPages.search(c, second.isEmpty() ? -1 : id(second));
            case "blocklist":
                return post ? DeliveryPages.remove(c) : DeliveryPages.blocklist(c, Problems.NONE);
            default:
                return notFound();
        }
    }

    Ses ses() {
        return ses;
    }

    private static long id(String segment) {
        try {
            return Long.parseLong(segment);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static WebResponse notFound() {
        return WebResponse.text(404, "Not found");
    }

    /** Runs a page that reads one object, answering 404 when the facade says there is none. */
    static WebResponse orNotFound(Supplier<WebResponse> page) {
        try {
            return page.get();
        } catch (SesException e) {
            if (e.code() == dev.ses.core.ErrorCode.NOT_FOUND) {
                return WebResponse.text(404, "Not found: " + e.getMessage());
            }
            throw e;
        }
    }

    /** A whole page: the frame around a body. */
    static WebResponse page(Ctx c, int status, String active, String title, Html body) {
        Html h = new Html();
        h.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").text(title)
                .raw(" · ses console</title><link rel=\"stylesheet\"").attr("href", c.root() + "/static/console.css")
                .raw("><script defer").attr("src", c.root() + "/static/console.js").raw("></script></head><body>")
                .raw("<header><span class=\"brand\">ses</span><nav>");
        for (String[] n : NAV) {
            h.raw("<a").attr("href", c.base() + "/" + n[0]);
            if (n[0].equals(active)) {
                h.raw(" class=\"active\"");
            }
            h.raw(">").text(n[1]).raw("</a>");
        }
        h.raw("</nav><div class=\"who\">");
        if (c.accounts().size() > 1) {
            h.raw("<span>Account:</span>");
            for (String a : c.accounts()) {
                h.raw("<a").attr("href", c.root() + "/a/" + a + "/" + active);
                if (a.equals(c.account().name())) {
                    h.raw(" class=\"active\"");
                }
                h.raw(">").text(a).raw("</a>");
            }
        } else {
            h.raw("<span>Account: ").text(c.account().name()).raw("</span>");
        }
        h.raw("<form method=\"post\" class=\"inline\"").attr("action", c.root() + "/logout").raw(">")
                .hidden("csrf", c.csrf()).raw("<button type=\"submit\">Log out</button></form></div></header><main>")
                .raw("<h1>").text(title).raw("</h1>").raw(body.toString()).raw("</main></body></html>");
        return Console.html(status, h.toString());
    }

    /** The start of a POST form with its CSRF token. */
    static void formStart(Html h, Ctx c, String action, String id) {
        h.raw("<form method=\"post\"").attr("action", c.base() + action).attr("id", id).raw(">")
                .hidden("csrf", c.csrf());
    }

    /** A labelled text field with its problem after it. */
    static void field(Html h, String label, String name, String value, Problems problems) {
        h.raw("<label").attr("for", name).raw(">").text(label).raw("</label><input type=\"text\"").attr("id", name)
                .attr("name", name).attr("value", value).raw(">");
        problems.write(h, name);
    }

    /** A labelled text area with its problem after it. */
    static void area(Html h, String label, String name, String value, Problems problems) {
        h.raw("<label").attr("for", name).raw(">").text(label).raw("</label><textarea rows=\"8\"").attr("id", name)
                .attr("name", name).raw(">").text(value).raw("</textarea>");
        problems.write(h, name);
    }

    /** A labelled choice. */
    static void select(Html h, String label, String name, List<String[]> options, String selected) {
        h.raw("<label").attr("for", name).raw(">").text(label).raw("</label><select").attr("id", name)
                .attr("name", name).raw(">");
        for (String[] o : options) {
            h.raw("<option").attr("value", o[0]);
            if (o[0].equals(selected)) {
                h.raw(" selected");
            }
            h.raw(">").text(o[1]).raw("</option>");
        }
        h.raw("</select>");
    }

    /** A form re-rendered after the facade refused it, or the page to go to when it accepted. */
    static WebResponse refused(Supplier<WebResponse> rerender) {
        WebResponse r = rerender.get();
        return new WebResponse(422, r.headers(), r.body());
    }
}
