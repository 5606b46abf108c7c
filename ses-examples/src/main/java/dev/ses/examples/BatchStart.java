package dev.ses.examples;

import dev.ses.core.ImportReport;
import dev.ses.core.QuotaStatus;
import dev.ses.core.RecipientGroup;
import dev.ses.core.SendTask;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.TaskProgress;
import dev.ses.core.TaskRequest;
import dev.ses.core.TemplateType;
import dev.ses.core.testing.MailboxSimulator;
import java.io.StringReader;
import java.util.Map;

/** Batch sending: a recipient group from CSV, and a task that sends each recipient a message of their own. */
public final class BatchStart {
    private BatchStart() {
    }

    /** Imports the group, sends the task and prints its progress and the day's quota. */
    public static void main(String[] args) {
        StaticDnsResolver dns = new StaticDnsResolver();
        try (Ses ses = Ses.builder().transport(MailboxSimulator.create()).dns(dns).workers(0).build()) {
            SesAccount acme = ses.defaultAccount();
            dns.publish(acme.domains().create("mail.acme.example"));
            acme.domains().verify("mail.acme.example");
            acme.addresses().create("mail.acme.example", "noreply", "Acme");
            // The group's columns (but email) and the shared variables are exactly the template's variables.
            long offer = acme.templates().create("spring-offer", TemplateType.HTML,
                    "<p>Hi {{name}}, our {{city}} shop has its {{season}} sale.</p>").id();

            RecipientGroup customers = acme.groups().create("customers", "everyone who bought this year");
            String customersCsv = """
                    email,name,city
                    ann@example.com,Ann,Paris
                    bob@example.com,Bob,Rome
                    """;
            ImportReport report = acme.groups().importCsv(customers.id(), new StringReader(customersCsv));
            if (!report.applied()) {                                 // all or nothing: one bad row refuses the file
                report.rejected().forEach(r -> System.out.println("line " + r.line() + ": " + r.message()));
                return;
            }

            SendTask task = acme.tasks().create(TaskRequest
                    .batch("noreply@mail.acme.example", customers.id(), offer, "{{name}}, the {{season}} sale")
                    .withSharedVariables(Map.of("season", "spring")));
            ses.runDueWork();
            TaskProgress progress = acme.tasks().progress(task.id());    // PAUSED with a cached count at the quota
            QuotaStatus today = acme.quotas().status("mail.acme.example");  // warm-up level, limit, remaining
            System.out.println(progress.status() + ": " + progress.sent() + " of " + progress.requests() + " sent; "
                    + today.remaining() + " more today");
        }
    }
}
