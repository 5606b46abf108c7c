package dev.ses.core.internal.console;

import dev.ses.core.MessageState;
import dev.ses.core.PageRequest;
import dev.ses.core.RecipientGroup;
import dev.ses.core.ResendFilter;
import dev.ses.core.SendTask;
import dev.ses.core.SenderAddress;
import dev.ses.core.SesException;
import dev.ses.core.TaskProgress;
import dev.ses.core.TaskRequest;
import dev.ses.core.TaskRun;
import dev.ses.core.TaskStatus;
import dev.ses.core.Template;
import dev.ses.core.WebResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Batch tasks: the list, a new batch, and one task with its progress bar, its counts per state and per run, pause,
 * resume and cancel, and a resend to the recipients whose message ended some ways. The bar is a {@code <progress>} element that {@code console.js} refreshes from
 * {@code progress.json} once a second while the task has not ended (the CSP allows that: same-origin script and
 * {@code connect-src 'self'}).
 */
final class TaskPages {
    private TaskPages() {
    }

    static WebResponse list(Ctx c, Problems problems) {
        Html h = new Html();
        h.raw("<table id=\"tasks\"><thead><tr><th>Id</th><th>Type</th><th>Subject</th><th>Status</th>")
                .raw("<th>Runs</th><th>Next run</th><th>Updated</th></tr></thead><tbody>");
        for (SendTask t : c.account().tasks().list(DomainPages.page(c)).items()) {
            h.raw("<tr>").td(t.id()).td(t.type()).raw("<td>").link(c.base() + "/tasks/" + t.id(), t.subject())
                    .raw("</td>").td(t.status()).td(t.runs()).td(Html.time(t.nextRunAt())).td(Html.time(t.updatedAt()))
                    .raw("</tr>");
        }
        h.raw("</tbody></table><h2>New batch task</h2>");
        Pages.formStart(h, c, "/tasks", "create-task");
        problems.write(h, "");
        List<String[]> from = new ArrayList<>();
        for (SenderAddress a : c.account().addresses().list(PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
            from.add(new String[] {a.email(), a.email()});
        }
        Pages.select(h, "From", "from", from, c.form().get("from"));
        problems.write(h, "from");
        List<String[]> groups = new ArrayList<>();
        for (RecipientGroup g : c.account().groups().list(PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
            groups.add(new String[] {Long.toString(g.id()), g.name() + " (" + g.recipients() + ")"});
        }
        Pages.select(h, "Recipient group", "groupId", groups, c.form().get("groupId"));
        problems.write(h, "groupId");
        List<String[]> templates = new ArrayList<>();
        for (Template t : c.account().templates().list(PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
            templates.add(new String[] {Long.toString(t.id()), t.name()});
        }
        Pages.select(h, "Template", "templateId", templates, c.form().get("templateId"));
        problems.write(h, "templateId");
        Pages.field(h, "Subject", "subject", c.form().get("subject"), problems);
        h.raw("<button type=\"submit\">Start</button></form>");
        return Pages.page(c, problems.any() ? 422 : 200, "tasks", "Batch tasks", h);
    }

    static WebResponse create(Ctx c) {
        try {
            SendTask t = c.account().tasks().create(TaskRequest.batch(c.form().get("from"),
                    number(c.form().get("groupId"), "groupId"), number(c.form().get("templateId"), "templateId"),
                    c.form().get("subject")));
            return Console.redirect(c.base() + "/tasks/" + t.id());
        } catch (SesException | IllegalArgumentException e) {
            return list(c, Problems.of(e, List.of("from", "groupId", "templateId", "subject")));
        }
    }

    private static long number(String value, String field) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": pick one (there is none yet?)");
        }
    }

    static WebResponse act(Ctx c, long id, String action) {
        return Pages.orNotFound(() -> {
            try {
                switch (action) {
                    case "pause" -> c.account().tasks().pause(id);
                    case "resume" -> c.account().tasks().resume(id);
                    case "cancel" -> c.account().tasks().cancel(id);
                    case "resend" -> {
                        return resend(c, id);
                    }
                    default -> {
                        return Pages.notFound();
                    }
                }
                return Console.redirect(c.base() + "/tasks/" + id);
            } catch (SesException e) {
                if (e.code() == dev.ses.core.ErrorCode.NOT_FOUND) {
                    throw e;
                }
                return detail(c, id, Problems.of(e, List.of()));
            }
        });
    }

    private static WebResponse resend(Ctx c, long id) {
        Set<ResendFilter> filters = EnumSet.noneOf(ResendFilter.class);
        for (String f : c.form().all("filter")) {
            try {
                filters.add(ResendFilter.valueOf(f));
            } catch (IllegalArgumentException e) {
                return detail(c, id, Problems.of(new IllegalArgumentException("filter: not a filter: " + f),
                        List.of("filter")));
            }
        }
        if (filters.isEmpty()) {
            return detail(c, id, Problems.of(new IllegalArgumentException(
                    "filter: pick which recipients to send to again"), List.of("filter")));
        }
        SendTask again = c.account().tasks().resend(id, filters);
        return Console.redirect(c.base() + "/tasks/" + again.id());
    }

