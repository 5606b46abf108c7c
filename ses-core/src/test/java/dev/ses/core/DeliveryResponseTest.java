package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.spi.Feedback;
import dev.ses.core.spi.GroupMember;
import dev.ses.core.spi.Store;
import dev.ses.core.testing.SesFixture;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery response lists and exports through the facade, on the simulator with a manual clock and the
 * in-memory store; the JDBC module runs the same tests on H2 and PostgreSQL by overriding {@link #newStore()}.
 */
public class DeliveryResponseTest {
    private static final String LINK = "https://example.test/offer";
    private static final String PROXY = "Mozilla/5.0 (via ggpht.com GoogleImageProxy)";

    private SesFixture f;
    private Store store;
    private Instant start;

    /** A new, empty store for one test. */
    protected Store newStore() {
        return new InMemoryStore();
    }

    private SesFixture fixture(java.util.function.UnaryOperator<Ses.Builder> customizer) {
        store = newStore();
        f = SesFixture.create(store, customizer);
        start = f.clock().instant();
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

    private Deliveries deliveries() {
        return f.account().deliveries();
    }

    private ResponseQuery today() {
        return ResponseQuery.between(start, start.plus(Duration.ofDays(1)));
    }

    private static ErrorCode code(Throwable t) {
        return ((SesException) t).code();
    }

    /** The message ids of the mixed day, by recipient. */
    private record Day(String ann, String bob, String eve, String gus) {
    }

    /**
     * Ann opens twice and clicks; Bob bounces hard; Eve is deferred once, delivered, then complains; Gus unsubscribes.
     * A proxy fetches Ann's pixel too.
     */
    private Day mixedDay() {
        fixture(b -> b);
        f.simulator().rule("ann@gmail.test").deliver().thenOpen(Duration.ofMinutes(1)).thenOpen(Duration.ofMinutes(2))
                .thenClick(LINK, Duration.ofMinutes(3));
        f.simulator().rule("bob@gmail.test").hardBounce();
        f.simulator().rule("eve@qq.test").deferTimes(1).thenDeliver().thenComplain(Duration.ofMinutes(1));
        f.simulator().rule("gus@qq.test").deliver().thenUnsubscribe(Duration.ofMinutes(1));
        long tpl = f.textTemplate("hello");
        List<String> ids = new ArrayList<>();
        for (String to : List.of("ann@gmail.test", "bob@gmail.test", "eve@qq.test", "gus@qq.test")) {
            ids.add(f.account().send(f.message(tpl, "hello").to(to).build()).messageId());
            f.advance(Duration.ofMillis(7));
        }
        f.runDueWork();
        for (int i = 0; i < 6; i++) {
            f.advance(Duration.ofMinutes(10));
        }
        String annMessage = f.simulator().mailbox("ann@gmail.test").get(0).messageId();
        f.ses().report(new Feedback(Feedback.Type.OPENED, "<" + annMessage + ">", "ann@gmail.test",
                f.clock().instant(), Optional.empty(), Optional.of(PROXY)));
        f.runDueWork();
        return new Day(ids.get(0), ids.get(1), ids.get(2), ids.get(3));
    }

    private static List<EventType> types(EmailStatus s) {
        return s.timeline().stream().map(e -> e.event().type()).toList();
    }

    @Test
    void emailStatusByMessageCarriesStateRepliesAttemptsAndEveryEventInOrder() {
        Day day = mixedDay();
        EmailStatus ann = deliveries().emailStatus(day.ann()).get(0);
        assertThat(ann.status().state()).isEqualTo(MessageState.DELIVERED);
        assertThat(ann.status().attempts()).isEqualTo(1);
        assertThat(ann.status().opened()).isTrue();
        assertThat(types(ann)).containsExactly(EventType.QUEUED, EventType.DELIVERED, EventType.OPENED,
                EventType.OPENED, EventType.CLICKED, EventType.OPENED);
        assertThat(ann.timeline().get(0).event().at()).isEqualTo(start);
        assertThat(ann.timeline()).allSatisfy(e -> assertThat(e.event().at().getNano() % 1_000_000).isZero());
        assertThat(ann.timeline().get(4).event().link()).contains(LINK);

        EmailStatus eve = deliveries().emailStatus(day.eve()).get(0);
        assertThat(eve.status().attempts()).isEqualTo(2);
        assertThat(types(eve)).containsExactly(EventType.QUEUED, EventType.DEFERRED, EventType.DELIVERED,
                EventType.COMPLAINED);
        EmailStatus bob = deliveries().emailStatus(day.bob()).get(0);
        assertThat(bob.status().state()).isEqualTo(MessageState.BOUNCED);
        assertThat(bob.status().reply().orElseThrow()).startsWith("550 5.1.1");
        assertThat(types(bob)).containsExactly(EventType.QUEUED, EventType.BOUNCED);
        assertThatThrownBy(() -> deliveries().emailStatus("no-such-message"))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("no-such-message");
    }

    @Test
    void emailStatusByRecipientAndRangeAndByTaskIsPagedByKey() {
        Day day = mixedDay();
        DeliveryQuery all = DeliveryQuery.between(start, start.plus(Duration.ofDays(1)));
        List<String> seen = new ArrayList<>();
        CursorRequest page = CursorRequest.first(1);
        Optional<CursorRequest> next = Optional.of(page);
        while (next.isPresent()) {
            CursorPage<EmailStatus> p = deliveries().emailStatus(all, next.get());
            assertThat(p.items()).hasSizeLessThanOrEqualTo(1);
            p.items().forEach(s -> seen.add(s.status().messageId()));
            next = page.next(p);
        }
        assertThat(seen).containsExactly(day.gus(), day.eve(), day.bob(), day.ann());

        CursorPage<EmailStatus> eve = deliveries().emailStatus(all.withRecipient("EVE@qq.test"), CursorRequest.first());
        assertThat(eve.items()).extracting(s -> s.status().messageId()).containsExactly(day.eve());
        assertThat(types(eve.items().get(0))).contains(EventType.COMPLAINED);
        assertThat(eve.next()).isEmpty();
        assertThat(deliveries().emailStatus(DeliveryQuery.between(start.plusMillis(1), start.plusMillis(15)),
                CursorRequest.first()).items()).extracting(s -> s.status().messageId())
                .containsExactly(day.eve(), day.bob());

        RecipientGroup g = f.account().groups().create("g", "");
        f.account().groups().importCsv(g.id(), new StringReader("email\nhal@gmail.test\nivy@qq.test\n"));
        SendTask task = f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), f.textTemplate("news"),
                "news"));
        f.runDueWork();
        CursorPage<EmailStatus> ofTask = deliveries().emailStatus(all.withTask(task.id()), CursorRequest.first());
        assertThat(ofTask.items()).extracting(s -> s.status().recipient())
                .containsExactlyInAnyOrder("hal@gmail.test", "ivy@qq.test");
        assertThat(ofTask.items()).allSatisfy(s -> assertThat(types(s)).contains(EventType.QUEUED));
    }

    private static <T> List<T> everyPage(BiFunction<ResponseQuery, CursorRequest, CursorPage<T>> list,
                                         ResponseQuery q, int size) {
        List<T> all = new ArrayList<>();
        CursorRequest first = CursorRequest.first(size);
        Optional<CursorRequest> next = Optional.of(first);
        while (next.isPresent()) {
            CursorPage<T> p = list.apply(q, next.get());
            assertThat(p.items()).hasSizeLessThanOrEqualTo(size);
            all.addAll(p.items());
            next = first.next(p);
        }
        return all;
    }

    @Test
    void opensAndClicksListEveryReadWithItsLinkUserAgentAndLabel() {
        mixedDay();
        List<DeliveryEvent> reads = everyPage(deliveries()::opensAndClicks, today(), 100);
        assertThat(reads).extracting(e -> e.event().type()).containsExactly(EventType.OPENED, EventType.OPENED,
                EventType.CLICKED, EventType.OPENED);
        assertThat(reads).extracting(e -> e.event().recipient()).containsOnly("ann@gmail.test");
        assertThat(reads.get(2).event().link()).contains(LINK);
        assertThat(reads.get(3).event().userAgent()).contains(PROXY);
        assertThat(reads.get(3).reader()).contains(ReaderKind.OTHER_MACHINE);
        assertThat(reads.get(0).reader()).contains(ReaderKind.HUMAN);
        assertThat(everyPage(deliveries()::opensAndClicks, today(), 1)).isEqualTo(reads);
        assertThat(everyPage(deliveries()::opensAndClicks, today().withRecipientDomain("QQ.test"), 10)).isEmpty();
        assertThat(everyPage(deliveries()::opensAndClicks, today().withSenderDomain(SesFixture.DOMAIN), 10))
                .isEqualTo(reads);
        assertThat(everyPage(deliveries()::opensAndClicks, today().withSentBetween(start.plusMillis(1),
                start.plus(Duration.ofHours(1))), 10)).isEmpty();
        assertThat(everyPage(deliveries()::opensAndClicks, today().withSentBetween(start, start.plusMillis(1)), 10))
                .isEqualTo(reads);
        Instant firstOpen = reads.get(0).event().at();
        assertThat(everyPage(deliveries()::opensAndClicks, ResponseQuery.between(firstOpen.plusMillis(1),
                start.plus(Duration.ofDays(1))), 10)).hasSize(3);
    }

    @Test
    void complaintsBouncesAndUnsubscriptionsListWithTheirDetails() {
        Day day = mixedDay();
        List<DeliveryEvent> complaints = everyPage(deliveries()::complaints, today(), 10);
        assertThat(complaints).extracting(e -> e.event().recipient()).containsExactly("eve@qq.test");
        assertThat(complaints.get(0).event().messageId()).isEqualTo(day.eve());
        assertThat(complaints.get(0).reader()).isEmpty();

        List<DeliveryEvent> bounces = everyPage(deliveries()::bounces, today(), 10);
        assertThat(bounces).hasSize(1);
        assertThat(bounces.get(0).event().bounceType()).contains(BounceType.HARD);
        assertThat(bounces.get(0).event().reason().orElseThrow()).startsWith("550 5.1.1");
        assertThat(bounces.get(0).event().enhancedCode()).contains("5.1.1");
        assertThat(everyPage(deliveries()::bounces, today().withRecipientDomain("qq.test"), 10)).isEmpty();

        // Eve's complaint suppresses her for the sender domain, as an unsubscription; newest first.
        List<Unsubscription> unsubscribed = everyPage(deliveries()::unsubscriptions, today(), 10);
        assertThat(unsubscribed).extracting(Unsubscription::senderDomain, Unsubscription::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SesFixture.DOMAIN, "eve@qq.test"),
                        org.assertj.core.groups.Tuple.tuple(SesFixture.DOMAIN, "gus@qq.test"));
    }

    @Test
    void aWithdrawnUnsubscriptionLetsTheDomainMailTheAddressAgain() {
        mixedDay();
        long tpl = f.textTemplate("again");
        f.account().send(f.message(tpl, "again").to("gus@qq.test").build());
        f.runDueWork();
        assertThat(f.simulator().mailbox("gus@qq.test")).hasSize(1);

        assertThat(deliveries().withdrawUnsubscription(SesFixture.DOMAIN, "Gus@QQ.test")).isTrue();
        assertThat(deliveries().withdrawUnsubscription(SesFixture.DOMAIN, "gus@qq.test")).isFalse();
        assertThat(everyPage(deliveries()::unsubscriptions, today(), 10)).extracting(Unsubscription::address)
                .as("the complaint's suppression stays").containsExactly("eve@qq.test");
        f.account().send(f.message(tpl, "again").to("gus@qq.test").build());
        f.runDueWork();
        assertThat(f.simulator().mailbox("gus@qq.test")).hasSize(2);
        assertThatThrownBy(() -> deliveries().withdrawUnsubscription("unknown.example.test", "gus@qq.test"))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("unknown.example.test");
    }

    @Test
    void theQueueShowsQueuedSendingDeferredAndQuotaHeldMessagesAndTheLastHour() throws Exception {
        fixture(b -> b.quotas(QuotaPolicy.defaults().withDomainDailyLimit(2).withWarmup(WarmupPolicy.none())));
        f.simulator().rule("slow@qq.test").deferTimes(5);
        RecipientGroup g = f.account().groups().create("g", "");
        f.account().groups().importCsv(g.id(), new StringReader(
                "email\nslow@qq.test\nann@gmail.test\nbob@gmail.test\ncat@gmail.test\ndan@qq.test\n"));
        f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), f.textTemplate("news"), "news"));
        f.runDueWork();
        f.advance(Duration.ofSeconds(30));

        QueueStatus q = deliveries().queueStatus();
        assertThat(q.at()).isEqualTo(f.clock().instant());
        assertThat(q.counts()).hasSize(2);
        QueueCount gmail = q.counts().get(0);
        assertThat(gmail.senderDomain()).isEqualTo(SesFixture.DOMAIN);
        assertThat(gmail.recipientDomain()).isEqualTo("gmail.test");
        QueueCount qq = q.counts().get(1);
        assertThat(qq.recipientDomain()).isEqualTo("qq.test");
        assertThat(qq.deferred()).isEqualTo(1);
        assertThat(qq.nextAttempt()).isPresent().get().matches(t -> t.isAfter(f.clock().instant()));
        // Two go on the day's quota (slow@ and ann@); the other three wait in the cache queue for the next day.
        assertThat(gmail.heldByQuota() + qq.heldByQuota()).isEqualTo(3);
        assertThat(gmail.queued() + qq.queued()).isEqualTo(3);
        assertThat(gmail.sending() + qq.sending()).isZero();

        assertThat(q.lastHour()).hasSize(12);
        assertThat(q.lastHour().get(11).to()).isEqualTo(q.at());
        assertThat(q.lastHour().stream().mapToLong(QueueActivity::sent).sum()).isEqualTo(5);
        assertThat(q.lastHour().stream().mapToLong(QueueActivity::delivered).sum()).isEqualTo(1);
        assertThat(q.lastHour().get(11).sent()).isEqualTo(5);
        StringWriter queue = new StringWriter();
        assertThat(f.account().exports().queue(queue)).isEqualTo(2);
        List<CSVRecord> queueRows = parse(queue.toString());
        assertThat(queueRows.get(1).get("recipient_domain")).isEqualTo("qq.test");
        assertThat(queueRows.get(1).get("deferred")).isEqualTo("1");
        assertThat(queueRows.get(1).get("next_attempt_ms"))
                .isEqualTo(Long.toString(qq.nextAttempt().orElseThrow().toEpochMilli()));
        StringWriter activity = new StringWriter();
        assertThat(f.account().exports().queueActivity(activity)).isEqualTo(12);
        assertThat(parse(activity.toString()).get(11).get("sent")).isEqualTo("5");
        StringWriter hourly = new StringWriter();
        java.time.LocalDate day = f.clock().instant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        assertThat(f.account().exports().sendingByHour(StatisticsQuery.between(day, day), hourly)).isEqualTo(25);
        assertThat(parse(hourly.toString()).get(9).get("requests")).isEqualTo("5");
        assertThat(f.ses().account("other").deliveries().queueStatus().counts()).isEmpty();
        assertThat(f.ses().account("other").exports().queue(new StringWriter())).isZero();
        assertThat(f.ses().account("other").deliveries().queueStatus().lastHour())
                .allSatisfy(a -> assertThat(a.sent() + a.delivered()).isZero());
    }

    @Test
    void groupMembersArePagedRemovedAndExported() {
        fixture(b -> b);
        RecipientGroups groups = f.account().groups();
        RecipientGroup g = groups.create("g", "");
        StringBuilder csv = new StringBuilder("email,name\n");
        for (int i = 0; i < 7; i++) {
            csv.append("u").append(i).append("@X.test,N").append(i).append('\n');
        }
        groups.importCsv(g.id(), new StringReader(csv.toString()));
        List<String> seen = new ArrayList<>();
        CursorRequest first = CursorRequest.first(3);
        Optional<CursorRequest> next = Optional.of(first);
        while (next.isPresent()) {
            CursorPage<GroupMember> p = groups.members(g.id(), next.get());
            assertThat(p.items()).hasSizeLessThanOrEqualTo(3);
            p.items().forEach(m -> seen.add(m.email()));
            next = first.next(p);
        }
        assertThat(seen).containsExactly("u0@x.test", "u1@x.test", "u2@x.test", "u3@x.test", "u4@x.test",
                "u5@x.test", "u6@x.test");

        assertThat(groups.removeMembers(g.id(), List.of("u1@X.TEST", "u5@x.test", "nobody@x.test"))).isEqualTo(2);
        assertThat(groups.get(g.id()).recipients()).isEqualTo(5);
        StringWriter out = new StringWriter();
        assertThat(f.account().exports().groupMembers(g.id(), out)).isEqualTo(5);
        assertThat(out.toString()).isEqualTo("email,name\r\nu0@x.test,N0\r\nu2@x.test,N2\r\nu3@x.test,N3\r\n"
                + "u4@x.test,N4\r\nu6@x.test,N6\r\n");

        SesAccount other = f.ses().account("other");
        assertThatThrownBy(() -> other.groups().members(g.id(), CursorRequest.first()))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> other.groups().removeMembers(g.id(), List.of("u0@x.test")))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> other.exports().groupMembers(g.id(), new StringWriter()))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(groups.get(g.id()).recipients()).isEqualTo(5);
        assertThatThrownBy(() -> groups.members(g.id(), CursorRequest.first().after("not-a-key")))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("not-a-key");
    }

    private static List<CSVRecord> parse(String csv) throws java.io.IOException {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))
                .getRecords();
    }

    @Test
    void exportsWriteEveryListAsCsvWithMillisecondAndIsoTimes() throws Exception {
        Day day = mixedDay();
        Exports exports = f.account().exports();
        StringWriter opens = new StringWriter();
        assertThat(exports.opensAndClicks(today(), opens)).isEqualTo(4);
        List<CSVRecord> rows = parse(opens.toString());
        assertThat(rows).extracting(r -> r.get("type")).containsExactly("OPENED", "OPENED", "CLICKED", "OPENED");
        List<DeliveryEvent> reads = everyPage(deliveries()::opensAndClicks, today(), 100);
        for (int i = 0; i < rows.size(); i++) {
            Instant at = reads.get(i).event().at();
            assertThat(rows.get(i).get("time_ms")).isEqualTo(Long.toString(at.toEpochMilli()));
            assertThat(Instant.parse(rows.get(i).get("time"))).isEqualTo(at);
            assertThat(rows.get(i).get("message_id")).isEqualTo(day.ann());
        }
        assertThat(rows.get(2).get("link")).isEqualTo(LINK);
        assertThat(rows.get(3).get("reader")).isEqualTo("OTHER_MACHINE");
        assertThat(rows.get(3).get("user_agent")).isEqualTo(PROXY);

        StringWriter bounces = new StringWriter();
        assertThat(exports.bounces(today(), bounces)).isEqualTo(1);
        CSVRecord bounce = parse(bounces.toString()).get(0);
        assertThat(bounce.get("bounce_type")).isEqualTo("HARD");
        assertThat(bounce.get("enhanced_code")).isEqualTo("5.1.1");
        assertThat(bounce.get("recipient")).isEqualTo("bob@gmail.test");

        StringWriter complaints = new StringWriter();
        assertThat(exports.complaints(today(), complaints)).isEqualTo(1);
        assertThat(parse(complaints.toString()).get(0).get("recipient")).isEqualTo("eve@qq.test");

        StringWriter unsubscribed = new StringWriter();
        assertThat(exports.unsubscriptions(today(), unsubscribed)).as("gus, and eve by her complaint").isEqualTo(2);
        assertThat(parse(unsubscribed.toString()).get(0).get("sender_domain")).isEqualTo(SesFixture.DOMAIN);

        java.io.ByteArrayOutputStream status = new java.io.ByteArrayOutputStream();
        assertThat(exports.emailStatus(DeliveryQuery.between(start, start.plus(Duration.ofDays(1))), status))
                .isEqualTo(4);
        List<CSVRecord> statuses = parse(status.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(statuses).extracting(r -> r.get("message_id")).containsExactly(day.gus(), day.eve(), day.bob(),
                day.ann());
        assertThat(statuses.get(3).get("requested_at_ms")).isEqualTo(Long.toString(start.toEpochMilli()));
        assertThat(statuses.get(2).get("state")).isEqualTo("BOUNCED");

        java.time.LocalDate today = f.clock().instant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        StringWriter sending = new StringWriter();
        assertThat(exports.sending(StatisticsQuery.between(today, today), sending)).isEqualTo(2);
        List<CSVRecord> sendingRows = parse(sending.toString());
        assertThat(sendingRows.get(1).get("period")).isEqualTo("total");
        assertThat(sendingRows.get(1).get("requests")).isEqualTo("4");
        assertThat(sendingRows.get(1).get("hard_bounces_invalid_address")).isEqualTo("1");
        StringWriter tracking = new StringWriter();
        assertThat(exports.tracking(StatisticsQuery.between(today, today), tracking)).isEqualTo(2);
        assertThat(parse(tracking.toString()).get(1).get("machine_opens")).isEqualTo("1");
    }

    @Test
    void anExportNeutralisesCellsASpreadsheetWouldRunAsFormulas() throws Exception {
        fixture(b -> b);
        f.simulator().rule("*").deliver();
        long tpl = f.textTemplate("hi");
        List<String> agents = List.of("=HYPERLINK(\"http://evil.test\")", "+1+1", "-2", "@SUM(A1)", "\tx", "\rx",
                "plain = text");
        for (String agent : agents) {
            String to = "r" + agents.indexOf(agent) + "@gmail.test";
            f.account().send(f.message(tpl, "hi").to(to).build());
            f.runDueWork();
            String id = f.simulator().mailbox(to).get(0).messageId();
            f.ses().report(new Feedback(Feedback.Type.OPENED, "<" + id + ">", to, f.clock().instant(),
                    Optional.empty(), Optional.of(agent)));
            f.advance(Duration.ofSeconds(1));
        }
        StringWriter out = new StringWriter();
        f.account().exports().opensAndClicks(today(), out);
        assertThat(parse(out.toString())).extracting(r -> r.get("user_agent")).containsExactly(
                "'=HYPERLINK(\"http://evil.test\")", "'+1+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "plain = text");
    }

    @Test
    void badFiltersAreRefusedNamingWhatIsWrong() {
        mixedDay();
        Instant from = start;
        assertThatThrownBy(() -> CursorRequest.first(101))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining("101");
        assertThatThrownBy(() -> deliveries().opensAndClicks(today().withSenderDomain("unknown.example.test"),
                CursorRequest.first())).satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("unknown.example.test");
        assertThatThrownBy(() -> deliveries().unsubscriptions(today().withSenderDomain("unknown.example.test"),
                CursorRequest.first())).satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> f.account().exports().bounces(today().withSenderDomain("unknown.example.test"),
                new StringWriter())).satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> deliveries().emailStatus(DeliveryQuery.between(from, from.plusSeconds(1))
                .withTask(424242), CursorRequest.first())).satisfies(t -> assertThat(code(t))
                .isEqualTo(ErrorCode.NOT_FOUND)).hasMessageContaining("424242");
        Instant before = from.minusSeconds(60);
        assertThatThrownBy(() -> deliveries().bounces(ResponseQuery.between(from, before), CursorRequest.first()))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(from.toString()).hasMessageContaining(before.toString());
        Instant far = from.plus(Duration.ofDays(31));
        assertThatThrownBy(() -> deliveries().complaints(ResponseQuery.between(from, far), CursorRequest.first()))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(from.toString()).hasMessageContaining(far.toString());
        assertThatThrownBy(() -> deliveries().emailStatus(DeliveryQuery.between(from, far), CursorRequest.first()))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(far.toString());
        assertThatThrownBy(() -> deliveries().opensAndClicks(today().withSentBetween(from, before),
                CursorRequest.first())).satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(before.toString());
        assertThatThrownBy(() -> deliveries().opensAndClicks(today(), CursorRequest.first().after("garbage")))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("garbage");
        assertThatThrownBy(() -> deliveries().unsubscriptions(today(), CursorRequest.first().after("/")))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> deliveries().emailStatus(DeliveryQuery.between(from, from.plusSeconds(1)),
                CursorRequest.first().after("2026-01-05T09:00:00Z/x")))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void anotherAccountSeesNoneOfTheseRowsInAnyList() {
        Day day = mixedDay();
        SesAccount other = f.ses().account("other");
        Deliveries theirs = other.deliveries();
        ResponseQuery q = today();
        assertThat(theirs.emailStatus(DeliveryQuery.between(start, start.plus(Duration.ofDays(1))),
                CursorRequest.first()).items()).isEmpty();
        assertThatThrownBy(() -> theirs.emailStatus(day.ann()))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(theirs.opensAndClicks(q, CursorRequest.first()).items()).isEmpty();
        assertThat(theirs.complaints(q, CursorRequest.first()).items()).isEmpty();
        assertThat(theirs.bounces(q, CursorRequest.first()).items()).isEmpty();
        assertThat(theirs.unsubscriptions(q, CursorRequest.first()).items()).isEmpty();
        assertThat(theirs.queueStatus().lastHour()).allSatisfy(a -> assertThat(a.sent()).isZero());
        // The first account's sender domain is not the other's: a filter naming it is refused.
        assertThatThrownBy(() -> theirs.opensAndClicks(q.withSenderDomain(SesFixture.DOMAIN), CursorRequest.first()))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> theirs.withdrawUnsubscription(SesFixture.DOMAIN, "gus@qq.test"))
                .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(everyPage(deliveries()::unsubscriptions, q, 10)).hasSize(2);
        Exports exports = other.exports();
        StringWriter out = new StringWriter();
        assertThat(exports.opensAndClicks(q, out) + exports.complaints(q, out) + exports.bounces(q, out)
                + exports.unsubscriptions(q, out) + exports.emailStatus(DeliveryQuery.between(start,
                start.plus(Duration.ofDays(1))), out)).isZero();
    }
}
