package dev.ses.core.internal.console;

import dev.ses.core.EmailType;
import dev.ses.core.SenderDomain;
import dev.ses.core.SendingStats;
import dev.ses.core.SesException;
import dev.ses.core.StatisticsQuery;
import dev.ses.core.StatisticsReport;
import dev.ses.core.TrackingSettings;
import dev.ses.core.TrackingStats;
import dev.ses.core.WebResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Statistics (daily sending and tracking charts with the filters, tables under them, CSV downloads) and their
 * settings (the account's switches, each domain's, and several domains at once).
 */
final class StatisticsPages {
    private static final List<String> FILTERS = List.of("from", "to", "emailType", "senderDomain",
            "recipientDomain", "taskId", "templateId");

    private StatisticsPages() {
    }

    /** The query the filters ask for: the last 7 days of everything by default. */
    static StatisticsQuery query(Ctx c) {
        Form q = c.query();
        LocalDate today = LocalDate.ofInstant(c.ses().clock().instant(), ZoneOffset.UTC);
        LocalDate from = day(q, "from", today.minusDays(6));
        LocalDate to = day(q, "to", today);
        EmailType type = switch (q.get("emailType")) {
            case "", "ALL" -> EmailType.ALL;
            case "REGULAR" -> EmailType.REGULAR;
            case "BATCH" -> EmailType.BATCH;
            default -> throw new IllegalArgumentException("emailType: ALL, REGULAR or BATCH: " + q.get("emailType"));
        };
        StatisticsQuery query = StatisticsQuery.between(from, to).withEmailType(type);
        if (q.optional("senderDomain").isPresent()) {
            query = query.withSenderDomain(q.get("senderDomain"));
        }
        if (q.optional("recipientDomain").isPresent()) {
            query = query.withRecipientDomain(q.get("recipientDomain"));
        }
        Optional<Long> task = number(q, "taskId");
        if (task.isPresent()) {
            query = query.withTask(task.get());
        }
        Optional<Long> template = number(q, "templateId");
        if (template.isPresent()) {
            query = query.withTemplate(template.get());
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

    private static Optional<Long> number(Form q, String field) {
        if (q.optional(field).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(q.get(field)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": a number: " + q.get(field));
        }
    }

    static WebResponse render(Ctx c) {
        Html h = new Html();
        Problems problems = Problems.NONE;
        StatisticsReport<SendingStats> sending = null;
        StatisticsReport<TrackingStats> tracking = null;
        try {
            StatisticsQuery query = query(c);
            sending = c.account().statistics().sending(query);
            tracking = c.account().statistics().tracking(query);
        } catch (SesException | IllegalArgumentException e) {
            problems = Problems.of(e, FILTERS);
        }
        filters(h, c, problems);
        Pages.csvLink(h, c, "statistics-sending.csv", "csv-sending");
        Pages.csvLink(h, c, "statistics-tracking.csv", "csv-tracking");
        if (sending != null && tracking != null) {
            List<SendingStats> s = sending.series();
            List<TrackingStats> t = tracking.series();
            List<String> days = s.stream().map(x -> x.start().toLocalDate().toString()).toList();
            h.raw("<h2>Sending</h2>");
            SvgChart.draw(h, "sending-chart", days, List.of(
                    series("requests", "s1", s, SendingStats::requests),
                    series("delivered", "s2", s, SendingStats::delivered),
                    series("bounced", "s3", s, x -> x.softBounces() + x.hardBounces().total()),
                    series("rejected", "s4", s, x -> x.rejected().total())));
            h.raw("<table id=\"sending-table\"><thead><tr><th>Day</th><th>Requests</th><th>Delivered</th>")
                    .raw("<th>Delivery rate</th><th>Deferred</th><th>Soft bounces</th><th>Hard bounces</th>")
                    .raw("<th>Rejected</th><th>Failed</th><th>Complaints</th></tr></thead><tbody>");
            for (SendingStats x : s) {
                sendingRow(h, x.start().toLocalDate().toString(), x);
            }
            sendingRow(h, "Total", sending.total());
            h.raw("</tbody></table>");
            List<String> tdays = t.stream().map(x -> x.start().toLocalDate().toString()).toList();
            h.raw("<h2>Tracking</h2>");
            SvgChart.draw(h, "tracking-chart", tdays, List.of(
                    series("opens", "s1", t, TrackingStats::opens),
                    series("unique opens", "s2", t, TrackingStats::uniqueOpens),
                    series("clicks", "s3", t, TrackingStats::clicks),
                    series("unique clicks", "s4", t, TrackingStats::uniqueClicks)));
            h.raw("<table id=\"tracking-table\"><thead><tr><th>Day</th><th>Delivered</th><th>Opens</th>")
                    .raw("<th>Unique opens</th><th>Machine opens</th><th>Open rate</th><th>Clicks</th>")
                    .raw("<th>Unique clicks</th><th>Machine clicks</th><th>Click rate</th><th>Unsubscriptions</th>")
                    .raw("</tr></thead><tbody>");
            for (TrackingStats x : t) {
                trackingRow(h, x.start().toLocalDate().toString(), x);
            }
            trackingRow(h, "Total", tracking.total());
            h.raw("</tbody></table>");
        }
        return Pages.page(c, problems.any() ? 422 : 200, "statistics", "Statistics", h);
    }

    static WebResponse csv(Ctx c, boolean tracking) {
        try {
            StatisticsQuery q = query(c);
            if (tracking) {
                c.account().statistics().tracking(q);
                return Pages.csv("statistics-tracking.csv", out -> c.account().exports().tracking(q, out));
            }
            c.account().statistics().sending(q);
            return Pages.csv("statistics-sending.csv", out -> c.account().exports().sending(q, out));
        } catch (SesException | IllegalArgumentException e) {
            return render(c);
        }
    }

    private static <T> SvgChart.Series series(String name, String css, List<T> rows, ToLongFunction<T> f) {
        return new SvgChart.Series(name, css, rows.stream().mapToLong(f).toArray());
    }

    private static void sendingRow(Html h, String day, SendingStats x) {
        h.raw("<tr>").td(day).td(x.requests()).td(x.delivered()).td(Html.percent(x.deliveryRate())).td(x.deferred())
                .td(x.softBounces()).td(x.hardBounces().total()).td(x.rejected().total()).td(x.failed())
                .td(x.complaints()).raw("</tr>");
    }

    private static void trackingRow(Html h, String day, TrackingStats x) {
        h.raw("<tr>").td(day).td(x.delivered()).td(x.opens()).td(x.uniqueOpens()).td(x.machineOpens())
                .td(Html.percent(x.openRate())).td(x.clicks()).td(x.uniqueClicks()).td(x.machineClicks())
                .td(Html.percent(x.clickRate())).td(x.unsubscriptions()).raw("</tr>");
    }

    private static void filters(Html h, Ctx c, Problems problems) {
        Form q = c.query();
        h.raw("<form method=\"get\" class=\"filters\" id=\"filters\"").attr("action", c.base() + "/statistics")
                .raw(">");
        problems.write(h, "");
        h.raw("<label for=\"from\">From</label><input type=\"date\" id=\"from\" name=\"from\"")
                .attr("value", q.get("from")).raw(">");
        problems.write(h, "from");
        h.raw("<label for=\"to\">To</label><input type=\"date\" id=\"to\" name=\"to\"").attr("value", q.get("to"))
                .raw(">");
        problems.write(h, "to");
        Pages.select(h, "Email type", "emailType", List.of(new String[] {"ALL", "All"},
                new String[] {"REGULAR", "Regular"}, new String[] {"BATCH", "Batch"}), q.get("emailType"));
        problems.write(h, "emailType");
        Pages.senderDomainSelect(h, c, q.get("senderDomain"));
        problems.write(h, "senderDomain");
        Pages.field(h, "Recipient domain", "recipientDomain", q.get("recipientDomain"), problems);
        Pages.field(h, "Task id", "taskId", q.get("taskId"), problems);
        Pages.field(h, "Template id", "templateId", q.get("templateId"), problems);
        h.raw("<button type=\"submit\">Show</button></form>");
    }

    static WebResponse settings(Ctx c, Problems problems) {
        Html h = new Html();
        problems.write(h, "");
        TrackingSettings account = c.account().statistics().settings().account();
        h.raw("<h2>Account</h2><p class=\"hint\">Every sender domain without its own switches follows these.</p>");
        Pages.formStart(h, c, "/settings", "account-settings");
        switches(h, account, "account");
        h.raw("<button type=\"submit\">Save</button></form><h2>Sender domains</h2><table id=\"domain-settings\">")
                .raw("<thead><tr><th></th><th>Domain</th><th>Counts now</th><th>Set</th></tr></thead><tbody>");
        for (SenderDomain d : c.account().domains().list(DomainPages.page(c)).items()) {
            TrackingSettings s = c.account().statistics().settings().domain(d.name());
            // The check box belongs to the batch form below the table (HTML's form attribute): forms do not nest.
            h.raw("<tr><td><input type=\"checkbox\" name=\"domain\" form=\"batch-settings\"")
                    .attr("value", d.name()).attr("id", "batch-" + d.id()).attr("aria-label", "select " + d.name())
                    .raw("></td>").td(d.name()).td((s.opens() ? "opens" : "no opens") + ", " + (s.clicks()
                    ? "clicks" : "no clicks")).raw("<td>");
            Pages.formStart(h, c, "/settings/domain", "settings-" + d.id());
            h.hidden("domain", d.name());
            switches(h, s, "d" + d.id());
            h.raw("<button type=\"submit\">Save</button></form></td></tr>");
        }
        h.raw("</tbody></table><h2>Set the selected domains</h2>");
        Pages.formStart(h, c, "/settings/batch", "batch-settings");
        switches(h, TrackingSettings.ON, "batch");
        h.raw("<label class=\"check\"><input type=\"checkbox\" name=\"clear\" id=\"batch-clear\"> Forget their ")
                .raw("own switches (follow the account's)</label><button type=\"submit\" id=\"batch-save\">")
                .raw("Apply to the selected domains</button></form>");
        return Pages.page(c, problems.any() ? 422 : 200, "settings", "Statistics settings", h);
    }

    private static void switches(Html h, TrackingSettings s, String idPrefix) {
        h.raw("<label class=\"check\"><input type=\"checkbox\" name=\"opens\" value=\"on\"")
                .attr("id", idPrefix + "-opens").raw(s.opens() ? " checked" : "").raw("> Count opens</label>")
                .raw("<label class=\"check\"><input type=\"checkbox\" name=\"clicks\" value=\"on\"")
                .attr("id", idPrefix + "-clicks").raw(s.clicks() ? " checked" : "").raw("> Count clicks</label>");
    }

    static WebResponse saveSettings(Ctx c, String which) {
        TrackingSettings s = new TrackingSettings(c.form().has("opens"), c.form().has("clicks"));
        try {
            if (which.equals("batch")) {
                List<String> domains = c.form().all("domain");
                if (domains.isEmpty()) {
                    throw new IllegalArgumentException("domain: select at least one sender domain");
                }
                if (c.form().has("clear")) {
                    c.account().statistics().settings().clearDomains(domains);
                } else {
                    c.account().statistics().settings().setDomains(domains, s);
                }
            } else if (which.equals("domain")) {
                c.account().statistics().settings().setDomains(List.of(c.form().get("domain")), s);
            } else {
                c.account().statistics().settings().setAccount(s);
            }
            return Console.redirect(c.base() + "/settings");
        } catch (SesException | IllegalArgumentException e) {
            return settings(c, Problems.of(e, List.of()));
        }
    }
}
