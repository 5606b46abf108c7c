package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.testing.SesFixture;
import dev.ses.core.testing.SimulatedMail;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendTasksTest {
    /** No warm-up limits here: warm-up has tests of its own. */
    private final SesFixture f = SesFixture.create(b -> b.quotas(QuotaPolicy.defaults()
            .withWarmup(WarmupPolicy.none())));

    @AfterEach
    void close() {
        f.close();
    }

    private static ErrorCode code(Throwable t) {
        return ((SesException) t).code();
    }

    private RecipientGroup group(String name, int count, int offset) {
        RecipientGroup g = f.account().groups().find(name).orElseGet(() -> f.account().groups().create(name, ""));
        StringBuilder csv = new StringBuilder("email,name\n");
        for (int i = offset; i < offset + count; i++) {
            csv.append("user").append(i).append("@acme.test,Name ").append(i).append('\n');
        }
        ImportReport report = f.account().groups().importCsv(g.id(), new StringReader(csv.toString()));
        assertThat(report.applied()).isTrue();
        return f.account().groups().get(g.id());
    }

    @Test
    void aTenThousandRecipientBatchCompletesWithOnePersonalMessageEach() {
        RecipientGroup g = group("all", 10_000, 0);
        long tpl = f.htmlTemplate("<p>Dear {{name}}, {{offer}}</p>");
        SendTask task = f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "For {{name}}")
                .withSharedVariables(Map.of("offer", "20% off")));
        assertThat(task.status()).isEqualTo(TaskStatus.WAITING);

        f.runDueWork();

        TaskProgress p = f.account().tasks().progress(task.id());
        assertThat(p.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(p.requests()).isEqualTo(10_000);
        assertThat(p.count(MessageState.DELIVERED)).isEqualTo(10_000);
        assertThat(p.progress()).isEqualTo(1.0);
        List<SimulatedMail> mails = f.simulator().delivered();
        assertThat(mails).hasSize(10_000);
        Set<String> recipients = new HashSet<>();
        for (SimulatedMail m : mails) {
            assertThat(recipients.add(m.recipient())).as("once: " + m.recipient()).isTrue();
            String n = m.recipient().substring(4, m.recipient().indexOf('@'));
            assertThat(m.to()).containsExactly(m.recipient());
            assertThat(m.subject()).isEqualTo("For Name " + n);
            assertThat(m.html()).contains("<p>Dear Name " + n + ", 20% off</p>");
            assertThat(m.taskId()).contains(task.id());
        }
    }

    @Test
    void aScheduledTaskDoesNothingUntilItsInstant() {
        RecipientGroup g = group("g", 3, 0);
        long tpl = f.textTemplate("Hi {{name}}");
        Instant at = f.clock().instant().plus(Duration.ofHours(5));
        SendTask task = f.account().tasks().create(TaskRequest.scheduled(f.sender(), g.id(), tpl, "x", at));
        f.advance(Duration.ofHours(4).plusMinutes(59));
        assertThat(f.simulator().delivered()).isEmpty();
        assertThat(f.account().tasks().progress(task.id()).status()).isEqualTo(TaskStatus.WAITING);
        f.advance(Duration.ofMinutes(1));
        assertThat(f.simulator().delivered()).hasSize(3);
        assertThat(f.account().tasks().get(task.id()).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void aScheduledStartMustBeInTheFuture() {
        RecipientGroup g = group("g", 1, 0);
        long tpl = f.textTemplate("Hi {{name}}");
        assertThatThrownBy(() -> f.account().tasks().create(TaskRequest.scheduled(f.sender(), g.id(), tpl, "x",
                f.clock().instant()))).satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("startAt");
    }

    @Test
    void aRecurringTaskRunsEveryNthDayWithItsOwnCountsAndTheGroupAsItIsThen() {
        RecipientGroup g = group("weekly", 2, 0);
        long tpl = f.textTemplate("Hi {{name}}");
        Instant start = f.clock().instant().plus(Duration.ofHours(1));
        SendTask task = f.account().tasks().create(TaskRequest.recurring(f.sender(), g.id(), tpl, "x", start,
                Duration.ofDays(3)).withEnd(start.plus(Duration.ofDays(7))));

        f.advance(Duration.ofHours(1));
        assertThat(f.simulator().delivered()).hasSize(2);
        assertThat(f.account().tasks().get(task.id()).status()).isEqualTo(TaskStatus.WAITING);
        group("weekly", 1, 2);
        f.advance(Duration.ofDays(2));
        assertThat(f.simulator().delivered()).hasSize(2);
        f.advance(Duration.ofDays(1));
        assertThat(f.simulator().delivered()).hasSize(5);
        f.advance(Duration.ofDays(3));
        assertThat(f.simulator().delivered()).hasSize(8);
        f.advance(Duration.ofDays(3));
        assertThat(f.simulator().delivered()).as("the fourth run would start after the end").hasSize(8);

        assertThat(f.account().tasks().runs(task.id())).extracting(TaskRun::number, TaskRun::total)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 2L), org.assertj.core.groups.Tuple.tuple(2, 3L),
                        org.assertj.core.groups.Tuple.tuple(3, 3L));
        assertThat(f.account().tasks().progress(task.id(), 2).count(MessageState.DELIVERED)).isEqualTo(3);
        assertThat(f.account().tasks().progress(task.id()).requests()).isEqualTo(8);
        assertThat(f.account().tasks().get(task.id()).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void recurringIntervalsAreWholeHours() {
        RecipientGroup g = group("g", 1, 0);
        long tpl = f.textTemplate("Hi {{name}}");
        assertThatThrownBy(() -> f.account().tasks().create(TaskRequest.recurring(f.sender(), g.id(), tpl, "x",
                f.clock().instant(), Duration.ofMinutes(90))))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("interval");
    }

    @Test
    void variablesMustMatchTheTemplateExactly() {
        RecipientGroup g = group("g", 1, 0);
        long tpl = f.textTemplate("Hi {{name}}, {{code}}");
        assertThatThrownBy(() -> f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "x")))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_VARIABLES_MISMATCH))
                .hasMessageContaining("missing [code]");
        assertThatThrownBy(() -> f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "x")
                .withSharedVariables(Map.of("code", "1", "extra", "2"))))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_VARIABLES_MISMATCH))
                .hasMessageContaining("unknown [extra]");
        assertThatThrownBy(() -> f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "x")
                .withSharedVariables(Map.of("code", "1", "name", "2"))))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_VARIABLES_MISMATCH))
                .hasMessageContaining("[name]");
        assertThat(f.account().tasks().list(PageRequest.first()).total()).isZero();
    }

    @Test
    void cancelStopsFurtherSends() {
        RecipientGroup g = group("g", 600, 0);
        long tpl = f.textTemplate("Hi {{name}}");
        f.simulator().rule("*@acme.test").deferTimes(1).thenDeliver();
        SendTask task = f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "x"));
        f.runDueWork();
        assertThat(f.account().tasks().progress(task.id()).count(MessageState.DEFERRED)).isEqualTo(600);
        f.account().tasks().cancel(task.id());
        f.advance(Duration.ofHours(3));
        assertThat(f.simulator().delivered()).isEmpty();
        TaskProgress p = f.account().tasks().progress(task.id());
        assertThat(p.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(p.count(MessageState.CANCELLED)).isEqualTo(600);
        assertThatThrownBy(() -> f.account().tasks().cancel(task.id()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_STATE));
    }

    @Test
    void pauseHoldsEverythingUntilResume() {
        RecipientGroup g = group("g", 50, 0);
        long tpl = f.textTemplate("Hi {{name}}");
        SendTask task = f.account().tasks().create(TaskRequest.scheduled(f.sender(), g.id(), tpl, "x",
                f.clock().instant().plusSeconds(60)));
        f.advance(Duration.ofSeconds(60));
        assertThat(f.simulator().delivered()).hasSize(50);

        SendTask second = f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "y"));
        assertThat(f.account().tasks().pause(second.id()).status()).isEqualTo(TaskStatus.PAUSED);
        f.advance(Duration.ofDays(2));
        assertThat(f.simulator().delivered()).hasSize(50);
        assertThat(f.account().tasks().progress(second.id()).status()).isEqualTo(TaskStatus.PAUSED);
        f.account().tasks().resume(second.id());
        f.runDueWork();
        assertThat(f.simulator().delivered()).hasSize(100);
        assertThat(f.account().tasks().get(task.id()).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(f.account().tasks().get(second.id()).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void aRunningTaskCanBePausedAndResumed() {
        RecipientGroup g = group("g", 20, 0);
        long tpl = f.textTemplate("Hi {{name}}");
        f.simulator().rule("*@acme.test").deferTimes(1).thenDeliver();
        SendTask task = f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "x"));
        f.runDueWork();
        f.account().tasks().pause(task.id());
        f.advance(Duration.ofHours(5));
        assertThat(f.simulator().delivered()).isEmpty();
        TaskProgress paused = f.account().tasks().progress(task.id());
        assertThat(paused.status()).isEqualTo(TaskStatus.PAUSED);
        f.account().tasks().resume(task.id());
        f.runDueWork();
        assertThat(f.simulator().delivered()).hasSize(20);
        assertThat(f.account().tasks().progress(task.id()).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void resendGoesToTheRecipientsWithTheChosenOutcome() {
        RecipientGroup g = group("g", 4, 0);
        long tpl = f.textTemplate("Hi {{name}}");
        f.simulator().rule("user0@acme.test").mailboxFull();
        f.simulator().rule("user1@acme.test").deliver().thenOpen(Duration.ZERO);
        SendTask task = f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "x"));
        f.runDueWork();

        SendTask again = f.account().tasks().resend(task.id(), Set.of(ResendFilter.SOFT_BOUNCED,
                ResendFilter.NOT_OPENED));
        f.runDueWork();
        assertThat(f.account().tasks().progress(again.id()).requests()).isEqualTo(3);
        assertThat(f.simulator().mailbox("user1@acme.test")).hasSize(1);
        assertThat(f.simulator().mailbox("user2@acme.test")).hasSize(2);
        assertThat(f.simulator().mailbox("user2@acme.test").get(1).subject()).isEqualTo("x");
        assertThat(f.simulator().mailbox("user2@acme.test").get(1).variables()).containsEntry("name", "Name 2");
        assertThatThrownBy(() -> f.account().tasks().resend(task.id(), Set.of(ResendFilter.FAILED)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void aTaskWhoseTemplateNoLongerFitsFailsWithItsReason() {
        RecipientGroup g = group("g", 2, 0);
        long tpl = f.textTemplate("Hi {{name}}");
        SendTask task = f.account().tasks().create(TaskRequest.scheduled(f.sender(), g.id(), tpl, "x",
                f.clock().instant().plusSeconds(60)));
        f.account().templates().update(tpl, TemplateType.TEXT, "Hi {{first}}", null);
        f.advance(Duration.ofSeconds(60));
        SendTask failed = f.account().tasks().get(task.id());
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.reason()).hasValueSatisfying(r -> assertThat(r).contains("[first]"));
        assertThat(f.simulator().delivered()).isEmpty();
    }

    private RecipientGroup imported(String name, String file) {
        RecipientGroup g = f.account().groups().find(name).orElseGet(() -> f.account().groups().create(name, ""));
        ImportReport report = f.account().groups().importCsv(g.id(),
                SendTasksTest.class.getResourceAsStream("/groups/" + file));
        assertThat(report.applied()).as(report.summary()).isTrue();
        return f.account().groups().get(g.id());
    }

    @Test
    void valuesWithLineBreaksGoIntoTheBody() {
        RecipientGroup g = imported("orders", "multiline.csv");
        long tpl = f.textTemplate("Dear {{name}}, we ship to:\n{{address}}\n{{signature}}");
        f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "Your order, {{name}}")
                .withSharedVariables(Map.of("signature", "Acme\nShipping")));

        f.runDueWork();

        assertThat(f.simulator().delivered()).extracting(SimulatedMail::recipient, SimulatedMail::subject)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ann@acme.test", "Your order, Ann"),
                        org.assertj.core.groups.Tuple.tuple("bob@acme.test", "Your order, Bob"));
        assertThat(f.simulator().delivered()).filteredOn(m -> m.recipient().equals("ann@acme.test"))
                .singleElement().satisfies(m -> assertThat(m.text().replace("\r\n", "\n"))
                        .contains("we ship to:\nHauptstraße 1\n10115 Berlin\nAcme\nShipping"));
    }

    @Test
    void aTaskWhoseSubjectWouldGetALineBreakRefusesToStartNamingTheRecipients() {
        RecipientGroup g = imported("orders", "multiline.csv");
        long tpl = f.textTemplate("Dear {{name}}");

        assertThatThrownBy(() -> f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl,
                "Shipping to {{address}}")))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_DATA_INVALID))
                .hasMessage("subject: the subject uses {{address}}, and its value holds a line break for 1 recipient "
                        + "of group orders: ann@acme.test; a line break may go into the body, never into the subject");
        assertThat(f.account().tasks().list(PageRequest.first()).items()).isEmpty();

        long signed = f.textTemplate("Dear {{name}} at {{address}}");
        assertThatThrownBy(() -> f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), signed,
                "News from {{team}}").withSharedVariables(Map.of("team", "Acme\nShipping"))))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_DATA_INVALID))
                .hasMessageStartingWith("sharedVariables.team: ");
    }

    @Test
    void aRunFailsWhenALaterImportBroughtALineBreakIntoItsSubject() {
        RecipientGroup g = imported("orders", "one-line.csv");
        long tpl = f.textTemplate("Dear {{name}}");
        SendTask task = f.account().tasks().create(TaskRequest.scheduled(f.sender(), g.id(), tpl,
                "Shipping to {{address}}", f.clock().instant().plusSeconds(60)));
        imported("orders", "one-multiline.csv");

        f.advance(Duration.ofSeconds(60));

        SendTask failed = f.account().tasks().get(task.id());
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.reason()).hasValueSatisfying(r -> assertThat(r).contains("{{address}}", "ann@acme.test"));
        assertThat(f.simulator().delivered()).isEmpty();
    }

    @Test
    void tasksBelongToTheirAccount() {
        RecipientGroup g = group("g", 1, 0);
        long tpl = f.textTemplate("Hi {{name}}");
        SendTask task = f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "x"));
        SesAccount other = f.ses().account("other");
        assertThatThrownBy(() -> other.tasks().get(task.id()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> other.tasks().cancel(task.id()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> other.tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "x")))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
