package dev.ses.core.internal.console;

import dev.ses.core.CallbackAddress;
import dev.ses.core.CallbackAttempt;
import dev.ses.core.CallbackDelivery;
import dev.ses.core.CallbackDeliveryState;
import dev.ses.core.CallbackEvent;
import dev.ses.core.SesException;
import dev.ses.core.WebResponse;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Callback addresses: the list with the account's own address set here, and one address with its deliveries by
 * state (pending, delivered, dead letters), paged by id a hundred at a time, each with its attempts; a dead letter
 * is replayed one by one or all together.
 */
final class CallbackPages {
    private static final int PAGE = 100;

    private CallbackPages() {
    }

    static WebResponse list(Ctx c, Problems problems) {
        Html h = new Html();
        h.raw("<table id=\"callbacks\"><thead><tr><th>Id</th><th>For</th><th>URL</th><th>Events</th>")
                .raw("<th>Failing since</th><th>Created</th></tr></thead><tbody>");
        List<CallbackAddress> all = c.account().callbacks().list();
        for (CallbackAddress a : all) {
            h.raw("<tr>").td(a.id()).td(a.senderAddress().orElse("the account")).raw("<td>")
                    .link(c.base() + "/callbacks/" + a.id(), a.url()).raw("</td>")
                    .td(a.events().stream().map(CallbackEvent::name).collect(Collectors.joining(", ")))
                    .td(Html.time(a.failingSince())).td(Html.time(a.createdAt())).raw("</tr>");
        }
        if (all.isEmpty()) {
            h.raw("<tr><td class=\"empty\" colspan=\"6\">No callback address: no events are posted.</td></tr>");
        }
        h.raw("</tbody></table><h2>The account's address</h2><p class=\"hint\">Every event of every sender address ")
                .raw("without its own goes here; only ports 8080, 8081 and 8082.</p>");
        Pages.formStart(h, c, "/callbacks", "set-callback");
        problems.write(h, "");
        Pages.field(h, "URL", "url", c.form().get("url").isEmpty() ? c.account().callbacks().accountAddress()
                .map(CallbackAddress::url).orElse("") : c.form().get("url"), problems);
        h.raw("<button type=\"submit\">Save</button></form>");
        return Pages.page(c, problems.any() ? 422 : 200, "callbacks", "Callback addresses", h);
    }

    static WebResponse set(Ctx c) {
        try {
            CallbackAddress a = c.account().callbacks().setAccountAddress(c.form().get("url"));
            return Console.redirect(c.base() + "/callbacks/" + a.id());
        } catch (SesException | IllegalArgumentException e) {
            return list(c, Problems.of(e, List.of("url")));
        }
    }

    static WebResponse detail(Ctx c, long id, Problems problems) {
        return Pages.orNotFound(() -> {
            CallbackAddress a = c.account().callbacks().get(id);
            CallbackDeliveryState state = state(c.query().get("state"));
            long after = afterId(c.query().get("after"));
            List<CallbackDelivery> page = c.account().callbacks().deliveries(id, state, after, PAGE);
            Html h = new Html();
            problems.write(h, "");
            h.raw("<dl class=\"facts\"><dt>For</dt>").el("dd", a.senderAddress().orElse("the account"))
                    .raw("<dt>URL</dt>").el("dd", a.url()).raw("<dt>Events</dt>").el("dd", a.events().stream()
                            .map(CallbackEvent::name).collect(Collectors.joining(", ")))
                    .raw("<dt>Failing since</dt>").el("dd", Html.time(a.failingSince())).raw("</dl>");
            h.raw("<p class=\"tabs\">");
            for (CallbackDeliveryState s : CallbackDeliveryState.values()) {
                h.raw("<a").attr("href", c.base() + "/callbacks/" + id + "?state=" + s).attr("id", "state-" + s);
                if (s == state) {
                    h.raw(" class=\"active\"");
                }
                h.raw(">").text(s == CallbackDeliveryState.DEAD ? "Dead letters" : s.name().charAt(0)
                        + s.name().substring(1).toLowerCase(java.util.Locale.ROOT)).raw("</a> ");
            }
            h.raw("</p>");
            if (state == CallbackDeliveryState.DEAD) {
                Pages.formStart(h, c, "/callbacks/" + id + "/replay", "replay-all");
                h.raw("<button type=\"submit\" id=\"replay-all-button\">Replay every dead letter</button></form>");
            }
            h.raw("<table id=\"callback-deliveries\"><thead><tr><th>Id</th><th>Event</th><th>Happened</th>")
                    .raw("<th>Attempts</th><th>Last answer</th><th>Next attempt</th><th></th></tr></thead><tbody>");
            for (CallbackDelivery d : page) {
                h.raw("<tr>").td(d.id()).td(d.event()).td(Html.time(d.eventAt())).td(d.attempts().size());
                if (d.attempts().isEmpty()) {
                    h.td("—");
                } else {
                    CallbackAttempt last = d.attempts().get(d.attempts().size() - 1);
                    h.td(last.status().map(String::valueOf).orElse("no answer") + " · " + last.detail());
                }
                h.td(Html.time(d.nextAttemptAt())).raw("<td>");
                if (d.state() == CallbackDeliveryState.DEAD) {
                    Pages.formStart(h, c, "/callbacks/" + id + "/replay", "replay-" + d.id());
                    h.hidden("delivery", d.id()).raw("<button type=\"submit\">Replay</button></form>");
                }
                h.raw("</td></tr>");
            }
            if (page.isEmpty()) {
                h.raw("<tr><td class=\"empty\" colspan=\"7\">None.</td></tr>");
            }
            h.raw("</tbody></table><p class=\"pager\">");
            if (page.size() == PAGE) {
                h.raw("<a id=\"next-page\"").attr("href", c.base() + "/callbacks/" + id + "?state=" + state
                        + "&after=" + page.get(page.size() - 1).id()).raw(">Next page</a>");
            }
            h.raw("</p>");
            return Pages.page(c, problems.any() ? 422 : 200, "callbacks", "Callback address " + a.id(), h);
        });
    }

    static WebResponse replay(Ctx c, long id) {
        return Pages.orNotFound(() -> {
            c.account().callbacks().get(id);
            try {
                if (c.form().optional("delivery").isPresent()) {
                    c.account().callbacks().replay(afterId(c.form().get("delivery")));
                } else {
                    c.account().callbacks().replayDeadLetters(id);
                }
                return Console.redirect(c.base() + "/callbacks/" + id + "?state=PENDING");
            } catch (SesException | IllegalArgumentException e) {
                return detail(c, id, Problems.of(e, List.of()));
            }
        });
    }

    private static CallbackDeliveryState state(String value) {
        try {
            return value.isEmpty() ? CallbackDeliveryState.DEAD : CallbackDeliveryState.valueOf(value);
        } catch (IllegalArgumentException e) {
            return CallbackDeliveryState.DEAD;
        }
    }

    private static long afterId(String value) {
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
