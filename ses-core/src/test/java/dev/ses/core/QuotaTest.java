package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.SesFixture;
import dev.ses.core.testing.SimulatedMail;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Daily quotas, warm-up and rate limits, day by day on a manual clock. */
class QuotaTest {
    private SesFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private SesFixture fixture(QuotaPolicy quotas) {
        f = SesFixture.create(b -> b.quotas(quotas));
        return f;
    }

    private static ErrorCode code(Throwable t) {
        return ((SesException) t).code();
    }

    /** A group of {@code count} recipients {@code prefix0@acme.test}, {@code prefix1@acme.test}... */
    private RecipientGroup group(String name, int count, String prefix) {
        RecipientGroup g = f.account().groups().create(name, "");
        for (int from = 0; from < count; from += 10_000) {
            StringBuilder csv = new StringBuilder("email,name\n");
            for (int i = from; i < Math.min(count, from + 10_000); i++) {
                csv.append(prefix).append(i).append("@acme.test,N").append(i).append('\n');
            }
            assertThat(f.account().groups().importCsv(g.id(), new StringReader(csv.toString())).applied()).isTrue();
        }
        return f.account().groups().get(g.id());
    }

    private SendTask batch(RecipientGroup g) {
        long tpl = f.account().templates().find("t").orElseGet(() -> f.account().templates().create("t",
                TemplateType.TEXT, "Hi {{name}}")).id();
        return f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "x"));
    }

    private Instant nextMidnight() {
        return f.clock().instant().atZone(ZoneId.of("UTC")).toLocalDate().plusDays(1).atStartOfDay(ZoneId.of("UTC"))
                .toInstant();
    }

    /** Just past the next midnight: held messages are spread over a fraction of a second after it. */
    private void toNextDay() {
        f.clock().set(nextMidnight().plusSeconds(1));
        f.runDueWork();
    }

    @Test
    void theStandardPlanSendsItsLimitEachDayPausesAndResumesAtTheBoundary() {
        fixture(QuotaPolicy.defaults());
        RecipientGroup g = group("big", 20_000, "u");
        SendTask task = batch(g);
        long[] plan = {500, 1_000, 2_000, 5_000, 10_000};
        long total = 0;
        for (int day = 0; day < plan.length; day++) {
            if (day == 0) {
                f.runDueWork();
            } else {
                f.clock().set(nextMidnight().minusSeconds(1));
                f.runDueWork();
                assertThat(f.simulator().delivered()).as("nothing before the boundary").hasSize((int) total);
                toNextDay();
            }
            total += plan[day];
            assertThat(f.simulator().delivered()).as("day " + (day + 1)).hasSize((int) total);
            QuotaStatus q = f.account().quotas().status(SesFixture.DOMAIN);
            assertThat(q.level()).isEqualTo(day + 1);
            assertThat(q.dailyLimit()).isEqualTo(plan[day]);
            assertThat(q.used()).isEqualTo(plan[day]);
            assertThat(q.remaining()).isZero();
            TaskProgress p = f.account().tasks().progress(task.id());
            assertThat(p.status()).isEqualTo(TaskStatus.PAUSED);
            assertThat(p.cached()).isEqualTo(20_000 - total);
        }
        assertThat(f.account().quotas().decisions(SesFixture.DOMAIN)).extracting(WarmupDecision::reason)
                .hasSize(4).first().asString().startsWith("up to level 2: sent 500 of 500");
        toNextDay();
        assertThat(f.account().tasks().progress(task.id()).status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(f.simulator().delivered()).hasSize(20_000);
    }

    @Test
    void fourteenDaysFollowThePlanDayByDay() {
        long[] table = {10, 20, 40, 60, 80, 100, 150, 200, 300, 400, 500, 600, 700, 800, 900};
        fixture(QuotaPolicy.defaults().withWarmup(WarmupPolicy.table(table)));
        RecipientGroup g = group("g", 5_000, "u");
        batch(g);
        f.runDueWork();
        long sent = 0;
        for (int day = 0; day < 14; day++) {
            if (day > 0) {
                toNextDay();
            }
            sent += table[day];
            assertThat(f.simulator().delivered()).as("after day " + (day + 1)).hasSize((int) sent);
            assertThat(f.account().quotas().status(SesFixture.DOMAIN).level()).isEqualTo(day + 1);
        }
        assertThat(f.account().quotas().decisions(SesFixture.DOMAIN)).hasSize(13)
                .allSatisfy(d -> assertThat(d.toLevel()).isEqualTo(d.fromLevel() + 1));
    }

    @Test
    void badQualityTakesTheDomainDownALevelTheNextDay() {
        fixture(QuotaPolicy.defaults());
        f.simulator().rule("c*@acme.test").deliver().thenComplain(Duration.ZERO);
        RecipientGroup good = group("good", 500, "u");
        batch(good);
        f.runDueWork();
        toNextDay();
        assertThat(f.account().quotas().status(SesFixture.DOMAIN).level()).isEqualTo(2);
        RecipientGroup mixed = group("mixed", 1_000, "c");
        batch(mixed);
        f.runDueWork();
        toNextDay();
        QuotaStatus q = f.account().quotas().status(SesFixture.DOMAIN);
        assertThat(q.level()).isEqualTo(1);
        assertThat(f.account().quotas().decisions(SesFixture.DOMAIN)).last().satisfies(d -> {
            assertThat(d.reason()).startsWith("down to level 1: complaint rate 100.0% > 0.5%");
            assertThat(d.fromLevel()).isEqualTo(2);
        });
    }

    @Test
    void theWorstRatesBlockTheRestOfTheDay() {
        fixture(QuotaPolicy.defaults());
        f.simulator().rule("u1*@acme.test").hardBounce();
        RecipientGroup g = group("g", 800, "u");
        SendTask task = batch(g);
        f.runDueWork();
        QuotaStatus q = f.account().quotas().status(SesFixture.DOMAIN);
        assertThat(q.blocked()).hasValueSatisfying(r -> assertThat(r).contains("invalid-address rate"));
        assertThat(q.remaining()).isZero();
        long tpl = f.textTemplate("x");
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("late@acme.test").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
        assertThat(f.account().tasks().progress(task.id()).count(MessageState.QUEUED)).isPositive();
        toNextDay();
        assertThat(f.account().quotas().status(SesFixture.DOMAIN).blocked()).isEmpty();
    }

    @Test
    void aRegularSendOverTheQuotaFailsAtOnceAndQueuesNothing() {
        fixture(QuotaPolicy.defaults().withDomainDailyLimit(3));
        long tpl = f.textTemplate("x");
        f.account().send(f.message(tpl, "x").to("a@acme.test", "b@acme.test").build());
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("c@acme.test", "d@acme.test").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.QUOTA_EXCEEDED))
                .hasMessageContaining("only 1 left");
        assertThat(f.account().quotas().status(SesFixture.DOMAIN).used()).isEqualTo(2);
        f.account().send(f.message(tpl, "x").to("c@acme.test").build());
        f.runDueWork();
        assertThat(f.simulator().delivered()).hasSize(3);
        toNextDay();
        f.account().send(f.message(tpl, "x").to("d@acme.test", "e@acme.test", "g@acme.test").build());
    }

    @Test
    void aRegularSendGivesBackTheQuotaOfRecipientsItNeverSentTo() {
        fixture(QuotaPolicy.defaults().withDomainDailyLimit(3));
        long tpl = f.textTemplate("x");
        f.account().blocklist().add("blocked@acme.test", "asked not to be mailed", java.util.Optional.empty());
        f.account().send(f.message(tpl, "x").to("a@acme.test", "blocked@acme.test").build());
        assertThat(f.account().quotas().status(SesFixture.DOMAIN).used()).isEqualTo(2);
        f.runDueWork();
        assertThat(f.account().quotas().status(SesFixture.DOMAIN).used()).as("the blocklisted one gave it back")
                .isEqualTo(1);
        f.account().send(f.message(tpl, "x").to("b@acme.test", "c@acme.test").build());
        assertThat(f.account().quotas().status(SesFixture.DOMAIN).remaining()).isZero();
    }

    @Test
    void theAccountLimitSpansDomains() {
        fixture(QuotaPolicy.defaults().withAccountDailyLimit(2));
        long tpl = f.textTemplate("x");
        f.account().send(f.message(tpl, "x").to("a@acme.test", "b@acme.test").build());
        assertThatThrownBy(() -> f.account().send(f.message(tpl, "x").to("c@acme.test").build()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
    }

    @Test
    void tasksSharingADomainTakeTurnsSoNoneStarves() {
        fixture(QuotaPolicy.defaults().withDomainDailyLimit(100).withWarmup(WarmupPolicy.none()));
        SendTask a = batch(group("a", 300, "a"));
        f.runDueWork();
        SendTask b = batch(group("b", 300, "b"));
        f.runDueWork();
        assertThat(f.account().tasks().progress(a.id()).count(MessageState.DELIVERED)).isEqualTo(100);
        assertThat(f.account().tasks().progress(b.id()).count(MessageState.DELIVERED)).isZero();
        assertThat(f.account().tasks().progress(b.id()).status()).isEqualTo(TaskStatus.PAUSED);
        toNextDay();
        long dayTwoA = f.account().tasks().progress(a.id()).count(MessageState.DELIVERED) - 100;
        long dayTwoB = f.account().tasks().progress(b.id()).count(MessageState.DELIVERED);
        assertThat(dayTwoA + dayTwoB).isEqualTo(100);
        assertThat(dayTwoA).isBetween(40L, 60L);
        assertThat(dayTwoB).isBetween(40L, 60L);
    }

    @Test
    void theDayEndsInTheConfiguredZone() {
        fixture(QuotaPolicy.defaults().withDomainDailyLimit(10).withWarmup(WarmupPolicy.none())
                .withZone(ZoneId.of("Asia/Shanghai")));
        batch(group("g", 30, "u"));
        f.runDueWork();
        assertThat(f.simulator().delivered()).hasSize(10);
        f.clock().set(Instant.parse("2026-01-05T15:59:59Z"));
        f.runDueWork();
        assertThat(f.simulator().delivered()).hasSize(10);
        f.clock().set(Instant.parse("2026-01-05T16:00:01Z"));
        f.runDueWork();
        assertThat(f.simulator().delivered()).hasSize(20);
    }

    @Test
    void atMostTenMailsAnHourReachOneMailbox() {
        fixture(QuotaPolicy.defaults());
        long tpl = f.textTemplate("x");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(f.account().send(f.message(tpl, "x").to("ann@acme.test").build()).messageId());
        }
        f.runDueWork();
        assertThat(f.simulator().mailbox("ann@acme.test")).hasSize(10);
        DeliveryStatus held = f.account().deliveries().byMessage(ids.get(11)).get(0);
        assertThat(held.state()).isEqualTo(MessageState.QUEUED);
        assertThat(held.attempts()).isZero();
        assertThat(held.reply()).hasValueSatisfying(r -> assertThat(r).contains("rate limit"));
        f.advance(Duration.ofMinutes(59));
        assertThat(f.simulator().mailbox("ann@acme.test")).hasSize(10);
        f.advance(Duration.ofMinutes(1));
        assertThat(f.simulator().mailbox("ann@acme.test")).hasSize(12);
    }

    @Test
    void aThrottlingProviderIsBackedOffInsteadOfFailingItsRecipients() {
        fixture(QuotaPolicy.defaults());
        f.simulator().rule("*@slow.test").throttleAbove(1, Duration.ofMinutes(10));
        long tpl = f.textTemplate("x");
        f.account().send(f.message(tpl, "x").to("a@slow.test").build());
        f.account().send(f.message(tpl, "x").to("b@slow.test").build());
        f.runDueWork();
        assertThat(f.simulator().replies("b@slow.test")).singleElement().asString().startsWith("421");
        String c = f.account().send(f.message(tpl, "x").to("c@slow.test").build()).messageId();
        f.runDueWork();
        assertThat(f.simulator().replies("c@slow.test")).as("held while backing off").isEmpty();
        assertThat(f.account().deliveries().byMessage(c).get(0).state()).isEqualTo(MessageState.QUEUED);
        for (int i = 0; i < 24; i++) {
            f.advance(Duration.ofMinutes(5));
        }
        assertThat(f.simulator().delivered()).extracting(SimulatedMail::recipient)
                .containsExactlyInAnyOrder("a@slow.test", "b@slow.test", "c@slow.test");
    }

    @Test
    void perSecondAndPerProviderLimitsSpreadABurst() {
        fixture(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none()).withDomainPerSecond(30)
                .withProviderLimit("Gmail.test", 5));
        long tpl = f.textTemplate("x");
        for (int i = 0; i < 40; i++) {
            f.account().send(f.message(tpl, "x").to("u" + i + "@acme.test").build());
        }
        for (int i = 0; i < 8; i++) {
            f.account().send(f.message(tpl, "x").to("g" + i + "@gmail.test").build());
        }
        f.runDueWork();
        assertThat(f.simulator().delivered()).hasSize(30);
        assertThat(f.simulator().delivered()).filteredOn(m -> m.recipient().endsWith("@gmail.test"))
                .hasSizeLessThanOrEqualTo(5);
        f.advance(Duration.ofSeconds(1));
        assertThat(f.simulator().delivered()).hasSizeGreaterThanOrEqualTo(43);
        f.advance(Duration.ofMinutes(1));
        assertThat(f.simulator().delivered()).hasSize(48);
    }

    @Test
    void warmupCanBeSwitchedOff() {
        fixture(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none()));
        batch(group("g", 2_000, "u"));
        f.runDueWork();
        assertThat(f.simulator().delivered()).hasSize(2_000);
        assertThat(MailboxSimulator.DOMAIN).isNotBlank();
    }
}
