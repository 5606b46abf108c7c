package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.testing.SesExtension;
import dev.ses.core.testing.SesFixture;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SesExtension.class)
class RetryTest {
    @Test
    void temporaryFailuresBackOffExponentiallyThenSettleAsASoftBounceAfter72Hours(SesFixture f) {
        f.simulator().rule("stuck@acme.test").reply(451, "4.4.1 No answer from host");
        String id = f.account().send(f.message(f.textTemplate("x"), "x").to("stuck@acme.test").build()).messageId();
        Instant start = f.clock().instant();
        f.runDueWork();

        Duration previousGap = Duration.ZERO;
        int deferrals = 0;
        DeliveryStatus s = f.account().deliveries().byMessage(id).get(0);
        while (s.state() == MessageState.DEFERRED) {
            Instant before = f.clock().instant();
            int attempts = s.attempts();
            do {
                f.advance(Duration.ofMinutes(1));
                s = f.account().deliveries().byMessage(id).get(0);
            } while (s.attempts() == attempts && s.state() == MessageState.DEFERRED);
            Duration gap = Duration.between(before, f.clock().instant());
            if (deferrals < 5) {
                assertThat(gap).as("gap before attempt " + (attempts + 1)).isGreaterThan(previousGap);
            }
            assertThat(gap).isLessThanOrEqualTo(Duration.ofMinutes(145));
            previousGap = gap;
            deferrals++;
        }
        assertThat(s.state()).isEqualTo(MessageState.BOUNCED);
        assertThat(s.bounceType()).contains(BounceType.SOFT);
        assertThat(s.reply()).hasValueSatisfying(r -> assertThat(r).contains("451 4.4.1"));
        assertThat(Duration.between(start, f.clock().instant())).isBetween(Duration.ofHours(70), Duration.ofHours(72));
        assertThat(f.account().blocklist().isBlocked("stuck@acme.test")).isFalse();
    }

    @Test
    void theMaximumRetryAgeIsConfigurable() {
        try (SesFixture f = SesFixture.withLimits(SesLimits.defaults().withMaxRetryAge(Duration.ofMinutes(10)))) {
            f.simulator().rule("stuck@acme.test").reply(450, "4.2.0 mailbox busy");
            String id = f.account().send(f.message(f.textTemplate("x"), "x").to("stuck@acme.test").build())
                    .messageId();
            f.runDueWork();
            for (int i = 0; i < 12; i++) {
                f.advance(Duration.ofMinutes(1));
            }
            assertThat(f.account().deliveries().byMessage(id).get(0).state()).isEqualTo(MessageState.BOUNCED);
        }
    }

    @Test
    void aPermanentFailureSettlesAtOnce(SesFixture f) {
        f.simulator().rule("gone@acme.test").reply(554, "5.7.1 relay denied");
        String id = f.account().send(f.message(f.textTemplate("x"), "x").to("gone@acme.test").build()).messageId();
        f.runDueWork();
        DeliveryStatus s = f.account().deliveries().byMessage(id).get(0);
        assertThat(s.state()).isEqualTo(MessageState.REJECTED);
        assertThat(s.attempts()).isEqualTo(1);
        f.advance(Duration.ofHours(5));
        assertThat(f.simulator().replies("gone@acme.test")).hasSize(1);
    }

    @Test
    void theRetryAgeCountsFromTheFirstAttemptNotFromDaysHeldByTheQuota() {
        // One message a day: the sixth recipient of the group waits for its turn until the fifth midnight.
        try (SesFixture f = SesFixture.create(b -> b.quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none())
                .withDomainDailyLimit(1)))) {
            f.simulator().rule("late@acme.test").reply(451, "4.7.1 greylisted, try again later");
            RecipientGroup g = f.account().groups().create("g", "");
            StringBuilder csv = new StringBuilder("email\n");
            for (int i = 0; i < 5; i++) {
                csv.append("user").append(i).append("@acme.test\n");
            }
            csv.append("late@acme.test\n");
            assertThat(f.account().groups().importCsv(g.id(), new StringReader(csv.toString())).applied()).isTrue();
            SendTask task = f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), f.textTemplate("x"),
                    "x"));
            f.runDueWork();
            for (int day = 1; day <= 5; day++) {
                f.clock().set(f.clock().instant().atOffset(ZoneOffset.UTC).toLocalDate().plusDays(1)
                        .atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(1));
                f.runDueWork();
            }
            Instant firstAttempt = f.clock().instant();
            String id = f.account().tasks().runs(task.id()).get(0).messageId();
            DeliveryStatus late = status(f, id, "late@acme.test");
            assertThat(late.attempts()).isEqualTo(1);
            assertThat(late.state()).as("deferred, not given up on its first temporary failure")
                    .isEqualTo(MessageState.DEFERRED);
            assertThat(Duration.between(late.requestedAt(), firstAttempt)).isGreaterThan(Duration.ofDays(4));
            assertThat(f.store().messages().get(SesFixture.ACCOUNT, late.deliveryId()).orElseThrow().firstAttemptAt())
                    .contains(firstAttempt);

            while (late.state() == MessageState.DEFERRED
                    && f.clock().instant().isBefore(firstAttempt.plus(Duration.ofHours(80)))) {
                f.advance(Duration.ofMinutes(10));
                late = status(f, id, "late@acme.test");
            }
            assertThat(late.state()).isEqualTo(MessageState.BOUNCED);
            assertThat(late.bounceType()).contains(BounceType.SOFT);
            assertThat(late.attempts()).isGreaterThan(30);
            assertThat(Duration.between(firstAttempt, f.clock().instant()))
                    .isBetween(Duration.ofHours(70), Duration.ofHours(72));
        }
    }

    private static DeliveryStatus status(SesFixture f, String messageId, String recipient) {
        return f.account().deliveries().byMessage(messageId).stream().filter(d -> d.recipient().equals(recipient))
                .findFirst().orElseThrow();
    }
}
