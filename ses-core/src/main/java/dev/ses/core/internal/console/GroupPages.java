package dev.ses.core.internal.console;

import dev.ses.core.CursorPage;
import dev.ses.core.CursorRequest;
import dev.ses.core.ImportReport;
import dev.ses.core.ImportWarning;
import dev.ses.core.RecipientGroup;
import dev.ses.core.RejectedRow;
import dev.ses.core.SesException;
import dev.ses.core.WebResponse;
import dev.ses.core.spi.GroupMember;
import java.io.StringReader;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Recipient groups: the list, a new group, and one group with its CSV import, the import's report, and its members
 * a page at a time (removable, downloadable as CSV).
 */
final class GroupPages {
    private GroupPages() {
    }

    static WebResponse list(Ctx c, Problems problems) {
        Html h = new Html();
        h.raw("<table id=\"groups\"><thead><tr><th>Id</th><th>Name</th><th>Description</th><th>Recipients</th>")
                .raw("<th>Variables</th><th>Created</th></tr></thead><tbody>");
        for (RecipientGroup g : c.account().groups().list(DomainPages.page(c)).items()) {
            h.raw("<tr>").td(g.id()).raw("<td>").link(c.base() + "/groups/" + g.id(), g.name()).raw("</td>")
                    .td(g.description()).td(g.recipients()).td(String.join(", ", g.variables()))
                    .td(Html.time(g.createdAt())).raw("</tr>");
        }
        h.raw("</tbody></table><h2>New group</h2>");
        Pages.formStart(h, c, "/groups", "create-group");
        problems.write(h, "");
        Pages.field(h, "Name", "name", c.form().get("name"), problems);
        Pages.field(h, "Description", "description", c.form().get("description"), problems);
        h.raw("<button type=\"submit\">Create</button></form>");
        return Pages.page(c, problems.any() ? 422 : 200, "groups", "Recipient groups", h);
    }

    static WebResponse create(Ctx c) {
        try {
            RecipientGroup g = c.account().groups().create(c.form().get("name"), c.form().get("description"));
            return Console.redirect(c.base() + "/groups/" + g.id());
        } catch (SesException | IllegalArgumentException e) {
            return list(c, Problems.of(e, List.of("name", "description")));
        }
    }

    static WebResponse importCsv(Ctx c, long id) {
        return Pages.orNotFound(() -> {
            c.account().groups().get(id);
            try {
                String csv = c.form().raw("csv");
                ImportReport report = c.form().has("skipInvalid")
                        ? c.account().groups().importCsvSkippingInvalid(id, new StringReader(csv))
                        : c.account().groups().importCsv(id, new StringReader(csv));
                return detail(c, id, Problems.NONE, report);
            } catch (SesException | IllegalArgumentException e) {
                if (e instanceof SesException s && s.code() == dev.ses.core.ErrorCode.NOT_FOUND) {
                    throw s;
                }
                return detail(c, id, Problems.of(e, List.of("csv")), null);
            }
        });
    }

    static WebResponse detail(Ctx c, long id, Problems problems, @Nullable ImportReport report) {
        return Pages.orNotFound(() -> {
            RecipientGroup g = c.account().groups().get(id);
            Html h = new Html();
            h.raw("<dl class=\"facts\"><dt>Description</dt>").el("dd", g.description().isEmpty() ? "—"
                    : g.description()).raw("<dt>Recipients</dt><dd id=\"recipients\">").text(g.recipients())
                    .raw("</dd><dt>Variables</dt>").el("dd", g.variables().isEmpty() ? "none"
                            : String.join(", ", g.variables())).raw("<dt>Created</dt>")
                    .el("dd", Html.time(g.createdAt())).raw("</dl>");
            if (report != null) {
                writeReport(h, report);
            }
            members(h, c, g);
            h.raw("<h2>Import recipients from CSV</h2><p class=\"hint\">A header row, the address column first or ")
                    .raw("named <code>email</code>, the other columns become the group's variables. Pick a file ")
                    .raw("or paste its text.</p>");
            Pages.formStart(h, c, "/groups/" + g.id() + "/import", "import");
            problems.write(h, "");
            h.raw("<label for=\"csv-file\">File</label><input type=\"file\" id=\"csv-file\" accept=\".csv,text/csv\"")
                    .raw(" data-fills=\"csv\">");
            Pages.area(h, "CSV", "csv", c.form().raw("csv"), problems);
            h.raw("<label class=\"check\"><input type=\"checkbox\" name=\"skipInvalid\" id=\"skipInvalid\"");
            if (c.form().has("skipInvalid")) {
                h.raw(" checked");
            }
            h.raw("> Import the valid rows and skip the others (otherwise all or nothing)</label>")
                    .raw("<button type=\"submit\">Import</button></form>");
            return Pages.page(c, problems.any() ? 422 : 200, "groups", g.name(), h);
        });
    }

