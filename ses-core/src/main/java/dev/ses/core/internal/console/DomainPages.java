package dev.ses.core.internal.console;

import dev.ses.core.DnsRecord;
import dev.ses.core.DomainVerification;
import dev.ses.core.PageRequest;
import dev.ses.core.RecordCheck;
import dev.ses.core.SenderAddress;
import dev.ses.core.SenderDomain;
import dev.ses.core.SesException;
import dev.ses.core.WebResponse;
import java.util.ArrayList;
import java.util.List;

/** Sender domains (their DNS records, verify now) and sender addresses. */
final class DomainPages {
    private DomainPages() {
    }

    static WebResponse list(Ctx c, Problems problems) {
        Html h = new Html();
        h.raw("<table id=\"domains\"><thead><tr><th>Domain</th><th>Status</th><th>DKIM selector</th><th>Created</th>")
                .raw("<th>Verified</th><th>Last checked</th></tr></thead><tbody>");
        for (SenderDomain d : c.account().domains().list(page(c)).items()) {
            h.raw("<tr><td>").link(c.base() + "/domains/" + d.name(), d.name()).raw("</td>")
                    .raw("<td class=\"status-" + d.status().name().toLowerCase(java.util.Locale.ROOT) + "\">")
                    .text(d.status()).raw("</td>").td(d.dkimSelector()).td(Html.time(d.createdAt()))
                    .td(Html.time(d.verifiedAt())).td(Html.time(d.lastCheckedAt())).raw("</tr>");
        }
        h.raw("</tbody></table><h2>Add a sender domain</h2>");
        Pages.formStart(h, c, "/domains", "create-domain");
        problems.write(h, "");
        Pages.field(h, "Domain", "domain", c.form().get("domain"), problems);
        h.raw("<button type=\"submit\">Add</button></form>");
        return Pages.page(c, problems.any() ? 422 : 200, "domains", "Sender domains", h);
    }

    static WebResponse create(Ctx c) {
        String name = c.form().get("domain");
        try {
            SenderDomain d = c.account().domains().create(name);
            return Console.redirect(c.base() + "/domains/" + d.name());
        } catch (SesException | IllegalArgumentException e) {
            return list(c, Problems.of(e, List.of("domain")));
        }
    }

    static WebResponse detail(Ctx c, String name) {
        return Pages.orNotFound(() -> detail(c, c.account().domains().get(name), null));
    }

    static WebResponse verify(Ctx c, String name) {
        return Pages.orNotFound(() -> {
            DomainVerification v = c.account().domains().verify(name);
            return detail(c, c.account().domains().get(name), v);
        });
    }

    private static WebResponse detail(Ctx c, SenderDomain d, DomainVerification v) {
        Html h = new Html();
        h.raw("<p>Status: <strong id=\"domain-status\">").text(d.status()).raw("</strong>");
        if (d.lastCheckedAt().isPresent()) {
            h.raw(" · last checked ").text(Html.time(d.lastCheckedAt()));
        }
        h.raw("</p>");
        if (v == null) {
            h.raw("<h2>Records to publish</h2><table id=\"records\"><thead><tr><th>Purpose</th><th>Name</th>")
                    .raw("<th>Type</th><th>Value</th></tr></thead><tbody>");
            for (DnsRecord r : d.records()) {
                h.raw("<tr>").td(r.purpose()).td(r.name()).td(r.type())
                        .raw("<td class=\"value\">").text(r.type() == dev.ses.core.DnsRecordType.MX
                                ? r.priority() + " " + r.value() : r.value()).raw("</td></tr>");
            }
            h.raw("</tbody></table>");
        } else {
            h.raw("<h2>Verification at ").text(Html.time(v.checkedAt())).raw("</h2>")
                    .raw("<table id=\"checks\"><thead><tr><th>Purpose</th><th>Name</th><th>Type</th>")
                    .raw("<th>Expected</th><th>Found</th><th>Status</th><th>What to do</th></tr></thead><tbody>");
            for (RecordCheck r : v.checks()) {
                h.raw("<tr>").td(r.purpose()).td(r.name()).td(r.type()).raw("<td class=\"value\">").text(r.expected())
                        .raw("</td><td class=\"value\">").text(r.found().isEmpty() ? "—" : r.found()).raw("</td>")
                        .raw("<td class=\"check-" + r.status().name().toLowerCase(java.util.Locale.ROOT) + "\">")
                        .text(r.status() + (r.required() ? "" : " (optional)")).raw("</td>")
                        .td(r.advice().isEmpty() ? "—" : r.advice()).raw("</tr>");
            }
            h.raw("</tbody></table>");
        }
        Pages.formStart(h, c, "/domains/" + d.name() + "/verify", "verify");
        h.raw("<button type=\"submit\" id=\"verify-now\">Verify now</button></form>");
        return Pages.page(c, 200, "domains", d.name(), h);
    }

    static WebResponse addresses(Ctx c, Problems problems) {
        Html h = new Html();
        h.raw("<table id=\"addresses\"><thead><tr><th>Address</th><th>Display name</th><th>Domain</th>")
                .raw("<th>Created</th><th></th></tr></thead><tbody>");
        for (SenderAddress a : c.account().addresses().list(page(c)).items()) {
            h.raw("<tr>").td(a.email()).td(a.displayName()).td(a.domain()).td(Html.time(a.createdAt())).raw("<td>");
            Pages.formStart(h, c, "/addresses/delete", "delete-" + a.id());
            h.hidden("email", a.email()).raw("<button type=\"submit\">Delete</button></form></td></tr>");
        }
        h.raw("</tbody></table><h2>Add a sender address</h2>");
        Pages.formStart(h, c, "/addresses", "create-address");
        problems.write(h, "");
        List<String[]> domains = new ArrayList<>();
        for (SenderDomain d : c.account().domains().list(PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
            domains.add(new String[] {d.name(), d.name() + " (" + d.status() + ")"});
        }
        Pages.select(h, "Domain", "domain", domains, c.form().get("domain"));
        problems.write(h, "domain");
        Pages.field(h, "Local part", "localPart", c.form().get("localPart"), problems);
        Pages.field(h, "Display name", "displayName", c.form().get("displayName"), problems);
        h.raw("<button type=\"submit\">Add</button></form>");
        return Pages.page(c, problems.any() ? 422 : 200, "addresses", "Sender addresses", h);
    }

    static WebResponse createAddress(Ctx c) {
        try {
            c.account().addresses().create(c.form().get("domain"), c.form().get("localPart"),
                    c.form().get("displayName"));
            return Console.redirect(c.base() + "/addresses");
        } catch (SesException | IllegalArgumentException e) {
            return addresses(c, Problems.of(e, List.of("domain", "localPart", "displayName")));
        }
    }

    static WebResponse deleteAddress(Ctx c) {
        try {
            c.account().addresses().delete(c.form().get("email"));
            return Console.redirect(c.base() + "/addresses");
        } catch (SesException | IllegalArgumentException e) {
            return addresses(c, Problems.of(e, List.of()));
        }
    }

    /** The page of a list the query asks for ({@code ?offset=}), 100 at a time. */
    static PageRequest page(Ctx c) {
        int offset = 0;
        try {
            offset = Math.max(0, Integer.parseInt(c.query().get("offset")));
        } catch (NumberFormatException e) {
            offset = 0;
        }
        return new PageRequest(offset, PageRequest.MAX_LIMIT);
    }
}
