package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.SesExtension;
import dev.ses.core.testing.SesFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SesExtension.class)
class SimulatorTest {
    private static final String D = "@" + MailboxSimulator.DOMAIN;

    private static DeliveryStatus status(SesFixture f, String messageId) {
        return f.account().deliveries().byMessage(messageId).get(0);
    }

    private static String send(SesFixture f, String to) {
        return f.account().send(f.message(f.textTemplate("x"), "x").to(to).build()).messageId();
    }

    @Test
    void builtInAddressesDecideTheOutcomeAndAcceptALabel(SesFixture f) {
        String delivered = send(f, "delivered+t1" + D);
        String bounce = send(f, "bounce+t1" + D);
        String ooto = send(f, "ooto+t1" + D);
        String complaint = send(f, "complaint+t1" + D);
        String suppressed = send(f, "suppressed+t1" + D);
        String full = send(f, "mailboxfull+t1" + D);
        String temp = send(f, "tempfail+t1" + D);
        f.runDueWork();

        assertThat(status(f, delivered).state()).isEqualTo(MessageState.DELIVERED);
        assertThat(status(f, bounce).state()).isEqualTo(MessageState.BOUNCED);
        assertThat(status(f, bounce).bounceType()).contains(BounceType.HARD);
        assertThat(f.account().blocklist().isBlocked("bounce+t1" + D)).isTrue();
        assertThat(status(f, ooto).state()).isEqualTo(MessageState.DELIVERED);
        assertThat(status(f, complaint).complained()).isTrue();
        assertThat(status(f, suppressed).state()).isEqualTo(MessageState.REJECTED);
        assertThat(status(f, suppressed).reply()).hasValueSatisfying(r -> assertThat(r).startsWith("554 5.7.1"));
        assertThat(status(f, full).state()).isEqualTo(MessageState.BOUNCED);
        assertThat(status(f, full).bounceType()).contains(BounceType.SOFT);
        assertThat(f.account().blocklist().isBlocked("mailboxfull+t1" + D)).isFalse();
        assertThat(status(f, temp).state()).isEqualTo(MessageState.DEFERRED);

        f.advance(Duration.ofMinutes(2));
        assertThat(status(f, temp).state()).isEqualTo(MessageState.DELIVERED);
        assertThat(status(f, temp).attempts()).isEqualTo(2);
        assertThat(f.events()).filteredOn(e -> e.recipient().startsWith("ooto")).extracting(SesEvent::type)
                .containsExactly(EventType.QUEUED, EventType.DELIVERED, EventType.AUTO_REPLY);
        assertThat(f.events()).filteredOn(e -> e.recipient().startsWith("complaint")).extracting(SesEvent::type)
                .containsExactly(EventType.QUEUED, EventType.DELIVERED, EventType.COMPLAINED);
    }

    @Test
    void aRuleCanDeferThreeTimesThenDeliver(SesFixture f) {
        f.simulator().rule("*@flaky.test").deferTimes(3).thenDeliver();
        String id = send(f, "ann@flaky.test");
        f.runDueWork();
        for (int i = 1; i <= 3; i++) {
            assertThat(status(f, id).state()).as("after attempt " + i).isEqualTo(MessageState.DEFERRED);
            f.advance(Duration.ofHours(2));
        }
        assertThat(status(f, id).state()).isEqualTo(MessageState.DELIVERED);
        assertThat(status(f, id).attempts()).isEqualTo(4);
        assertThat(f.simulator().replies("ann@flaky.test")).hasSize(4).first().asString().startsWith("451");
        assertThat(f.events()).extracting(SesEvent::type).containsExactly(EventType.QUEUED, EventType.DEFERRED,
                EventType.DEFERRED, EventType.DEFERRED, EventType.DELIVERED);
    }

    @Test
    void aRuleCanBounceWithAnExactReply(SesFixture f) {
        f.simulator().rule("ann@acme.test").hardBounce("550 5.1.1 <ann@acme.test>: no such user here");
        String id = send(f, "ann@acme.test");
        f.runDueWork();
        assertThat(status(f, id).reply()).contains("550 5.1.1 <ann@acme.test>: no such user here");
        assertThat(f.account().blocklist().find("ann@acme.test").get(0).reason())
                .isEqualTo("550 5.1.1 <ann@acme.test>: no such user here");
    }