    static WebResponse detail(Ctx c, long id, Problems problems) {
        return Pages.orNotFound(() -> {
            TaskProgress p = c.account().tasks().progress(id);
            SendTask t = p.task();
            Html h = new Html();
            problems.write(h, "");
            h.raw("<p>Status: <strong id=\"task-status\">").text(p.status()).raw("</strong>");
            t.reason().ifPresent(r -> h.raw(" · ").text(r));
            h.raw("</p><div class=\"progress\"><progress id=\"progress\" max=\"100\"")
                    .attr("value", percent(p)).attr("data-progress", c.base() + "/tasks/" + t.id() + "/progress.json")
                    .attr("data-label", "progress-label").attr("data-done", ended(p.status()))
                    .raw("></progress><span id=\"progress-label\">").text(label(p)).raw("</span></div>");
            h.raw("<h2>By state</h2><table id=\"states\"><thead><tr>");
            for (MessageState s : MessageState.values()) {
                h.el("th", s);
            }
            h.raw("</tr></thead><tbody><tr>");
            for (MessageState s : MessageState.values()) {
                h.raw("<td").attr("data-state", s).raw(">").text(p.count(s)).raw("</td>");
            }
            h.raw("</tr></tbody></table><h2>Runs</h2><table id=\"runs\"><thead><tr><th>Run</th><th>Started</th>")
                    .raw("<th>Completed</th><th>Recipients</th><th>Sent</th><th>Delivered</th><th>Bounced</th>")
                    .raw("<th>Rejected</th><th>Waiting</th></tr></thead><tbody>");
            List<TaskRun> runs = c.account().tasks().runs(id);
            for (TaskRun r : runs) {
                // A task of one run (a batch) has that run's counts already: counting again would read it twice.
                TaskProgress rp = runs.size() == 1 ? p : c.account().tasks().progress(id, r.number());
                h.raw("<tr>").td(r.number()).td(Html.time(r.startedAt())).td(Html.time(r.completedAt()))
                        .td(r.total()).td(rp.sent()).td(rp.count(MessageState.DELIVERED))
                        .td(rp.count(MessageState.BOUNCED)).td(rp.count(MessageState.REJECTED)).td(rp.cached())
                        .raw("</tr>");
            }
            h.raw("</tbody></table><div class=\"actions\">");
            for (String action : List.of("pause", "resume", "cancel")) {
                Pages.formStart(h, c, "/tasks/" + t.id() + "/" + action, action);
                h.raw("<button type=\"submit\"").attr("id", action + "-task").raw(">")
                        .text(action.substring(0, 1).toUpperCase(Locale.ROOT) + action.substring(1))
                        .raw("</button></form>");
            }
            h.raw("</div><h2>Send again</h2><p class=\"hint\">A new batch task, to the recipients of this one ")
                    .raw("whose message ended one of these ways.</p>");
            Pages.formStart(h, c, "/tasks/" + t.id() + "/resend", "resend");
            for (ResendFilter f : ResendFilter.values()) {
                h.raw("<label class=\"check\"><input type=\"checkbox\" name=\"filter\"").attr("value", f)
                        .attr("id", "resend-" + f).raw(">").text(f.name().replace('_', ' ').toLowerCase(Locale.ROOT))
                        .raw("</label>");
            }
            problems.write(h, "filter");
            h.raw("<button type=\"submit\" id=\"resend-task\">Resend</button></form>");
            h.raw("<dl class=\"facts\"><dt>Type</dt>").el("dd", t.type()).raw("<dt>Group</dt>")
                    .el("dd", t.groupId()).raw("<dt>Template</dt>").el("dd", t.templateId()).raw("<dt>Created</dt>")
                    .el("dd", Html.time(t.createdAt())).raw("</dl>");
            return Pages.page(c, problems.any() ? 422 : 200, "tasks", "Task " + t.id() + ": " + t.subject(), h);
        });
    }

    static WebResponse progressJson(Ctx c, long id) {
        return Pages.orNotFound(() -> {
            TaskProgress p = c.account().tasks().progress(id);
            String json = "{\"percent\":" + percent(p) + ",\"status\":\"" + p.status() + "\",\"done\":"
                    + ended(p.status()) + ",\"text\":\"" + label(p) + "\"}";
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json");
            h.put("Cache-Control", "no-store");
            h.put("X-Content-Type-Options", "nosniff");
            return new WebResponse(200, h, json.getBytes(StandardCharsets.UTF_8));
        });
    }

    private static boolean ended(TaskStatus s) {
        return s == TaskStatus.COMPLETED || s == TaskStatus.CANCELLED;
    }

    /**
     * The bar's value: whole percent settled, 100 only when every message is; 0 for a task that has not made its
     * messages yet (the facade's share is 1 for a task without messages).
     */
    private static long percent(TaskProgress p) {
        if (p.requests() == 0) {
            return ended(p.status()) ? 100 : 0;
        }
        double share = p.progress();
        return share >= 1 ? 100 : Math.min(99, (long) Math.floor(share * 100));
    }

    /** Numbers and a status only, so it needs no escaping in JSON or HTML. */
    private static String label(TaskProgress p) {
        long settled = p.byState().entrySet().stream().filter(e -> e.getKey().settled())
                .mapToLong(Map.Entry::getValue).sum();
        return percent(p) + " % · " + settled + " of " + p.requests() + " settled · " + p.status();
    }
}
