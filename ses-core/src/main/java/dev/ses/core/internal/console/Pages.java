package dev.ses.core.internal.console;

import dev.ses.core.PageRequest;
import dev.ses.core.SenderDomain;
import dev.ses.core.Ses;
import dev.ses.core.SesException;
import dev.ses.core.WebResponse;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

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
        {"callbacks", "Callbacks"}, {"statistics", "Statistics"}, {"settings", "Statistics settings"},
        {"queue", "Queue status"}, {"deliveries", "Email status"}, {"opens", "Opens and clicks"},
        {"complaints", "Spam reports"}, {"bounces", "Bounces"}, {"unsubscriptions", "Unsubscriptions"},
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
                if (post && third.equals("remove")) {
                    return GroupPages.removeMembers(c, id(second));
                }
                if (!post && third.equals("members.csv")) {
                    return GroupPages.membersCsv(c, id(second));
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
            case "callbacks":
                if (second.isEmpty()) {
                    return post ? CallbackPages.set(c) : CallbackPages.list(c, Problems.NONE);
                }
                if (post) {
                    return third.equals("replay") ? CallbackPages.replay(c, id(second)) : notFound();
                }
                return CallbackPages.detail(c, id(second), Problems.NONE);
            case "statistics":
                return post ? notFound() : StatisticsPages.render(c);
            case "statistics-sending.csv":
            case "statistics-tracking.csv":
                return post ? notFound() : StatisticsPages.csv(c, first.equals("statistics-tracking.csv"));
            case "settings":
                return post ? StatisticsPages.saveSettings(c, second) : StatisticsPages.settings(c, Problems.NONE);
            case "deliveries":
                return post ? notFound() : DeliveryPages.search(c, second.isEmpty() ? -1 : id(second));
            case "deliveries.csv":
                return post ? notFound() : DeliveryPages.searchCsv(c);
            case "opens":
            case "complaints":
            case "bounces":
                return post ? notFound() : ResponsePages.events(c, eventList(first));
            case "opens.csv":
            case "complaints.csv":
            case "bounces.csv":
                return post ? notFound() : ResponsePages.eventsCsv(c, eventList(first.substring(0,
                        first.length() - 4)));
            case "unsubscriptions":
                if (post) {
                    return second.equals("withdraw") ? ResponsePages.withdraw(c) : notFound();
                }
                return ResponsePages.unsubscriptions(c, Problems.NONE);
            case "unsubscriptions.csv":
                return post ? notFound() : ResponsePages.unsubscriptionsCsv(c);
            case "queue":
                return post ? notFound() : ResponsePages.queue(c);
            case "queue.csv":
            case "queue-activity.csv":
                return post ? notFound() : ResponsePages.queueCsv(c, first.equals("queue-activity.csv"));
            case "blocklist":
                return post ? DeliveryPages.remove(c) : DeliveryPages.blocklist(c, Problems.NONE);
            default:
                return notFound();
        }
    }

    private static ResponsePages.EventList eventList(String path) {
        for (ResponsePages.EventList l : ResponsePages.EventList.values()) {
            if (l.path.equals(path)) {
                return l;
            }
        }
        throw new IllegalStateException("no list " + path);
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
        if (c.ownLogin()) {
            h.raw("<form method=\"post\" class=\"inline\"").attr("action", c.root() + "/logout").raw(">")
                    .hidden("csrf", c.csrf()).raw("<button type=\"submit\">Log out</button></form>");
        }
        h.raw("</div></header><main><h1>").text(title).raw("</h1>").raw(body.toString()).raw("</main></body></html>");
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
    /** A select of the account's sender domains (the first page of them), with "any" first. */
    static void senderDomainSelect(Html h, Ctx c, String selected) {
        List<String[]> domains = new ArrayList<>();
        domains.add(new String[] {"", "any"});
        for (SenderDomain d : c.account().domains().list(PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
            domains.add(new String[] {d.name(), d.name()});
        }
        select(h, "Sender domain", "senderDomain", domains, selected);
    }

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

    /**
     * A CSV download, streamed: the export writes each page of rows as it reads it, so the body never sits in
     * memory whole. The filters are checked before this is called, so a refusal is a page, not a cut-off file.
     */
    static WebResponse csv(String file, ToLongFunction<OutputStream> export) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "text/csv; charset=utf-8");
        h.put("Content-Disposition", "attachment; filename=\"" + file + "\"");
        h.put("Cache-Control", "no-store");
        h.put("X-Content-Type-Options", "nosniff");
        return WebResponse.streaming(200, h, out -> export.applyAsLong(out));
    }

    /** A link to a page's CSV download with the page's own filters. */
    static void csvLink(Html h, Ctx c, String file, String id) {
        String query = c.query().encodedWith("after", "");
        h.raw("<p class=\"download\"><a").attr("id", id).attr("href", c.base() + "/" + file
                + (query.isEmpty() ? "" : "?" + query)).raw(" download>Download CSV</a></p>");
    }

    /** The link to the next page of a keyset-paged list, with the same filters, or nothing on the last page. */
    static void next(Html h, Ctx c, String path, Optional<String> next) {
        h.raw("<p class=\"pager\">");
        if (c.query().optional("after").isPresent()) {
            String first = c.query().encodedWith("after", "");
            h.link(c.base() + "/" + path + (first.isEmpty() ? "" : "?" + first), "First page").raw(" ");
        }
        next.ifPresent(key -> h.raw("<a id=\"next-page\"").attr("href", c.base() + "/" + path + "?"
                + c.query().encodedWith("after", key)).raw(">Next page</a>"));
        h.raw("</p>");
    }

    /** A form re-rendered after the facade refused it, or the page to go to when it accepted. */
    static WebResponse refused(Supplier<WebResponse> rerender) {
        return rerender.get().withStatus(422);
    }
}