    /** One page of the members, by import order, with check boxes to remove some. */
    private static void members(Html h, Ctx c, RecipientGroup g) {
        CursorPage<GroupMember> page;
        try {
            page = c.account().groups().members(g.id(), ResponsePages.cursor(c));
        } catch (SesException e) {
            if (e.code() == dev.ses.core.ErrorCode.NOT_FOUND) {
                throw e;
            }
            page = c.account().groups().members(g.id(), CursorRequest.first());
        }
        h.raw("<h2>Members</h2>");
        Pages.csvLink(h, c, "groups/" + g.id() + "/members.csv", "csv-members");
        Pages.formStart(h, c, "/groups/" + g.id() + "/remove", "remove-members");
        h.raw("<table id=\"members\"><thead><tr><th></th><th>Address</th>");
        for (String v : g.variables()) {
            h.el("th", v);
        }
        h.raw("</tr></thead><tbody>");
        for (GroupMember m : page.items()) {
            h.raw("<tr><td><input type=\"checkbox\" name=\"address\"").attr("value", m.email())
                    .attr("aria-label", "select " + m.email()).raw("></td>").td(m.email());
            for (String v : g.variables()) {
                h.td(m.variables().getOrDefault(v, ""));
            }
            h.raw("</tr>");
        }
        if (page.items().isEmpty()) {
            h.raw("<tr><td class=\"empty\" colspan=\"2\">No members yet.</td></tr>");
        }
        h.raw("</tbody></table><button type=\"submit\" id=\"remove-members-button\">Remove selected</button>")
                .raw("</form>");
        Pages.next(h, c, "groups/" + g.id(), page.next());
    }

    static WebResponse removeMembers(Ctx c, long id) {
        return Pages.orNotFound(() -> {
            c.account().groups().get(id);
            List<String> addresses = c.form().all("address");
            if (addresses.isEmpty()) {
                return detail(c, id, Problems.of(new IllegalArgumentException(
                        "address: select at least one member to remove"), List.of()), null);
            }
            c.account().groups().removeMembers(id, addresses);
            return Console.redirect(c.base() + "/groups/" + id);
        });
    }

    static WebResponse membersCsv(Ctx c, long id) {
        return Pages.orNotFound(() -> {
            c.account().groups().get(id);
            return Pages.csv("group-" + id + "-members.csv", out -> c.account().exports().groupMembers(id, out));
        });
    }

    private static void writeReport(Html h, ImportReport r) {
        h.raw("<section id=\"import-report\" class=\"" + (r.applied() ? "ok" : "refused") + "\"><h2>Import report</h2>")
                .raw("<p id=\"import-summary\">").text(r.summary()).raw("</p>");
        if (!r.rejected().isEmpty()) {
            h.raw("<table id=\"rejected\"><thead><tr><th>Line</th><th>Reason</th><th>Message</th></tr></thead><tbody>");
            for (RejectedRow row : r.rejected()) {
                h.raw("<tr>").td(row.line()).td(row.reason()).td(row.message()).raw("</tr>");
            }
            h.raw("</tbody></table>");
        }
        if (!r.warnings().isEmpty()) {
            h.raw("<table id=\"warnings\"><thead><tr><th>Line</th><th>Warning</th><th>Message</th></tr></thead><tbody>");
            for (ImportWarning w : r.warnings()) {
                h.raw("<tr>").td(w.line()).td(w.kind()).td(w.message()).raw("</tr>");
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section>");
    }
}
