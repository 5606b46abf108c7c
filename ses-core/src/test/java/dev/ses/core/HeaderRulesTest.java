package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.testing.SesExtension;
import dev.ses.core.testing.SesFixture;
import dev.ses.core.testing.SimulatedMail;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One rule for every text that reaches a header, wherever it comes from (a literal subject, the variables a subject
 * takes in a regular send, a task's shared variables, a group's values, display names, attachment names, custom
 * headers), and limits that count the header's name.
 */
@ExtendWith(SesExtension.class)
class HeaderRulesTest {
    private static final String VT = "\u000b";
    private static final String NEL = "\u0085";

    private static ErrorCode code(Throwable t) {
        return ((SesException) t).code();
    }

    private static void assertNothingQueued(SesFixture f) {
        Instant now = f.clock().instant();
        assertThat(f.account().deliveries().find(DeliveryQuery.between(now.minusSeconds(86_400), now.plusSeconds(1)),
                PageRequest.first()).total()).isZero();
    }

    private static RecipientGroup group(SesFixture f, String csv) {
        RecipientGroup g = f.account().groups().create("g" + csv.hashCode(), "");
        ImportReport report = f.account().groups().importCsv(g.id(), new StringReader(csv));
        assertThat(report.applied()).as(report.summary()).isTrue();
        return f.account().groups().get(g.id());
    }

