package dev.ses.core.internal.console;

import dev.ses.core.CursorPage;
import dev.ses.core.CursorRequest;
import dev.ses.core.DeliveryEvent;
import dev.ses.core.QueueActivity;
import dev.ses.core.QueueCount;
import dev.ses.core.QueueStatus;
import dev.ses.core.ResponseQuery;
import dev.ses.core.SesEvent;
import dev.ses.core.SesException;
import dev.ses.core.Unsubscription;
import dev.ses.core.WebResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The delivery response lists — opens and clicks, spam reports, bounces, unsubscriptions (with withdraw) — each
 * with the facade's filters and keyset paging (a page of {@value CursorRequest#MAX_LIMIT}, then "next" with the key
 * the facade gave), a CSV download of the whole filtered list through the account's exports, and the real-time
 * queue.
 */
final class ResponsePages {
    private static final List<String> FILTERS = List.of("from", "to", "senderDomain", "recipientDomain", "after");

    /** One of the event lists: its path, title, and how to read a page and export it. */
    enum EventList {
        OPENS("opens", "Opens and clicks"), COMPLAINTS("complaints", "Spam reports"), BOUNCES("bounces", "Bounces");

        final String path;
        final String title;

        EventList(String path, String title) {
            this.path = path;
            this.title = title;
        }

        CursorPage<DeliveryEvent> page(Ctx c, ResponseQuery q, CursorRequest r) {
            return switch (this) {
                case OPENS -> c.account().deliveries().opensAndClicks(q, r);
                case COMPLAINTS -> c.account().deliveries().complaints(q, r);
                case BOUNCES -> c.account().deliveries().bounces(q, r);
            };
        }

        WebResponse csv(Ctx c, ResponseQuery q) {
            return Pages.csv(path + ".csv", out -> switch (this) {
                case OPENS -> c.account().exports().opensAndClicks(q, out);
                case COMPLAINTS -> c.account().exports().complaints(q, out);
                case BOUNCES -> c.account().exports().bounces(q, out);
            });
        }
    }

    private ResponsePages() {
    }

    /** The filters asked for: the last 7 days (UTC) of every sender domain by default. */
    static ResponseQuery query(Ctx c) {
        Form q = c.query();
        LocalDate today = LocalDate.ofInstant(c.ses().clock().instant(), ZoneOffset.UTC);
        Instant from = q.day("from", today.minusDays(6)).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = q.day("to", today).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        ResponseQuery query = ResponseQuery.between(from, to);
        if (q.optional("senderDomain").isPresent()) {
            query = query.withSenderDomain(q.get("senderDomain"));
        }
        if (q.optional("recipientDomain").isPresent()) {
            query = query.withRecipientDomain(q.get("recipientDomain"));
        }
        return query;
    }

    static CursorRequest cursor(Ctx c) {
        return c.query().optional("after").map(CursorRequest.first()::after).orElse(CursorRequest.first());
    }

    static WebResponse events(Ctx c, EventList list) {
        Problems problems = Problems.NONE;
        CursorPage<DeliveryEvent> page = null;
        try {
            page = list.page(c, query(c), cursor(c));
        } catch (SesException | IllegalArgumentException e) {
            problems = Problems.of(e, FILTERS);
        }
        Html h = new Html();
        filters(h, c, list.path, problems);
        if (page != null) {
            boolean opens = list == EventList.OPENS;
            boolean bounces = list == EventList.BOUNCES;
            h.raw("<table").attr("id", list.path).raw("><thead><tr><th>Time</th><th>Type</th><th>Recipient</th>")
                    .raw("<th>From</th><th>Task</th>");
            if (opens) {
                h.raw("<th>Link</th><th>User agent</th><th>Reader</th>");
            }
            if (bounces) {
                h.raw("<th>Bounce</th><th>Enhanced code</th><th>Reply</th>");
            }
            h.raw("<th></th></tr></thead><tbody>");
            for (DeliveryEvent d : page.items()) {
                SesEvent e = d.event();
                h.raw("<tr>").td(Html.time(e.at())).td(e.type()).td(e.recipient()).td(e.from())
                        .td(e.taskId().map(String::valueOf).orElse("—"));
                if (opens) {
                    h.td(e.link().orElse("—")).td(e.userAgent().orElse("—"))
                            .td(d.reader().map(Object::toString).orElse("—"));
                }
                if (bounces) {
                    h.td(e.bounceType().map(Object::toString).orElse("—")).td(e.enhancedCode().orElse("—"))
                            .td(e.reason().orElse("—"));
                }
                h.raw("<td>").link(DeliveryPages.timelineHref(c, e.deliveryId(), e.messageId()), "timeline")
                        .raw("</td></tr>");
            }
            if (page.items().isEmpty()) {
                h.raw("<tr><td class=\"empty\" colspan=\"9\">None in this range.</td></tr>");
            }
            h.raw("</tbody></table>");
            Pages.next(h, c, list.path, page.next());
        }
        return Pages.page(c, problems.any() ? 422 : 200, list.path, list.title, h);
    }

    static WebResponse eventsCsv(Ctx c, EventList list) {
        try {
            ResponseQuery q = query(c);
            list.page(c, q, CursorRequest.first(1));
            return list.csv(c, q);
        } catch (SesException | IllegalArgumentException e) {
            return events(c, list);
        }
    }

