package dev.ses.core.internal.console;

import dev.ses.core.BlocklistEntry;
import dev.ses.core.BlocklistQuery;
import dev.ses.core.DeliveryQuery;
import dev.ses.core.CursorPage;
import dev.ses.core.DeliveryStatus;
import dev.ses.core.EmailStatus;
import dev.ses.core.MessageState;
import dev.ses.core.Page;
import dev.ses.core.SesEvent;
import dev.ses.core.SesException;
import dev.ses.core.WebResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Delivery response: email status search with each copy's event timeline, and the blocklist. */
final class DeliveryPages {
    private static final List<String> FILTERS = List.of("from", "to", "recipient", "state", "taskId");

    private DeliveryPages() {
    }

    static WebResponse search(Ctx c, long deliveryId) {
        Html h = new Html();
        Form q = c.query();
        Problems problems = Problems.NONE;
        CursorPage<EmailStatus> found = null;
        List<SesEvent> timeline = null;
        try {
            if (deliveryId >= 0) {
                timeline = c.account().deliveries().events(q.get("message"), deliveryId);
            }
            found = c.account().deliveries().emailStatus(query(c), ResponsePages.cursor(c));
        } catch (SesException | IllegalArgumentException e) {
            if (deliveryId >= 0 && timeline == null) {
                return WebResponse.text(404, "Not found: " + e.getMessage());
            }
            problems = Problems.of(e, FILTERS);
        }
        if (timeline != null) {
            h.raw("<h2>Timeline of copy ").text(deliveryId).raw(" of ").text(q.get("message")).raw("</h2>")
                    .raw("<ol id=\"timeline\" class=\"timeline\">");
            for (SesEvent e : timeline) {
                h.raw("<li><time>").text(Html.time(e.at())).raw("</time> <strong>").text(e.type()).raw("</strong> ")
                        .text(e.recipient());
                e.reason().ifPresent(r -> h.raw(" · ").text(r));
                e.link().ifPresent(l -> h.raw(" · ").text(l));
                e.reader().ifPresent(r -> h.raw(" · ").text(r));
                h.raw("</li>");
            }
            if (timeline.isEmpty()) {
                h.raw("<li>No events kept for this copy (past the event log's retention?).</li>");
            }
            h.raw("</ol>");
        }
        h.raw("<form method=\"get\" class=\"filters\" id=\"status-search\"").attr("action", c.base() + "/deliveries")
                .raw(">");
        problems.write(h, "");
        h.raw("<label for=\"from\">From</label><input type=\"date\" id=\"from\" name=\"from\"")
                .attr("value", q.get("from")).raw(">");
        problems.write(h, "from");
        h.raw("<label for=\"to\">To</label><input type=\"date\" id=\"to\" name=\"to\"").attr("value", q.get("to"))
                .raw(">");
        problems.write(h, "to");
        Pages.field(h, "Recipient", "recipient", q.get("recipient"), problems);
        List<String[]> states = new ArrayList<>();
        states.add(new String[] {"", "any"});
        for (MessageState s : MessageState.values()) {
            states.add(new String[] {s.name(), s.name()});
        }
        Pages.select(h, "State", "state", states, q.get("state"));
        problems.write(h, "state");
        Pages.field(h, "Task id", "taskId", q.get("taskId"), problems);
        h.raw("<button type=\"submit\">Search</button></form>");
        Pages.csvLink(h, c, "deliveries.csv", "csv-deliveries");
        if (found != null) {
            h.raw("<p>Newest first, a page at a time.</p><table id=\"statuses\"><thead><tr>")
                    .raw("<th>Recipient</th><th>State</th><th>Reply</th><th>Attempts</th><th>Requested</th>")
                    .raw("<th>Delivered</th><th>Task</th><th>Opened</th><th>Clicked</th><th>Message</th></tr>")
                    .raw("</thead><tbody>");
            for (EmailStatus es : found.items()) {
                DeliveryStatus d = es.status();
                h.raw("<tr>").td(d.recipient()).td(d.state() + d.bounceType().map(b -> " (" + b + ")").orElse(""))
                        .td(d.reply().orElse("—")).td(d.attempts()).td(Html.time(d.requestedAt()))
                        .td(Html.time(d.deliveredAt())).td(d.taskId().map(String::valueOf).orElse("—"))
                        .td(d.opened() ? "yes" : "no").td(d.clicked() ? "yes" : "no").raw("<td>")
                        .link(timelineHref(c, d.deliveryId(), d.messageId()), "timeline").raw("</td></tr>");
            }
            h.raw("</tbody></table>");
            Pages.next(h, c, "deliveries", found.next());
        }
        return Pages.page(c, problems.any() ? 422 : 200, "deliveries", "Email status", h);
    }

