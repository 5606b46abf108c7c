package dev.ses.examples;

import dev.ses.core.ImportReport;
import dev.ses.core.QuotaStatus;
import dev.ses.core.RecipientGroup;
import dev.ses.core.SendTask;
import dev.ses.core.SesAccount;
import dev.ses.core.TaskProgress;
import dev.ses.core.TaskRequest;
import java.io.Reader;
import java.util.Map;

/** The README's batch example, kept here so that it always compiles. */
public final class BatchStart {
    private BatchStart() {
    }

    /** Imports a CSV into a new group and starts a batch task to it; returns the task's progress. */
    public static TaskProgress run(SesAccount acme, Reader customersCsv, long welcome) {
        // README:batch:begin
        RecipientGroup customers = acme.groups().create("customers", "everyone who bought this year");
        ImportReport report = acme.groups().importCsv(customers.id(), customersCsv);  // email,name,city
        System.out.println(report.summary());                           // "Imported 2 rows." or why nothing was
        report.rejected().forEach(r -> System.out.println("line " + r.line() + ": " + r.message()));

        SendTask task = acme.tasks().create(TaskRequest
                .batch("noreply@mail.acme.example", customers.id(), welcome, "Hello {{name}}")
                .withSharedVariables(Map.of("season", "spring")));
        QuotaStatus today = acme.quotas().status("mail.acme.example");  // warm-up level, limit, remaining
        TaskProgress progress = acme.tasks().progress(task.id());       // PAUSED with a cached count at the quota
        // README:batch:end
        System.out.println(today);
        return progress;
    }
}
