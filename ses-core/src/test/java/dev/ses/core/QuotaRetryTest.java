package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import dev.ses.core.testing.SesFixture;
import java.io.StringReader;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Quota and warm-up count messages sent, not attempts: a message deferred twice and delivered on its third attempt
 * takes one place of the day's quota and counts once as sent, whether a regular send or a task sent it; and one that
 * is never sent gives its place back, either way.
 */
class QuotaRetryTest {
    /** The standard plan, keeping every finished day it is asked to judge. */
    static final class JudgedDays implements WarmupPolicy {
        final WarmupPolicy plan = WarmupPolicy.standard();
        final List<DayStats> judged = new CopyOnWriteArrayList<>();

        @Override
        public int maxLevel() {
            return plan.maxLevel();
        }

        @Override
        public long dailyLimit(int level) {
            return plan.dailyLimit(level);
        }

        @Override
        public Verdict judgeDay(int level, DayStats day) {
            judged.add(day);
            return plan.judgeDay(level, day);
        }

        @Override
        public Optional<String> blockNow(int level, DayStats today) {
            return plan.blockNow(level, today);
        }
    }

    private final JudgedDays days = new JudgedDays();
    private final SesFixture f = SesFixture.create(b -> b.quotas(QuotaPolicy.defaults().withWarmup(days)));

    @AfterEach
    void close() {
        f.close();
    }

    private long used() {
        return f.account().quotas().status(SesFixture.DOMAIN).used();
    }

    /** Runs the engine through the retries of one message; the quota it took stays one place after each. */
    private DeliveryStatus retriedUntilDelivered(String messageId) {
        f.runDueWork();
        assertThat(f.account().deliveries().byMessage(messageId).get(0).state()).isEqualTo(MessageState.DEFERRED);
        assertThat(used()).as("after the first attempt").isEqualTo(1);
        for (int i = 0; i < 12 && f.account().deliveries().byMessage(messageId).get(0).state()
                != MessageState.DELIVERED; i++) {
            f.advance(Duration.ofMinutes(5));
            assertThat(used()).as("after a retry").isEqualTo(1);
        }
        return f.account().deliveries().byMessage(messageId).get(0);
    }

    /** The finished day as warm-up judges it, read the next day. */
    private DayStats today() {
        f.clock().set(f.clock().instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(1));
        used();
        assertThat(days.judged).isNotEmpty();
        return days.judged.get(days.judged.size() - 1);
    }

    @Test
    void aRetriedRegularMessageTakesTheQuotaOnceAndCountsOnceAsSent() {
        f.simulator().rule("slow@acme.test").deferTimes(2);
        long tpl = f.textTemplate("hello");
        String id = f.account().send(f.message(tpl, "s").to("slow@acme.test").build()).messageId();

        DeliveryStatus delivered = retriedUntilDelivered(id);
        assertThat(delivered.state()).isEqualTo(MessageState.DELIVERED);
        assertThat(f.simulator().mailbox("slow@acme.test")).hasSize(1);
        DayStats day = today();
        assertThat(day.sent()).isEqualTo(1);
        assertThat(day.delivered()).isEqualTo(1);
    }

    @Test
    void aRetriedTaskMessageTakesTheQuotaOnceAndCountsOnceAsSent() {
        f.simulator().rule("slow@acme.test").deferTimes(2);
        long tpl = f.textTemplate("Hi {{name}}");
        RecipientGroup g = f.account().groups().create("g", "");
        f.account().groups().importCsv(g.id(), new StringReader("email,name\nslow@acme.test,Sam\n"));
        SendTask task = f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "x"));
        f.runDueWork();
        String id = f.account().deliveries().find(DeliveryQuery.between(f.clock().instant().minusSeconds(60),
                f.clock().instant().plusSeconds(60)).withRecipient("slow@acme.test"), PageRequest.first(1)).items()
                .get(0).messageId();
        assertThat(f.account().tasks().progress(task.id()).count(MessageState.DEFERRED)).isEqualTo(1);

        DeliveryStatus delivered = retriedUntilDelivered(id);
        assertThat(delivered.state()).isEqualTo(MessageState.DELIVERED);
        assertThat(f.simulator().mailbox("slow@acme.test")).hasSize(1);
        DayStats day = today();
        assertThat(day.sent()).isEqualTo(1);
        assertThat(day.delivered()).isEqualTo(1);
    }

    /**
     * A task's message that cannot be rendered never leaves, so it gives back the quota its first attempt took, as a
     * regular send's unsent message does (see {@code QuotaTest}). Its request is written to the store directly: a
     * task checks its template up front, so none of its own fails.
     */
    @Test
    void aTaskMessageThatCannotBeRenderedGivesItsQuotaBack() {
        long tpl = f.textTemplate("x");
        MailRequest sent = f.store().requests().get(f.account().send(f.message(tpl, "x").to("ann@acme.test")
                .build()).messageId()).orElseThrow();
        f.runDueWork();
        assertThat(used()).isEqualTo(1);
        MailRequest broken = new MailRequest("broken", sent.account(), sent.addressId(), sent.fromAddress(),
                sent.fromName(), sent.senderDomain(), sent.templateId(), sent.templateType(), "{{#open}}",
                sent.subject(), Map.of(), sent.to(), sent.cc(), sent.replyTo(), sent.headers(), sent.attachments(),
                sent.individual(), Optional.of(987L), Optional.of(987L), Optional.empty(), f.clock().instant());
        f.store().inTransaction(() -> {
            f.store().requests().insertIfAbsent(broken);
            return f.store().messages().insertAll(List.of(MessageRecord.queued(broken, "bob@acme.test", Map.of(),
                    f.clock().instant())));
        });
        f.runDueWork();
        assertThat(f.account().deliveries().byMessage("broken").get(0).state()).isEqualTo(MessageState.FAILED);
        assertThat(used()).as("the unrenderable message gave its quota back").isEqualTo(1);
        assertThat(f.simulator().mailbox("bob@acme.test")).isEmpty();
    }
}