    static WebResponse searchCsv(Ctx c) {
        try {
            DeliveryQuery q = query(c);
            c.account().deliveries().emailStatus(q, dev.ses.core.CursorRequest.first(1));
            return Pages.csv("deliveries.csv", out -> c.account().exports().emailStatus(q, out));
        } catch (SesException | IllegalArgumentException e) {
            return search(c, -1);
        }
    }

    /** Where one copy's timeline is shown. */
    static String timelineHref(Ctx c, long deliveryId, String messageId) {
        return c.base() + "/deliveries/" + deliveryId + "?message=" + java.net.URLEncoder.encode(messageId,
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private static DeliveryQuery query(Ctx c) {
        Form q = c.query();
        LocalDate today = LocalDate.ofInstant(c.ses().clock().instant(), ZoneOffset.UTC);
        Instant from = day(q, "from", today.minusDays(6)).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day(q, "to", today).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        DeliveryQuery query = DeliveryQuery.between(from, to);
        if (q.optional("recipient").isPresent()) {
            query = query.withRecipient(q.get("recipient"));
        }
        if (q.optional("state").isPresent()) {
            try {
                query = query.withState(MessageState.valueOf(q.get("state")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("state: not a state: " + q.get("state"));
            }
        }
        if (q.optional("taskId").isPresent()) {
            try {
                query = query.withTask(Long.parseLong(q.get("taskId")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("taskId: a number: " + q.get("taskId"));
            }
        }
        return query;
    }

    private static LocalDate day(Form q, String field, LocalDate otherwise) {
        if (q.optional(field).isEmpty()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(q.get(field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": a day such as 2026-01-31: " + q.get(field));
        }
    }

    static WebResponse blocklist(Ctx c, Problems problems) {
        Html h = new Html();
        Form q = c.query();
        h.raw("<form method=\"get\" class=\"filters\" id=\"blocklist-search\"")
                .attr("action", c.base() + "/blocklist").raw(">");
        Pages.field(h, "Address contains", "address", q.get("address"), Problems.NONE);
        h.raw("<button type=\"submit\">Search</button></form>");
        BlocklistQuery query = q.optional("address").map(a -> BlocklistQuery.all().withAddress(a))
                .orElse(BlocklistQuery.all());
        Page<BlocklistEntry> page = c.account().blocklist().list(query, DomainPages.page(c));
        Pages.formStart(h, c, "/blocklist", "blocklist-form");
        problems.write(h, "");
        h.raw("<p>").text(page.total()).raw(" entries.</p><table id=\"blocklist\"><thead><tr><th></th>")
                .raw("<th>Address</th><th>Source</th><th>Reason</th><th>Added</th><th>Expires</th><th></th></tr>")
                .raw("</thead><tbody>");
        for (BlocklistEntry e : page.items()) {
            h.raw("<tr><td><input type=\"checkbox\" name=\"address\"").attr("value", e.address())
                    .attr("aria-label", "select " + e.address()).raw("></td>").td(e.address()).td(e.source())
                    .td(e.reason()).td(Html.time(e.addedAt())).td(Html.time(e.expiresAt()))
                    .raw("<td><button type=\"submit\" name=\"only\"").attr("value", e.address())
                    .attr("id", "remove-" + e.address().toLowerCase(Locale.ROOT)).raw(">Remove</button></td></tr>");
        }
        h.raw("</tbody></table><button type=\"submit\" id=\"remove-selected\">Remove selected</button></form>");
        return Pages.page(c, problems.any() ? 422 : 200, "blocklist", "Blocklist", h);
    }

    static WebResponse remove(Ctx c) {
        List<String> addresses = c.form().optional("only").map(List::of).orElse(c.form().all("address"));
        try {
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("address: select at least one entry to remove");
            }
            c.account().blocklist().remove(addresses);
            return Console.redirect(c.base() + "/blocklist");
        } catch (SesException | IllegalArgumentException e) {
            return blocklist(c, Problems.of(e, List.of()));
        }
    }
}