    @Test
    void aVerticalTabIsRefusedInASubjectWhetherLiteralOrThroughAVariable(SesFixture f) {
        long tpl = f.textTemplate("Hello {{v}}");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "Tab" + VT + "here").to("ann@acme.test")
                .variable("v", "x").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("subject: ").hasMessageContaining("U+000B");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "About {{v}}").to("ann@acme.test")
                .variable("v", "x" + VT + "y").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_DATA_INVALID))
                .hasMessageStartingWith("variables.v: ").hasMessageContaining("U+000B")
                .hasMessageContaining("used in the subject");
        // C1 controls are controls too.
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "About {{v}}").to("ann@acme.test")
                .variable("v", "x" + NEL + "y").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_DATA_INVALID))
                .hasMessageContaining("U+0085");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "Next" + NEL + "line").to("ann@acme.test")
                .variable("v", "x").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertNothingQueued(f);

        // A vertical tab in a value that only the body uses is the body's business, and so is a tab in the subject.
        f.account().send(f.message(tpl, "Tab\there").to("ann@acme.test").variable("v", "a\tb").build());
        f.runDueWork();
        assertThat(f.simulator().mailbox("ann@acme.test")).extracting(SimulatedMail::subject)
                .containsExactly("Tab\there");
    }

    @Test
    void aTasksSharedVariablesAndSubjectFollowTheSameRule(SesFixture f) {
        RecipientGroup g = group(f, "email,name\nann@acme.test,Ann\n");
        long tpl = f.textTemplate("Dear {{name}}, {{team}}");
        assertThatThrownBy(() -> f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl,
                "News from {{team}}").withSharedVariables(Map.of("team", "Acme" + VT + "Shipping"))))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_DATA_INVALID))
                .hasMessageStartingWith("sharedVariables.team: ").hasMessageContaining("U+000B");
        assertThatThrownBy(() -> f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl,
                "News" + NEL + "from {{team}}").withSharedVariables(Map.of("team", "Acme"))))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("subject: ");
        assertThat(f.account().tasks().list(PageRequest.first()).items()).isEmpty();
    }

    @Test
    void displayNamesAndAttachmentNamesFollowTheSameRule(SesFixture f) {
        assertThatThrownBy(() -> f.account().addresses().create(f.domain().name(), "news", "Acme" + VT + "News"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_SENDER_ADDRESS))
                .hasMessageStartingWith("displayName: ").hasMessageContaining("U+000B");
        assertThatThrownBy(() -> f.account().addresses().create(f.domain().name(), "news", "Acme" + NEL + "News"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_SENDER_ADDRESS));
        assertThatThrownBy(() -> new Attachment("in" + VT + "voice.pdf", "application/pdf", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filename")
                .hasMessageContaining("U+000B");
        assertThatThrownBy(() -> new Attachment("in\u0000voice.pdf", "application/pdf", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+0000");
        assertThat(new Attachment("in\tvoice.pdf", "application/pdf", new byte[1]).filename())
                .isEqualTo("in\tvoice.pdf");
    }

    @Test
    void theSubjectsLimitCountsTheHeaderName(SesFixture f) {
        long tpl = f.textTemplate("Hello {{v}}");
        // "Subject: " takes 9 of the line's 998 octets.
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "s".repeat(990)).to("ann@acme.test")
                .variable("v", "x").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("subject: 990 characters is over the limit of 989");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "s".repeat(980) + "{{v}}").to("ann@acme.test")
                .variable("v", "x".repeat(10)).build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("subject: 990 characters once rendered is over the limit of 989");
        assertNothingQueued(f);
        f.account().send(f.message(tpl, "s".repeat(989)).to("ann@acme.test").variable("v", "x").build());
        f.runDueWork();
        assertThat(f.simulator().mailbox("ann@acme.test")).extracting(SimulatedMail::subject)
                .containsExactly("s".repeat(989));
    }

    @Test
    void aCustomHeadersLimitCountsItsName(SesFixture f) {
        long tpl = f.textTemplate("x");
        // "X-Token: " takes 9 octets; "X-A-Much-Longer-Name: " takes 22.
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("ann@acme.test")
                .header("X-Token", "t".repeat(990)).build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_HEADER))
                .hasMessage("headers.X-Token: 990 characters is over the limit of 989");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("ann@acme.test")
                .header("X-A-Much-Longer-Name", "t".repeat(977)).build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_HEADER))
                .hasMessageContaining("over the limit of 976");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("ann@acme.test")
                .header("X-Note", "a" + VT + "b").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_HEADER))
                .hasMessageContaining("U+000B");
        assertNothingQueued(f);
        f.account().send(f.message(tpl, "x").to("ann@acme.test").header("X-Token", "t".repeat(989)).build());
        f.runDueWork();
        f.simulator().assertThat("ann@acme.test").received().withHeader("X-Token", "t".repeat(989));
    }

    @Test
    void aTaskMessageWhoseSubjectRendersOverTheLimitFailsWithTheReasonAndTheOthersGo(SesFixture f) {
        RecipientGroup g = group(f, "email,name\nann@acme.test,Ann\nbob@acme.test," + "b".repeat(10) + "\n");
        long tpl = f.textTemplate("Dear {{name}}");
        f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "s".repeat(980) + "{{name}}"));
        f.runDueWork();
        assertThat(f.simulator().delivered()).extracting(SimulatedMail::recipient).containsExactly("ann@acme.test");
        Instant now = f.clock().instant();
        List<DeliveryStatus> bob = f.account().deliveries().find(DeliveryQuery.between(now.minusSeconds(86_400),
                now.plusSeconds(1)), PageRequest.first()).items().stream()
                .filter(s -> s.recipient().equals("bob@acme.test")).toList();
        assertThat(bob).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(MessageState.FAILED);
            assertThat(s.reply()).hasValueSatisfying(r -> assertThat(r).contains("over the limit of 989"));
        });
    }

    @Test
    void anAttachedMessageWithALineTooLongForSmtpIsRefusedAtTheDoor(SesFixture f) {
        long tpl = f.textTemplate("x");
        byte[] message = ("Subject: x\r\n\r\n" + "y".repeat(1200) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("ann@acme.test")
                .attach(new Attachment("original.eml", "message/rfc822", message)).build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("original.eml").hasMessageContaining("1200 octets");
        assertNothingQueued(f);
        f.account().send(f.message(tpl, "x").to("ann@acme.test")
                .attach(new Attachment("long.txt", "text/plain", message)).build());
    }
}