    static WebResponse unsubscriptions(Ctx c, Problems refused) {
        Problems problems = refused;
        CursorPage<Unsubscription> page = null;
        try {
            page = c.account().deliveries().unsubscriptions(query(c), cursor(c));
        } catch (SesException | IllegalArgumentException e) {
            problems = Problems.of(e, FILTERS);
        }
        Html h = new Html();
        filters(h, c, "unsubscriptions", problems);
        if (page != null) {
            h.raw("<table id=\"unsubscriptions\"><thead><tr><th>Sender domain</th><th>Address</th><th>Time</th>")
                    .raw("<th></th></tr></thead><tbody>");
            for (Unsubscription u : page.items()) {
                h.raw("<tr>").td(u.senderDomain()).td(u.address()).td(Html.time(u.at())).raw("<td>");
                Pages.formStart(h, c, "/unsubscriptions/withdraw", "withdraw-" + u.senderDomain() + "-"
                        + u.address());
                h.hidden("senderDomain", u.senderDomain()).hidden("address", u.address())
                        .raw("<button type=\"submit\">Withdraw</button></form></td></tr>");
            }
            if (page.items().isEmpty()) {
                h.raw("<tr><td class=\"empty\" colspan=\"4\">None in this range.</td></tr>");
            }
            h.raw("</tbody></table>");
            Pages.next(h, c, "unsubscriptions", page.next());
        }
        return Pages.page(c, problems.any() ? 422 : 200, "unsubscriptions", "Unsubscriptions", h);
    }

    static WebResponse unsubscriptionsCsv(Ctx c) {
        try {
            ResponseQuery q = query(c);
            c.account().deliveries().unsubscriptions(q, CursorRequest.first(1));
            return Pages.csv("unsubscriptions.csv", out -> c.account().exports().unsubscriptions(q, out));
        } catch (SesException | IllegalArgumentException e) {
            return unsubscriptions(c, Problems.NONE);
        }
    }

    static WebResponse withdraw(Ctx c) {
        try {
            boolean withdrawn = c.account().deliveries().withdrawUnsubscription(c.form().get("senderDomain"),
                    c.form().get("address"));
            if (!withdrawn) {
                throw new IllegalArgumentException("address: " + c.form().get("address")
                        + " had not unsubscribed from " + c.form().get("senderDomain"));
            }
            return Console.redirect(c.base() + "/unsubscriptions");
        } catch (SesException | IllegalArgumentException e) {
            return unsubscriptions(c, Problems.of(e, List.of())).withStatus(422);
        }
    }

    private static void filters(Html h, Ctx c, String path, Problems problems) {
        Form q = c.query();
        h.raw("<form method=\"get\" class=\"filters\"").attr("id", path + "-filters").attr("action", c.base() + "/"
                + path).raw(">");
        problems.write(h, "");
        h.raw("<label for=\"from\">From</label><input type=\"date\" id=\"from\" name=\"from\"")
                .attr("value", q.get("from")).raw(">");
        problems.write(h, "from");
        h.raw("<label for=\"to\">To</label><input type=\"date\" id=\"to\" name=\"to\"").attr("value", q.get("to"))
                .raw(">");
        problems.write(h, "to");
        Pages.senderDomainSelect(h, c, q.get("senderDomain"));
        problems.write(h, "senderDomain");
        Pages.field(h, "Recipient domain", "recipientDomain", q.get("recipientDomain"), problems);
        problems.write(h, "after");
        h.raw("<button type=\"submit\">Show</button></form>");
        Pages.csvLink(h, c, path + ".csv", "csv-" + path);
    }

    static WebResponse queue(Ctx c) {
        QueueStatus q = c.account().deliveries().queueStatus();
        Html h = new Html();
        h.raw("<p>As of ").text(Html.time(q.at())).raw(". Messages not settled yet, per sender domain and ")
                .raw("recipient domain.</p>");
        Pages.csvLink(h, c, "queue.csv", "csv-queue");
        h.raw("<table id=\"queue\"><thead><tr><th>Sender domain</th><th>Recipient domain</th><th>Queued</th>")
                .raw("<th>Sending</th><th>Deferred</th><th>Next attempt</th><th>Held by quota</th></tr></thead>")
                .raw("<tbody>");
        for (QueueCount n : q.counts()) {
            h.raw("<tr>").td(n.senderDomain()).td(n.recipientDomain()).td(n.queued()).td(n.sending())
                    .td(n.deferred()).td(Html.time(n.nextAttempt())).td(n.heldByQuota()).raw("</tr>");
        }
        if (q.counts().isEmpty()) {
            h.raw("<tr><td class=\"empty\" colspan=\"7\">The queue is empty.</td></tr>");
        }
        h.raw("</tbody></table><h2>The last hour</h2>");
        Pages.csvLink(h, c, "queue-activity.csv", "csv-queue-activity");
        h.raw("<table id=\"queue-activity\"><thead><tr><th>From</th><th>To</th><th>Sent</th><th>Delivered</th>")
                .raw("<th>Bounced</th><th>Rejected</th></tr></thead><tbody>");
        for (QueueActivity a : q.lastHour()) {
            h.raw("<tr>").td(Html.time(a.from())).td(Html.time(a.to())).td(a.sent()).td(a.delivered())
                    .td(a.bounced()).td(a.rejected()).raw("</tr>");
        }
        h.raw("</tbody></table>");
        return Pages.page(c, 200, "queue", "Queue status", h);
    }

    static WebResponse queueCsv(Ctx c, boolean activity) {
        return Pages.csv(activity ? "queue-activity.csv" : "queue.csv", out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            long rows = activity ? c.account().exports().queueActivity(w) : c.account().exports().queue(w);
            try {
                w.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return rows;
        });
    }
}
