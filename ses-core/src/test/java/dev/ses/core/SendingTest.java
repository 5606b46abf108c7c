package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.testing.SesExtension;
import dev.ses.core.testing.SesFixture;
import dev.ses.core.testing.SimulatedMail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SesExtension.class)
class SendingTest {
    private static ErrorCode code(Throwable t) {
        return ((SesException) t).code();
    }

    private static void assertNothingQueued(SesFixture f) {
        Instant now = f.clock().instant();
        assertThat(f.account().deliveries().find(DeliveryQuery.between(now.minusSeconds(86_400), now.plusSeconds(1)),
                PageRequest.first()).total()).isZero();
    }

    @Test
    void aSendIsQueuedThenDeliveredByTheDispatcher(SesFixture f) {
        long tpl = f.htmlTemplate("<p>Hello {{name}}</p>");
        SendReceipt receipt = f.account().send(f.message(tpl, "Hi {{name}}").to("ann@acme.test")
                .variable("name", "Ann").build());
        assertThat(receipt.duplicate()).isFalse();
        assertThat(f.account().deliveries().byMessage(receipt.messageId())).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(MessageState.QUEUED));
        f.simulator().assertThat("ann@acme.test").receivedNothing();

        f.runDueWork();

        f.simulator().assertThat("ann@acme.test").received().withTemplate(tpl).withVariable("name", "Ann")
                .withSubject("Hi Ann").withHtmlContaining("<p>Hello Ann</p>").withTextContaining("Hello Ann")
                .from(SesFixture.SENDER);
        DeliveryStatus s = f.account().deliveries().byMessage(receipt.messageId()).get(0);
        assertThat(s.state()).isEqualTo(MessageState.DELIVERED);
        assertThat(s.reply()).hasValueSatisfying(r -> assertThat(r).startsWith("250"));
        assertThat(s.deliveredAt()).contains(f.clock().instant());
        assertThat(s.attempts()).isEqualTo(1);
        assertThat(f.events()).extracting(SesEvent::type).containsExactly(EventType.QUEUED, EventType.DELIVERED);
    }

    @Test
    void toRecipientsSeeEachOtherAndBccStaysHidden(SesFixture f) {
        long tpl = f.textTemplate("Team news");
        f.account().send(f.message(tpl, "News").to("ann@acme.test", "bob@acme.test").cc("cat@acme.test")
                .bcc("dan@acme.test").replyTo("desk@acme.test").header("X-Campaign", "spring").build());
        f.runDueWork();
        for (String r : List.of("ann@acme.test", "bob@acme.test", "cat@acme.test", "dan@acme.test")) {
            SimulatedMail m = f.simulator().assertThat(r).received().withHeader("X-Campaign", "spring").mail();
            assertThat(m.to()).containsExactly("ann@acme.test", "bob@acme.test");
            assertThat(m.cc()).containsExactly("cat@acme.test");
            assertThat(m.replyTo()).contains("desk@acme.test");
        }
        assertThat(f.simulator().delivered()).allSatisfy(m -> {
            assertThat(m.to()).doesNotContain("dan@acme.test");
            assertThat(m.cc()).doesNotContain("dan@acme.test");
        });
    }

    @Test
    void theRecipientListIsDeduplicatedAcrossToCcAndBcc(SesFixture f) {
        long tpl = f.textTemplate("x");
        SendReceipt r = f.account().send(f.message(tpl, "x").to("ann@acme.test").cc("ANN@acme.test")
                .bcc("ann@ACME.test").build());
        assertThat(f.account().deliveries().byMessage(r.messageId())).hasSize(1);
    }

    @Test
    void variablesMustBeExactlyTheTemplatesAndTheSubjects(SesFixture f) {
        long tpl = f.htmlTemplate("<p>{{name}} {{code}}</p>");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "Hi {{nick}}").to("ann@acme.test")
                .variable("name", "Ann").variable("colour", "red").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_VARIABLES_MISMATCH))
                .hasMessageContaining("missing [code, nick]").hasMessageContaining("unknown [colour]");
        assertNothingQueued(f);
    }

    @Test
    void variablesMayComeAsJson(SesFixture f) {
        long tpl = f.textTemplate("{{name}} is {{age}}, vip={{vip}}");
        f.account().send(f.message(tpl, "x").to("ann@acme.test").variablesJson("{\"name\":\"Ann\",\"age\":41,"
                + "\"vip\":true}").build());
        f.runDueWork();
        f.simulator().assertThat("ann@acme.test").received().withTextContaining("Ann is 41, vip=true");
    }

    @Test
    void malformedOrNestedJsonIsRefused(SesFixture f) {
        long tpl = f.textTemplate("{{a}}");
        for (String json : new String[] {"{\"a\":", "[1]", "{\"a\":{\"b\":1}}", "{\"a\":null}", "{\"a\":[1]}"}) {
            assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("ann@acme.test").variablesJson(json)
                    .build())).as(json)
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_DATA_INVALID))
                    .hasMessageContaining("variables");
        }
        assertNothingQueued(f);
    }

    @Test
    void templateDataIsLimitedTo800BytesOfJson(SesFixture f) {
        long tpl = f.textTemplate("{{a}}");
        String ok = "x".repeat(800 - "{\"a\":\"\"}".length());
        f.account().send(f.message(tpl, "x").to("ann@acme.test").variable("a", ok).build());
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("ann@acme.test").variable("a", ok + "y")
                .build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_DATA_INVALID))
                .hasMessageContaining("801 bytes");
    }

    @Test
    void htmlTemplatesEscapeValuesAndTextOnesDoNot(SesFixture f) {
        long html = f.htmlTemplate("<p>{{v}}</p>");
        long text = f.textTemplate("{{v}}");
        f.account().send(f.message(html, "s").to("h@acme.test").variable("v", "<script>x</script>").build());
        f.account().send(f.message(text, "s").to("t@acme.test").variable("v", "<script>x</script>").build());
        f.runDueWork();
        f.simulator().assertThat("h@acme.test").received().withHtmlContaining("&lt;script&gt;x&lt;/script&gt;");
        assertThat(f.simulator().mailbox("h@acme.test").get(0).html().orElseThrow()).doesNotContain("<script>");
        f.simulator().assertThat("t@acme.test").received().withTextContaining("<script>x</script>");
    }

    @Test
    void aValueWithALineBreakCannotReachTheSubject(SesFixture f) {
        long tpl = f.textTemplate("{{v}}");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "About {{v}}").to("ann@acme.test")
                .variable("v", "x\r\nBcc: victim@acme.test").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TEMPLATE_DATA_INVALID))
                .hasMessageStartingWith("variables.v: ").hasMessageContaining("a line break");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "Line\nbreak").to("ann@acme.test")
                .variable("v", "x").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("subject");
        assertNothingQueued(f);
    }

    @Test
    void headersAreChecked(SesFixture f) {
        long tpl = f.textTemplate("x");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("ann@acme.test")
                .header("X-Note", "a\r\nBcc: b@acme.test").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_HEADER))
                .hasMessageContaining("X-Note");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("ann@acme.test").header("Bcc", "b@x.test")
                .build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_HEADER)).hasMessageContaining("Bcc");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("ann@acme.test").header("Bad Name", "v")
                .build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_HEADER));
        assertNothingQueued(f);
    }

    @Test
    void recipientLimitsAreFiftyTwentyAndTwenty(SesFixture f) {
        long tpl = f.textTemplate("x");
        List<String> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add("r" + i + "@acme.test");
        }
        f.account().send(f.message(tpl, "x").to(fifty).build());
        List<String> fiftyOne = new ArrayList<>(fifty);
        fiftyOne.add("r50@acme.test");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to(fiftyOne).build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RECIPIENT_LIMIT_EXCEEDED))
                .hasMessageContaining("to: 51");
        String[] cc21 = fifty.subList(0, 21).toArray(String[]::new);
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("a@acme.test").cc(cc21).build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RECIPIENT_LIMIT_EXCEEDED))
                .hasMessageContaining("cc: 21");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("a@acme.test").bcc(cc21).build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RECIPIENT_LIMIT_EXCEEDED))
                .hasMessageContaining("bcc: 21");
    }

    @Test
    void recipientLimitsAreConfigurable() {
        try (SesFixture f = SesFixture.withLimits(SesLimits.defaults().withRecipientLimits(2, 0, 0))) {
            long tpl = f.textTemplate("x");
            assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("a@x.test", "b@x.test", "c@x.test")
                    .build())).satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RECIPIENT_LIMIT_EXCEEDED));
        }
    }

    @Test
    void invalidAddressesAreRefusedByField(SesFixture f) {
        long tpl = f.textTemplate("x");
        for (String bad : new String[] {"plain", "a@x", "a@-x.test", "user@[127.0.0.1]", "Ann <ann@acme.test>",
                "a b@acme.test", "a@acme.test\r\nBcc: x@y.test"}) {
            assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to(bad).build())).as(bad)
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_EMAIL_ADDRESS))
                    .hasMessageContaining("to:");
        }
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("a@acme.test").replyTo("nope").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_EMAIL_ADDRESS))
                .hasMessageContaining("replyTo");
        assertNothingQueued(f);
    }

    @Test
    void attachmentsAreLimitedInCountAndSize(SesFixture f) {
        long tpl = f.textTemplate("x");
        SendRequest.Builder eleven = f.message(tpl, "x").to("a@acme.test");
        for (int i = 0; i < 11; i++) {
            eleven.attach(new Attachment("f" + i + ".txt", "text/plain", new byte[] {1}));
        }
        assertThatThrownBy(() -> f.account().send(eleven.build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.ATTACHMENT_LIMIT_EXCEEDED))
                .hasMessageContaining("11 files");
        byte[] big = new byte[4 * 1024 * 1024 + 1];
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("a@acme.test")
                .attach(new Attachment("big.bin", "application/octet-stream", big)).build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.ATTACHMENT_LIMIT_EXCEEDED))
                .hasMessageContaining("4194305 bytes");
        f.account().send(f.message(tpl, "x").to("a@acme.test")
                .attach(new Attachment("report.pdf", "application/pdf", new byte[] {37, 80, 68, 70})).build());
        f.runDueWork();
        assertThat(f.simulator().assertThat("a@acme.test").received().mail().attachments())
                .extracting(Attachment::filename).containsExactly("report.pdf");
    }

    @Test
    void theSenderMustBeAVerifiedAddressOfThisAccount(SesFixture f) {
        long tpl = f.textTemplate("x");
        assertThatThrownBy(() -> f.account().send(SendRequest.builder().from("nobody@mail.example.test").template(tpl)
                .subject("x").to("a@acme.test").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("nobody@mail.example.test");

        f.account().domains().create("pending.example.test");
        f.account().addresses().create("pending.example.test", "hi", "");
        assertThatThrownBy(() -> f.account().send(SendRequest.builder().from("hi@pending.example.test").template(tpl)
                .subject("x").to("a@acme.test").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.DOMAIN_NOT_VERIFIED))
                .hasMessageContaining("pending.example.test");

        SesAccount other = f.ses().account("other");
        assertThatThrownBy(() -> other.send(SendRequest.builder().from(SesFixture.SENDER).template(tpl).subject("x")
                .to("a@acme.test").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
        assertNothingQueued(f);
    }

    @Test
    void anotherAccountsTemplateCannotBeUsed(SesFixture f) {
        SesAccount other = f.ses().account("other");
        long foreign = other.templates().create("theirs", TemplateType.TEXT, "secret").id();
        assertThatThrownBy(() -> f.account().send(f.message(foreign, "x").to("a@acme.test").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("templateId");
    }

    @Test
    void theSameIdempotencyKeyReturnsTheFirstMessageAndSendsNothing(SesFixture f) {
        long tpl = f.textTemplate("x");
        SendReceipt first = f.account().send(f.message(tpl, "x").to("a@acme.test").idempotencyKey("order-42").build());
        SendReceipt again = f.account().send(f.message(tpl, "x").to("b@acme.test").idempotencyKey("order-42").build());
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(again.duplicate()).isTrue();
        f.runDueWork();
        f.simulator().assertThat("a@acme.test").receivedCount(1);
        f.simulator().assertThat("b@acme.test").receivedNothing();
        SendReceipt otherKey = f.account().send(f.message(tpl, "x").to("b@acme.test").idempotencyKey("order-43")
                .build());
        assertThat(otherKey.messageId()).isNotEqualTo(first.messageId());
    }

    @Test
    void aTemplateChangedAfterTheSendDoesNotChangeQueuedMail(SesFixture f) {
        long tpl = f.textTemplate("version one {{v}}");
        f.account().send(f.message(tpl, "x").to("a@acme.test").variable("v", "1").build());
        f.account().templates().update(tpl, TemplateType.TEXT, "version two", null);
        f.runDueWork();
        f.simulator().assertThat("a@acme.test").received().withTextContaining("version one 1");
    }

    @Test
    void mailIsDispatchedOnlyOnceEvenWhenPumpedAgain(SesFixture f) {
        long tpl = f.textTemplate("x");
        f.account().send(f.message(tpl, "x").to("a@acme.test").build());
        f.runDueWork();
        f.runDueWork();
        f.advance(Duration.ofHours(1));
        f.simulator().assertThat("a@acme.test").receivedCount(1);
    }

    @Test
    void deliveryStatusIsQueryableByRecipientAndDate(SesFixture f) {
        long tpl = f.textTemplate("x");
        Instant day1 = f.clock().instant();
        f.account().send(f.message(tpl, "x").to("ann@acme.test", "bob@acme.test").build());
        f.advance(Duration.ofDays(1));
        f.account().send(f.message(tpl, "x").to("ann@acme.test").build());
        f.runDueWork();

        Page<DeliveryStatus> ann = f.account().deliveries().find(
                DeliveryQuery.between(day1, day1.plus(Duration.ofDays(2))).withRecipient("ANN@acme.test"),
                PageRequest.first());
        assertThat(ann.items()).hasSize(2).allSatisfy(s -> assertThat(s.recipient()).isEqualTo("ann@acme.test"));
        assertThat(ann.items().get(0).requestedAt()).isAfter(ann.items().get(1).requestedAt());
        assertThat(f.account().deliveries().find(DeliveryQuery.between(day1, day1.plus(Duration.ofDays(1))),
                PageRequest.first()).items()).extracting(DeliveryStatus::recipient)
                .containsExactlyInAnyOrder("ann@acme.test", "bob@acme.test");
        assertThat(f.account().deliveries().find(DeliveryQuery.between(day1, day1.plus(Duration.ofDays(2)))
                .withState(MessageState.DELIVERED), PageRequest.first()).total()).isEqualTo(3);
        assertThat(f.ses().account("other").deliveries().find(DeliveryQuery.between(day1,
                day1.plus(Duration.ofDays(2))), PageRequest.first()).total()).isZero();
        assertThatThrownBy(() -> f.ses().account("other").deliveries().byMessage(ann.items().get(0).messageId()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void theRenderedSubjectAndVariablesMatchPerMessage(SesFixture f) {
        long tpl = f.htmlTemplate("<p>{{a}}</p>");
        f.account().send(f.message(tpl, "S {{a}}").to("x@acme.test").variables(Map.of("a", "1")).build());
        f.account().send(f.message(tpl, "S {{a}}").to("x@acme.test").variables(Map.of("a", "2")).build());
        f.runDueWork();
        assertThat(f.simulator().mailbox("x@acme.test")).extracting(SimulatedMail::subject)
                .containsExactlyInAnyOrder("S 1", "S 2");
    }
}
