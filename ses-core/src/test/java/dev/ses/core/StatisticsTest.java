package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.spi.Feedback;
import dev.ses.core.spi.StatFilter;
import dev.ses.core.spi.StatGranularity;
import dev.ses.core.spi.StatKey;
import dev.ses.core.spi.StatSum;
import dev.ses.core.spi.StatisticsRepository;
import dev.ses.core.spi.Store;
import dev.ses.core.testing.SesFixture;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sending and tracking statistics through the facade, on the in-memory store; the JDBC module runs the same tests
 * on H2 and PostgreSQL by overriding {@link #newStore()}.
 */
public class StatisticsTest {
    private static final LocalDate DAY = LocalDate.parse("2026-01-05");
    private static final String NEWS = "news.example.test";
    private static final String LINK = "https://example.test/offer";

    private SesFixture f;
    private Store store;

    /** A new, empty store for one test. */
    protected Store newStore() {
        return new InMemoryStore();
    }

    private SesFixture fixture() {
        return fixture(b -> b);
    }

    private SesFixture fixture(java.util.function.UnaryOperator<Ses.Builder> customizer) {
        store = newStore();
        f = SesFixture.create(store, customizer);
        return f;
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private static StatisticsQuery day() {
        return StatisticsQuery.between(DAY, DAY);
    }

    private Statistics stats() {
        return f.account().statistics();
    }

    private SendingStats sending(StatisticsQuery q) {
        return stats().sending(q).total();
    }

    private TrackingStats tracking(StatisticsQuery q) {
        return stats().tracking(q).total();
    }

    private static ErrorCode code(Throwable t) {
        return ((SesException) t).code();
    }

    /** A second verified sender domain with an address. */
    private String newsSender() {
        SenderDomain d = f.account().domains().create(NEWS);
        f.dns().publish(d);
        f.account().domains().verify(NEWS);
        f.account().addresses().create(NEWS, "news", "News");
        return "news@" + NEWS;
    }

    private SendTask batch(String from, long tpl, String... recipients) {
        RecipientGroup g = f.account().groups().create("g" + System.nanoTime(), "");
        StringBuilder csv = new StringBuilder("email\n");
        for (String r : recipients) {
            csv.append(r).append('\n');
        }
        assertThat(f.account().groups().importCsv(g.id(), new StringReader(csv.toString())).applied()).isTrue();
        return f.account().tasks().create(TaskRequest.batch(from, g.id(), tpl, "news"));
    }

    /** The mixed day: what every test of the numbers reads. */
    private record MixedDay(long regularTemplate, long batchTemplate, SendTask task) {
    }

    private MixedDay mixedDay() {
        fixture();
        f.simulator().rule("ann@gmail.test").deliver().thenOpen(Duration.ofMinutes(1)).thenOpen(Duration.ofMinutes(2))
                .thenClick(LINK, Duration.ofMinutes(3));
        f.simulator().rule("bob@gmail.test").hardBounce();
        f.simulator().rule("cat@qq.test").rejectAsSpam();
        f.simulator().rule("dan@qq.test").mailboxFull();
        f.simulator().rule("eve@gmail.test").deferTimes(1).thenDeliver().thenComplain(Duration.ofMinutes(1));
        f.simulator().rule("gus@gmail.test").deliver().thenUnsubscribe(Duration.ofMinutes(1));
        f.simulator().rule("ivy@qq.test").deliver().thenOpen(Duration.ofMinutes(1));
        f.account().blocklist().add("fay@qq.test", "asked us", Optional.empty());
        long regular = f.textTemplate("hello");
        long news = f.textTemplate("news");
        for (String to : List.of("ann@gmail.test", "bob@gmail.test", "cat@qq.test", "dan@qq.test", "eve@gmail.test",
                "fay@qq.test", "gus@gmail.test")) {
            f.account().send(f.message(regular, "hello").to(to).build());
        }
        SendTask task = batch(newsSender(), news, "hal@gmail.test", "ivy@qq.test");
        f.runDueWork();
        f.advance(Duration.ofMinutes(5));
        // Gus has unsubscribed from the domain by now: a second mail to him is refused.
        f.account().send(f.message(regular, "again").to("gus@gmail.test").build());
        String annMessage = f.simulator().mailbox("ann@gmail.test").get(0).messageId();
        f.ses().report(new Feedback(Feedback.Type.OPENED, "<" + annMessage + ">", "ann@gmail.test",
                f.clock().instant(), Optional.empty(), Optional.of("Mozilla/5.0 (via ggpht.com GoogleImageProxy)")));
        String eveMessage = f.simulator().mailbox("eve@gmail.test").get(0).messageId();
        f.ses().report(new Feedback(Feedback.Type.CLICKED, "<" + eveMessage + ">", "eve@gmail.test",
                f.clock().instant(), Optional.of(LINK), Optional.of("Barracuda Sentinel (link protection)")));
        f.advance(Duration.ofMinutes(5));
        return new MixedDay(regular, news, task);
    }

    @Test
    void aDayOfMixedOutcomesGivesExactSendingNumbers() {
        mixedDay();
        SendingStats all = sending(day());

        assertThat(all.requests()).isEqualTo(10);
        assertThat(all.rejected()).isEqualTo(new Rejections(1, 1, 0, 0, 0, 0));
        assertThat(all.accepted()).isEqualTo(8);
        assertThat(all.delivered()).isEqualTo(5);
        assertThat(all.deferred()).isEqualTo(1);
        assertThat(all.softBounces()).isEqualTo(1);
        assertThat(all.hardBounces()).isEqualTo(new HardBounces(1, 1, 0));
        assertThat(all.failed()).isZero();
        assertThat(all.complaints()).isEqualTo(1);
        assertThat(all.deliveryRate()).isEqualTo(5.0 / 8);
        assertThat(all.start()).isEqualTo(ZonedDateTime.parse("2026-01-05T00:00Z[UTC]"));
    }

    @Test
    void aDayOfMixedOutcomesGivesExactTrackingNumbersWithMachinesApart() {
        mixedDay();
        TrackingStats all = tracking(day());

        assertThat(all.delivered()).isEqualTo(5);
        assertThat(all.opens()).as("Ann twice, Ivy once").isEqualTo(3);
        assertThat(all.uniqueOpens()).isEqualTo(2);
        assertThat(all.machineOpens()).as("the image proxy").isEqualTo(1);
        assertThat(all.clicks()).isEqualTo(1);
        assertThat(all.uniqueClicks()).isEqualTo(1);
        assertThat(all.machineClicks()).as("the link scanner").isEqualTo(1);
        assertThat(all.unsubscriptions()).isEqualTo(1);
        assertThat(all.complaints()).isEqualTo(1);
        assertThat(all.openRate()).isEqualTo(2.0 / 5);
        assertThat(all.clickRate()).isEqualTo(1.0 / 5);
    }

    @Test
    void everyFilterAndCombinationCountsOnlyItsMail() {
        MixedDay d = mixedDay();
        SendingStats regular = sending(day().withEmailType(EmailType.REGULAR));
        assertThat(regular.requests()).isEqualTo(8);
        assertThat(regular.delivered()).isEqualTo(3);
        assertThat(regular.rejected().total()).isEqualTo(2);

        SendingStats batch = sending(day().withEmailType(EmailType.BATCH));
        assertThat(batch.requests()).isEqualTo(2);
        assertThat(batch.delivered()).isEqualTo(2);
        assertThat(sending(day().withTask(d.task().id()))).isEqualTo(batch);
        assertThat(sending(day().withSenderDomain(NEWS))).isEqualTo(batch);
        assertThat(sending(day().withTemplate(d.batchTemplate()))).isEqualTo(batch);
        assertThat(sending(day().withSenderDomain(SesFixture.DOMAIN))).isEqualTo(regular);
        assertThat(sending(day().withTemplate(d.regularTemplate()))).isEqualTo(regular);

        SendingStats qq = sending(day().withRecipientDomain("QQ.test"));
        assertThat(qq.requests()).as("cat, dan, fay, ivy").isEqualTo(4);
        assertThat(qq.delivered()).isEqualTo(1);
        assertThat(qq.hardBounces()).isEqualTo(new HardBounces(0, 1, 0));
        assertThat(qq.softBounces()).isEqualTo(1);
        assertThat(qq.rejected()).isEqualTo(new Rejections(1, 0, 0, 0, 0, 0));

        SendingStats regularGmail = sending(day().withEmailType(EmailType.REGULAR).withRecipientDomain("gmail.test"));
        assertThat(regularGmail.requests()).as("ann, bob, eve, gus twice").isEqualTo(5);
        assertThat(regularGmail.delivered()).isEqualTo(3);
        assertThat(regularGmail.hardBounces()).isEqualTo(new HardBounces(1, 0, 0));
        assertThat(regularGmail.rejected()).isEqualTo(new Rejections(0, 1, 0, 0, 0, 0));
        assertThat(regularGmail.deferred()).isEqualTo(1);
        assertThat(regularGmail.complaints()).isEqualTo(1);

        TrackingStats taskQq = tracking(day().withTask(d.task().id()).withRecipientDomain("qq.test")
                .withTemplate(d.batchTemplate()).withSenderDomain(NEWS));
        assertThat(taskQq.delivered()).isEqualTo(1);
        assertThat(taskQq.opens()).isEqualTo(1);
        assertThat(taskQq.uniqueOpens()).isEqualTo(1);
        assertThat(sending(day().withTask(d.task().id()).withTemplate(d.regularTemplate())).requests()).isZero();
    }

    @Test
    void theSeriesHasOneRowPerDayAndPerHourWithZerosWhereNothingHappened() {
        mixedDay();
        StatisticsReport<SendingStats> days = stats().sending(StatisticsQuery.between(DAY.minusDays(1),
                DAY.plusDays(1)));
        assertThat(days.series()).extracting(s -> s.start().toLocalDate())
                .containsExactly(DAY.minusDays(1), DAY, DAY.plusDays(1));
        assertThat(days.series()).extracting(SendingStats::requests).containsExactly(0L, 10L, 0L);
        assertThat(days.total().requests()).isEqualTo(10);

        StatisticsReport<TrackingStats> hours = stats().trackingByHour(day());
        assertThat(hours.series()).hasSize(24);
        assertThat(hours.series().get(9).start()).isEqualTo(ZonedDateTime.parse("2026-01-05T09:00Z[UTC]"));
        assertThat(hours.series()).extracting(TrackingStats::delivered).containsOnly(0L, 5L);
        assertThat(hours.series().get(9).delivered()).isEqualTo(5);
        assertThat(hours.total()).isEqualTo(tracking(day()));
        assertThat(stats().sendingByHour(day()).total()).isEqualTo(sending(day()));
    }

    @Test
    void daysAreTheQuotasTimeZone() {
        fixture(b -> b.quotas(QuotaPolicy.defaults().withZone(ZoneId.of("Asia/Shanghai"))));
        long tpl = f.textTemplate("hello");
        f.clock().advance(Duration.ofHours(15)); // 2026-01-06T00:00Z, 08:00 in Shanghai
        f.account().send(f.message(tpl, "s").to("ann@gmail.test").build());
        f.runDueWork();

        StatisticsReport<SendingStats> r = stats().sending(StatisticsQuery.between(DAY, DAY.plusDays(1)));
        assertThat(r.series()).extracting(SendingStats::delivered).containsExactly(0L, 1L);
        assertThat(r.series().get(1).start()).isEqualTo(ZonedDateTime.parse("2026-01-06T00:00+08:00[Asia/Shanghai]"));
    }

    @Test
    void anInterruptedConsumerCountsEveryEventExactlyOnceOnTheNextInstance() {
        Store inner = newStore();
        store = inner;
        AtomicInteger adds = new AtomicInteger();
        Store crashing = hooked(inner, () -> {
            if (adds.incrementAndGet() == 2) {
                throw new EventLogTest.Crash();
            }
        });
        f = SesFixture.create(inner, b -> b);
        long tpl = f.textTemplate("news");
        String[] recipients = new String[300];
        for (int i = 0; i < recipients.length; i++) {
            recipients[i] = "r" + i + "@gmail.test";
        }
        batch(SesFixture.SENDER, tpl, recipients);
        try (Ses first = Ses.builder().store(crashing).transport(f.simulator()).clock(f.clock()).workers(0)
                .node("first").build()) {
            // 600 events: the first page of 500 is counted, the second one's transaction dies with the node.
            assertThatThrownBy(first::runDueWork).isInstanceOf(EventLogTest.Crash.class);
        }
        assertThat(sending(day()).delivered()).as("only the first page").isLessThan(300);

        f.clock().advance(Duration.ofMinutes(2)); // past the dead node's cursor lease
        try (Ses second = Ses.builder().store(inner).transport(f.simulator()).clock(f.clock()).workers(0)
                .node("second").build()) {
            second.runDueWork();
            second.runDueWork();
            SendingStats total = second.account(SesFixture.ACCOUNT).statistics().sending(day()).total();
            assertThat(total.requests()).isEqualTo(300);
            assertThat(total.delivered()).isEqualTo(300);
            assertThat(stats().sendingByHour(day()).total()).isEqualTo(total);
        }
    }

    /** A store whose statistics run a hook after each add of counts. */
    private static Store hooked(Store inner, Runnable afterAdd) {
        return new ForwardingStore(inner) {
            @Override
            public StatisticsRepository statistics() {
                StatisticsRepository real = inner.statistics();
                return new StatisticsRepository() {
                    @Override
                    public void add(Map<StatKey, Long> amounts) {
                        real.add(amounts);
                        afterAdd.run();
                    }

                    @Override
                    public List<StatSum> sum(StatFilter filter) {
                        return real.sum(filter);
                    }

                    @Override
                    public int pruneBefore(StatGranularity granularity, Instant before, int limit) {
                        return real.pruneBefore(granularity, before, limit);
                    }

                    @Override
                    public Optional<TrackingSettings> tracking(String account, String senderDomain) {
                        return real.tracking(account, senderDomain);
                    }

                    @Override
                    public void setTracking(String account, List<String> domains, TrackingSettings settings) {
                        real.setTracking(account, domains, settings);
                    }

                    @Override
                    public void clearTracking(String account, List<String> domains) {
                        real.clearTracking(account, domains);
                    }
                };
            }
        };
    }

    @Test
    void eventsTheCountersHaveNotReadOutliveTheirRetention() {
        fixture(b -> b.eventRetention(Duration.ofDays(30)));
        long tpl = f.textTemplate("news");
        // Another node holds the counters' cursor, as one that stalls in the middle of a page would.
        assertThat(store.events().claimCursor("statistics", "stalled", f.clock().instant(), Duration.ofMinutes(1)))
                .contains(0L);
        f.account().send(f.message(tpl, "s").to("ann@gmail.test").build());
        f.runDueWork();
        f.clock().advance(Duration.ofDays(31));
        assertThat(store.events().claimCursor("statistics", "stalled", f.clock().instant(), Duration.ofMinutes(1)))
                .contains(0L);
        f.runDueWork();
        assertThat(store.events().after(0, 10)).as("kept until the counters have read them").isNotEmpty();

        f.clock().advance(Duration.ofMinutes(2));
        f.runDueWork();
        assertThat(sending(day()).delivered()).isEqualTo(1);
        f.clock().advance(Duration.ofMinutes(2));
        f.runDueWork();
        assertThat(store.events().after(0, 10)).as("read by every consumer, then pruned").isEmpty();
    }

    @Test
    void hourlyRowsArePrunedAfterTwoWeeksAndDailyRowsAfterThirteenMonths() {
        fixture();
        long tpl = f.textTemplate("hello");
        f.account().send(f.message(tpl, "s").to("ann@gmail.test").build());
        f.runDueWork();
        StatFilter hours = new StatFilter(SesFixture.ACCOUNT, StatGranularity.HOUR, Instant.parse(SesFixture.START)
                .minus(Duration.ofDays(1)), Instant.parse(SesFixture.START).plus(Duration.ofDays(1)), 0,
                Long.MAX_VALUE, Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(store.statistics().sum(hours)).isNotEmpty();

        f.advance(Duration.ofDays(15));
        assertThat(store.statistics().sum(hours)).isEmpty();
        assertThat(sending(day()).delivered()).isEqualTo(1);
        assertThatThrownBy(() -> stats().sendingByHour(day())).satisfies(
                e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining("2026-01-05");

        f.advance(Duration.ofDays(400));
        assertThat(sending(day()).delivered()).isZero();
    }

    @Test
    void retentionIsConfigurableAndCheckedAtOnce() {
        fixture(b -> b.dailyStatisticsRetention(Duration.ofDays(30)).hourlyStatisticsRetention(Duration.ofDays(2)));
        long tpl = f.textTemplate("hello");
        f.account().send(f.message(tpl, "s").to("ann@gmail.test").build());
        f.runDueWork();
        f.advance(Duration.ofDays(31));
        assertThat(sending(day()).delivered()).isZero();
        assertThatThrownBy(() -> stats().sending(StatisticsQuery.between(DAY, DAY.plusDays(30))))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("2026-01-05").hasMessageContaining("2026-02-04");

        assertThatThrownBy(() -> Ses.builder().dailyStatisticsRetention(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dailyStatisticsRetention");
        assertThatThrownBy(() -> Ses.builder().hourlyStatisticsRetention(Duration.ofDays(100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hourlyStatisticsRetention");
        assertThatThrownBy(() -> Ses.builder().transport(f.simulator()).dailyStatisticsRetention(Duration.ofDays(3))
                .hourlyStatisticsRetention(Duration.ofDays(5)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hourlyStatisticsRetention");
    }

    @Test
    void badFiltersAndRangesAreRefusedNamingWhatIsWrong() {
        fixture();
        assertThatThrownBy(() -> stats().sending(day().withSenderDomain("nope.example.test")))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("nope.example.test");
        assertThatThrownBy(() -> stats().sending(day().withTemplate(424242)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND)).hasMessageContaining("424242");
        assertThatThrownBy(() -> stats().tracking(day().withTask(777)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND)).hasMessageContaining("777");
        assertThatThrownBy(() -> stats().sending(StatisticsQuery.between(DAY, DAY.minusDays(1))))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("2026-01-05").hasMessageContaining("2026-01-04");
        assertThatThrownBy(() -> stats().sending(StatisticsQuery.between(DAY.minusDays(396), DAY)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("2024-12-05").hasMessageContaining("2026-01-05");
        assertThatThrownBy(() -> stats().trackingByHour(StatisticsQuery.between(DAY.minusDays(7), DAY)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("2025-12-29").hasMessageContaining("2026-01-05");
        assertThat(stats().sending(StatisticsQuery.between(DAY.minusDays(395), DAY)).series()).hasSize(396);
        assertThatThrownBy(() -> new PageRequest(0, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneAccountNeverSeesAnothersNumbersNorFiltersByItsObjects() {
        MixedDay d = mixedDay();
        Statistics other = f.ses().account("other").statistics();
        assertThat(other.sending(day()).total().requests()).isZero();
        assertThat(other.tracking(day()).total().delivered()).isZero();
        assertThatThrownBy(() -> other.sending(day().withSenderDomain(SesFixture.DOMAIN)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> other.sending(day().withTemplate(d.regularTemplate())))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> other.sending(day().withTask(d.task().id())))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void trackingSwitchesArePerAccountAndDomainTheDomainWinning() {
        fixture();
        newsSender();
        StatisticsSettings settings = stats().settings();
        assertThat(settings.account()).isEqualTo(TrackingSettings.ON);
        assertThat(settings.domain(SesFixture.DOMAIN)).isEqualTo(TrackingSettings.ON);

        settings.setAccount(new TrackingSettings(false, true));
        assertThat(settings.domain(NEWS)).as("follows the account").isEqualTo(new TrackingSettings(false, true));
        settings.setDomains(List.of(NEWS, "MAIL.example.test"), new TrackingSettings(true, false));
        assertThat(settings.domain(NEWS)).isEqualTo(new TrackingSettings(true, false));
        assertThat(settings.domain(SesFixture.DOMAIN)).isEqualTo(new TrackingSettings(true, false));
        assertThat(settings.account()).isEqualTo(new TrackingSettings(false, true));

        settings.clearDomains(List.of(NEWS));
        assertThat(settings.domain(NEWS)).isEqualTo(new TrackingSettings(false, true));
        assertThat(f.ses().account("other").statistics().settings().account()).isEqualTo(TrackingSettings.ON);

        assertThatThrownBy(() -> settings.setDomains(List.of(NEWS, "nope.example.test"), TrackingSettings.ON))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("nope.example.test");
        assertThat(settings.domain(NEWS)).as("all or none").isEqualTo(new TrackingSettings(false, true));
    }
}