    @Test
    void aRuleCanThrottleAboveARate(SesFixture f) {
        f.simulator().rule("*@bigmail.test").throttleAbove(2, Duration.ofMinutes(1));
        long tpl = f.textTemplate("x");
        List<String> ids = List.of("a", "b", "c", "d").stream()
                .map(n -> f.account().send(f.message(tpl, "x").to(n + "@bigmail.test").build()).messageId()).toList();
        f.runDueWork();
        assertThat(ids.stream().map(id -> status(f, id).state()).toList())
                .containsExactly(MessageState.DELIVERED, MessageState.DELIVERED, MessageState.DEFERRED,
                        MessageState.DEFERRED);
        assertThat(status(f, ids.get(2)).reply()).hasValueSatisfying(r -> assertThat(r).startsWith("421"));
        f.advance(Duration.ofHours(2));
        assertThat(ids.stream().map(id -> status(f, id).state()).toList()).containsOnly(MessageState.DELIVERED);
    }

    @Test
    void followUpsFireWhenTheClockReachesThem(SesFixture f) {
        f.simulator().rule("bob@acme.test").deliver().thenOpen(Duration.ofMinutes(10))
                .thenClick("https://acme.test/offer", Duration.ofMinutes(12)).thenComplain(Duration.ofHours(2));
        String id = send(f, "bob@acme.test");
        f.runDueWork();
        assertThat(status(f, id).opened()).isFalse();
        f.advance(Duration.ofMinutes(10));
        assertThat(status(f, id).opened()).isTrue();
        assertThat(status(f, id).clicked()).isFalse();
        f.advance(Duration.ofMinutes(2));
        assertThat(status(f, id).clicked()).isTrue();
        assertThat(f.events()).filteredOn(e -> e.type() == EventType.CLICKED).singleElement()
                .satisfies(e -> assertThat(e.link()).contains("https://acme.test/offer"));
        f.advance(Duration.ofMinutes(107));
        assertThat(status(f, id).complained()).isFalse();
        f.advance(Duration.ofMinutes(1));
        assertThat(status(f, id).complained()).isTrue();
    }

    @Test
    void anUnsubscribedRecipientIsRejectedForThatSenderDomain(SesFixture f) {
        f.simulator().rule("cat@acme.test").deliver().thenUnsubscribe(Duration.ofMinutes(1));
        send(f, "cat@acme.test");
        f.runDueWork();
        f.advance(Duration.ofMinutes(1));
        String second = send(f, "cat@acme.test");
        f.runDueWork();
        assertThat(status(f, second).state()).isEqualTo(MessageState.REJECTED);
        assertThat(status(f, second).reply()).hasValueSatisfying(r -> assertThat(r).contains("unsubscribed"));
        f.simulator().assertThat("cat@acme.test").receivedCount(1);
    }

    @Test
    void aLateBounceSettlesTheMessageAndBlocklists(SesFixture f) {
        f.simulator().rule("dan@acme.test").deliver().thenBounce("550 5.1.1 mailbox disabled", Duration.ofMinutes(5));
        String id = send(f, "dan@acme.test");
        f.runDueWork();
        assertThat(status(f, id).state()).isEqualTo(MessageState.DELIVERED);
        f.advance(Duration.ofMinutes(5));
        assertThat(status(f, id).state()).isEqualTo(MessageState.BOUNCED);
        assertThat(f.account().blocklist().isBlocked("dan@acme.test")).isTrue();
    }

    @Test
    void rulesAreTriedInOrderBeforeBuiltIns(SesFixture f) {
        f.simulator().rule("delivered" + D).rejectAsSpam();
        f.simulator().rule("*" + D).hardBounce();
        String id = send(f, "delivered" + D);
        f.runDueWork();
        assertThat(status(f, id).state()).isEqualTo(MessageState.REJECTED);
    }

    @Test
    void rulesCheckTheirArguments(SesFixture f) {
        assertThatThrownBy(() -> f.simulator().rule("x").hardBounce("250 ok"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5xx");
        assertThatThrownBy(() -> f.simulator().rule("x").deferTimes(1, "550 no"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4xx");
        assertThatThrownBy(() -> f.simulator().rule("x").throttleAbove(0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
    }

    @Test
    void failedAssertionsSayWhatArrived(SesFixture f) {
        f.account().send(f.message(f.textTemplate("hello"), "Greetings").to("ann@acme.test").build());
        f.runDueWork();
        assertThatThrownBy(() -> f.simulator().assertThat("ann@acme.test").received().withSubject("Other"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Greetings");
        assertThatThrownBy(() -> f.simulator().assertThat("bob@acme.test").received())
                .isInstanceOf(AssertionError.class).hasMessageContaining("empty");
    }
}
