package dev.ses.core.internal.console;

import dev.ses.core.PageRequest;
import dev.ses.core.QuotaStatus;
import dev.ses.core.SenderDomain;
import dev.ses.core.SendingStats;
import dev.ses.core.SesException;
import dev.ses.core.SesHealth;
import dev.ses.core.StatisticsQuery;
import dev.ses.core.WebResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Today at a glance: sends, delivery rate, each sender domain's quota and warm-up, and the engine's health. */
final class OverviewPage {
    private OverviewPage() {
    }

    static WebResponse render(Ctx c) {
        Html h = new Html();
        LocalDate today = LocalDate.ofInstant(c.ses().clock().instant(), ZoneOffset.UTC);
        SendingStats total = c.account().statistics().sending(StatisticsQuery.between(today, today)).total();
        h.raw("<section class=\"cards\">");
        card(h, "Requests today", Long.toString(total.requests()), "requests");
        card(h, "Delivered today", Long.toString(total.delivered()), "delivered");
        card(h, "Delivery rate", Html.percent(total.deliveryRate()), "delivery-rate");
        card(h, "Bounced today", Long.toString(total.softBounces() + total.hardBounces().total()), "bounced");
        card(h, "Rejected today", Long.toString(total.rejected().total()), "rejected");
        h.raw("</section>");

        h.raw("<h2>Quota and warm-up per sender domain</h2><table id=\"quotas\"><thead><tr><th>Domain</th>")
                .raw("<th>Status</th><th>Warm-up level</th><th>Today's limit</th><th>Used</th><th>Remaining</th>")
                .raw("<th>Blocked</th></tr></thead><tbody>");
        for (SenderDomain d : c.account().domains().list(PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
            h.raw("<tr>").raw("<td>").link(c.base() + "/domains/" + d.name(), d.name()).raw("</td>")
                    .td(d.status());
            try {
                QuotaStatus q = c.account().quotas().status(d.name());
                h.td(q.level()).td(q.dailyLimit() == Long.MAX_VALUE ? "unlimited" : Long.toString(q.dailyLimit()))
                        .td(q.used()).td(q.remaining() == Long.MAX_VALUE ? "unlimited"
                                : Long.toString(q.remaining())).td(q.blocked().orElse("—"));
            } catch (SesException e) {
                h.raw("<td colspan=\"5\">").text(e.getMessage()).raw("</td>");
            }
            h.raw("</tr>");
        }
        h.raw("</tbody></table>");

        SesHealth health = c.ses().health();
        h.raw("<h2>Workers and backlog</h2><p id=\"health\">").text(health.healthy() ? "Healthy" : "Not healthy")
                .raw("</p><table id=\"workers\"><thead><tr><th>Thread</th><th>Alive</th><th>Failures in a row</th>")
                .raw("<th>Last success</th></tr></thead><tbody>");
        if (health.workers().isEmpty()) {
            h.raw("<tr><td colspan=\"4\">No background threads: the host pumps the engine itself.</td></tr>");
        }
        for (SesHealth.Worker w : health.workers()) {
            h.raw("<tr>").td(w.name()).td(w.alive() ? "yes" : "no").td(w.failures()).td(Html.time(w.lastSuccess()))
                    .raw("</tr>");
        }
        h.raw("</tbody></table><dl class=\"facts\">");
        health.backlog().ifPresentOrElse(b -> h.raw("<dt>Queued</dt>").el("dd", b.queued())
                .raw("<dt>Deferred</dt>").el("dd", b.deferred()).raw("<dt>Sending</dt>").el("dd", b.sending())
                .raw("<dt>Oldest queued</dt>").el("dd", b.oldestQueued().map(x -> x.toSeconds() + " s ago")
                        .orElse("—")), () -> h.raw("<dt>Backlog</dt><dd>the store cannot be read just now</dd>"));
        h.raw("<dt>Last success</dt>").el("dd", Html.time(health.lastSuccess()))
                .raw("<dt>Last error</dt>").el("dd", health.lastError().orElse("none"));
        h.raw("</dl>");
        return Pages.page(c, 200, "", "Overview", h);
    }

    private static void card(Html h, String label, String value, String id) {
        h.raw("<div class=\"card\"><div class=\"label\">").text(label).raw("</div><div class=\"value\"")
                .attr("id", id).raw(">").text(value).raw("</div></div>");
    }
}
