package dev.ses.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.BounceType;
import dev.ses.core.EventType;
import dev.ses.core.MessageState;
import dev.ses.core.QueueCount;
import dev.ses.core.RecipientGroup;
import dev.ses.core.SesEvent;
import dev.ses.core.TemplateType;
import dev.ses.core.Unsubscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the store methods behind the delivery response lists: events, messages and unsubscriptions read
 * one keyset page at a time with their filters, the queue counted per domain pair, group members removed. An
 * implementation's test extends this class and supplies a fresh, empty store per test.
 */
public abstract class DeliveryResponseContractTest {
    protected static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123Z");

    protected Store store;

    /** A new, empty store. */
    protected abstract Store newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static SesEvent event(EventType type, String account, long copy, String recipient, String senderDomain,
                                  Instant at) {
        return new SesEvent(type, account, "m" + copy, copy, recipient, "noreply@" + senderDomain, senderDomain, 7,
                Optional.empty(), Optional.empty(), 1, at, type == EventType.BOUNCED
                        ? Optional.of("550 5.1.1 no such user") : Optional.empty(),
                type == EventType.BOUNCED ? Optional.of(BounceType.HARD) : Optional.empty(),
                type == EventType.CLICKED ? Optional.of("https://x.test/") : Optional.empty(),
                type == EventType.OPENED ? Optional.of("Mozilla/5.0") : Optional.empty());
    }

    private void log(EventType type, String account, long copy, String recipient, String senderDomain, Instant at) {
        store.events().append(List.of(LoggedEvent.of(type + ":" + copy + ":" + at.toEpochMilli(),
                event(type, account, copy, recipient, senderDomain, at))));
    }

    private static EventFilter filter(String account, Set<EventType> types, Instant from, Instant to) {
        return new EventFilter(account, types, from, to, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** Every page of a listing, read with the store's keys. */
    private List<LoggedEvent> allPages(EventFilter f, int size) {
        List<LoggedEvent> all = new ArrayList<>();
        Optional<EventKey> after = Optional.empty();
        List<LoggedEvent> page;
        while (!(page = store.events().find(f, after, size)).isEmpty()) {
            assertThat(page.size()).isLessThanOrEqualTo(size);
            all.addAll(page);
            after = Optional.of(EventKey.of(page.get(page.size() - 1)));
        }
        return all;
    }

    @Test
    void eventPagesFollowTimeThenSequenceAndHoldOnlyTheFilteredEvents() {
        // Appended out of time order, with ties: a listing goes by time, then by sequence number.
        log(EventType.OPENED, "acme", 1, "a@gmail.test", "mail.acme.test", T0.plusSeconds(30));
        log(EventType.CLICKED, "acme", 1, "a@gmail.test", "mail.acme.test", T0.plusSeconds(10));
        log(EventType.OPENED, "acme", 2, "b@qq.test", "news.acme.test", T0.plusSeconds(10));
        log(EventType.DELIVERED, "acme", 2, "b@qq.test", "news.acme.test", T0.plusSeconds(5));
        log(EventType.OPENED, "other", 3, "c@gmail.test", "mail.other.test", T0.plusSeconds(10));
        log(EventType.OPENED, "acme", 4, "d@gmail.test", "mail.acme.test", T0.plusSeconds(90));
        log(EventType.OPENED, "acme", 5, "e@gmail.test", "mail.acme.test", T0.minusSeconds(1));

        EventFilter reads = filter("acme", EnumSet.of(EventType.OPENED, EventType.CLICKED), T0, T0.plusSeconds(60));
        for (int size : List.of(1, 2, 10)) {
            List<LoggedEvent> all = allPages(reads, size);
            assertThat(all).extracting(e -> e.event().type() + "@" + e.event().deliveryId())
                    .containsExactly("CLICKED@1", "OPENED@2", "OPENED@1");
        }
        assertThat(allPages(new EventFilter("acme", EnumSet.of(EventType.OPENED), T0, T0.plusSeconds(100),
                Optional.of("mail.acme.test"), Optional.of("gmail.test"), Optional.empty(), Optional.empty()), 1))
                .extracting(e -> e.event().deliveryId()).containsExactly(1L, 4L);
        assertThat(allPages(filter("other", EnumSet.of(EventType.OPENED), T0, T0.plusSeconds(100)), 5))
                .extracting(e -> e.event().deliveryId()).containsExactly(3L);
        assertThat(store.events().count(filter("acme", EnumSet.of(EventType.OPENED, EventType.CLICKED,
                EventType.DELIVERED), T0, T0.plusSeconds(60))))
                .isEqualTo(Map.of(EventType.OPENED, 2L, EventType.CLICKED, 1L, EventType.DELIVERED, 1L));
        assertThat(store.events().count(filter("nobody", EnumSet.of(EventType.OPENED), T0, T0.plusSeconds(60))))
                .isEmpty();
    }

    @Test
    void aSendTimeFilterReadsEachCopysQueuedEvent() {
        log(EventType.QUEUED, "acme", 1, "a@x.test", "mail.acme.test", T0);
        log(EventType.QUEUED, "acme", 2, "b@x.test", "mail.acme.test", T0.plus(Duration.ofHours(2)));
        log(EventType.OPENED, "acme", 1, "a@x.test", "mail.acme.test", T0.plus(Duration.ofHours(3)));
        log(EventType.OPENED, "acme", 2, "b@x.test", "mail.acme.test", T0.plus(Duration.ofHours(3)));
        log(EventType.OPENED, "acme", 3, "c@x.test", "mail.acme.test", T0.plus(Duration.ofHours(3)));

        EventFilter sentEarly = new EventFilter("acme", EnumSet.of(EventType.OPENED), T0, T0.plus(Duration.ofDays(1)),
                Optional.empty(), Optional.empty(), Optional.of(T0), Optional.of(T0.plus(Duration.ofHours(1))));
        assertThat(allPages(sentEarly, 10)).extracting(e -> e.event().deliveryId()).containsExactly(1L);
        EventFilter sentLate = new EventFilter("acme", EnumSet.of(EventType.OPENED), T0, T0.plus(Duration.ofDays(1)),
                Optional.empty(), Optional.empty(), Optional.of(T0.plus(Duration.ofHours(1))), Optional.empty());
        assertThat(allPages(sentLate, 10)).extracting(e -> e.event().deliveryId()).containsExactly(2L);
        assertThat(store.events().count(sentLate)).isEqualTo(Map.of(EventType.OPENED, 1L));
    }

    @Test
    void eventsListedKeepEveryField() {
        log(EventType.BOUNCED, "acme", 9, "Bob@QQ.test", "mail.acme.test", T0);
        LoggedEvent e = store.events().find(filter("acme", EnumSet.of(EventType.BOUNCED), T0, T0.plusSeconds(1)),
                Optional.empty(), 10).get(0);
        assertThat(e.event()).isEqualTo(event(EventType.BOUNCED, "acme", 9, "Bob@QQ.test", "mail.acme.test", T0));
        assertThat(e.event().enhancedCode()).contains("5.1.1");
        assertThat(e.event().recipientDomain()).isEqualTo("qq.test");
    }

    private static MailRequest request(String account, String senderDomain, Instant at) {
        return new MailRequest(UUID.randomUUID().toString(), account, 1, "noreply@" + senderDomain, "Acme",
                senderDomain, 7, TemplateType.TEXT, "Hi", "Hello", Map.of(), List.of("a@x.test"), List.of(),
                Optional.empty(), Map.of(), List.of(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                at);
    }

    private List<MessageRecord> enqueue(String account, String senderDomain, Instant at, String... recipients) {
        MailRequest r = request(account, senderDomain, at);
        List<MessageRecord> rows = new ArrayList<>();
        for (String to : recipients) {
            rows.add(MessageRecord.queued(r, to, Map.of(), at));
        }
        return store.messages().insertAll(rows);
    }

    @Test
    void messagePagesGoNewestFirstByKeyWithTheirFilters() {
        List<MessageRecord> early = enqueue("acme", "mail.acme.test", T0, "a@x.test", "b@x.test", "A@x.test");
        List<MessageRecord> late = enqueue("acme", "mail.acme.test", T0.plusSeconds(60), "a@x.test", "c@x.test");
        enqueue("other", "mail.other.test", T0.plusSeconds(30), "a@x.test");
        MessageQuery all = new MessageQuery(T0, T0.plusSeconds(3600), Optional.empty(), Optional.empty(),
                Optional.empty());
        List<Long> seen = new ArrayList<>();
        Optional<MessageKey> after = Optional.empty();
        List<MessageRecord> page;
        while (!(page = store.messages().findAfter("acme", all, after, 2)).isEmpty()) {
            assertThat(page.size()).isLessThanOrEqualTo(2);
            page.forEach(m -> seen.add(m.id()));
            after = Optional.of(MessageKey.of(page.get(page.size() - 1)));
        }
        assertThat(seen).containsExactly(late.get(1).id(), late.get(0).id(), early.get(2).id(), early.get(1).id(),
                early.get(0).id());
        MessageQuery ann = new MessageQuery(T0, T0.plusSeconds(3600), Optional.of("A@X.test"), Optional.empty(),
                Optional.empty());
        assertThat(store.messages().findAfter("acme", ann, Optional.empty(), 10)).extracting(MessageRecord::id)
                .containsExactly(late.get(0).id(), early.get(2).id(), early.get(0).id());
        MessageQuery firstMinute = new MessageQuery(T0, T0.plusSeconds(60), Optional.empty(),
                Optional.of(MessageState.QUEUED), Optional.empty());
        assertThat(store.messages().findAfter("acme", firstMinute, Optional.empty(), 10)).hasSize(3);
        assertThat(store.messages().findAfter("nobody", all, Optional.empty(), 10)).isEmpty();
    }

    @Test
    void theQueueIsCountedPerSenderAndRecipientDomain() {
        Instant now = T0.plusSeconds(10);
        List<MessageRecord> rows = enqueue("acme", "mail.acme.test", T0, "a@Gmail.test", "b@gmail.test",
                "c@gmail.test", "d@qq.test", "e@qq.test");
        enqueue("acme", "news.acme.test", T0, "f@gmail.test");
        enqueue("other", "mail.other.test", T0, "g@gmail.test");
        Instant retry = T0.plus(Duration.ofMinutes(15));
        Instant tomorrow = T0.plus(Duration.ofDays(1));
        store.messages().updateAll(List.of(
                rows.get(1).withLease("n1", now.plusSeconds(60), now),
                rows.get(2).settle(MessageState.DEFERRED, Optional.empty(), Optional.of("451 try later"), retry, true,
                        now),
                rows.get(3).settle(MessageState.QUEUED, Optional.empty(),
                        Optional.of(QueueCount.QUOTA_HOLD + "mail.acme.test is spent"), tomorrow, false, now),
                rows.get(4).settle(MessageState.DELIVERED, Optional.empty(), Optional.of("250 ok"), now, true, now)));

        assertThat(store.messages().queueCounts("acme", now)).containsExactly(
                new QueueCount("mail.acme.test", "gmail.test", 1, 1, 1, Optional.of(retry), 0),
                new QueueCount("mail.acme.test", "qq.test", 1, 0, 0, Optional.empty(), 1),
                new QueueCount("news.acme.test", "gmail.test", 1, 0, 0, Optional.empty(), 0));
        assertThat(store.messages().queueCounts("nobody", now)).isEmpty();
    }

    @Test
    void unsubscriptionPagesGoByDomainThenAddressAndCanBeWithdrawn() {
        store.blocklist().unsubscribe("acme", "news.acme.test", "Zed@gmail.test", T0);
        store.blocklist().unsubscribe("acme", "mail.acme.test", "bob@qq.test", T0.plusSeconds(5));
        store.blocklist().unsubscribe("acme", "mail.acme.test", "ann@gmail.test", T0.plusSeconds(10));
        store.blocklist().unsubscribe("acme", "mail.acme.test", "old@gmail.test", T0.minusSeconds(10));
        store.blocklist().unsubscribe("other", "mail.acme.test", "ann@gmail.test", T0);
        UnsubscriptionFilter all = new UnsubscriptionFilter("acme", T0, T0.plusSeconds(60), Optional.empty(),
                Optional.empty());
        List<Unsubscription> seen = new ArrayList<>();
        Optional<Unsubscription> after = Optional.empty();
        List<Unsubscription> page;
        while (!(page = store.blocklist().unsubscriptions(all, after, 1)).isEmpty()) {
            seen.addAll(page);
            after = Optional.of(page.get(page.size() - 1));
        }
        assertThat(seen).containsExactly(new Unsubscription("mail.acme.test", "ann@gmail.test", T0.plusSeconds(10)),
                new Unsubscription("mail.acme.test", "bob@qq.test", T0.plusSeconds(5)),
                new Unsubscription("news.acme.test", "zed@gmail.test", T0));
        assertThat(store.blocklist().unsubscriptions(new UnsubscriptionFilter("acme", T0, T0.plusSeconds(60),
                Optional.of("mail.acme.test"), Optional.of("gmail.test")), Optional.empty(), 10))
                .extracting(Unsubscription::address).containsExactly("ann@gmail.test");

        assertThat(store.blocklist().withdrawUnsubscription("acme", "mail.acme.test", "Ann@Gmail.test")).isTrue();
        assertThat(store.blocklist().withdrawUnsubscription("acme", "mail.acme.test", "ann@gmail.test")).isFalse();
        assertThat(store.blocklist().unsubscribed("acme", "mail.acme.test", List.of("ann@gmail.test"))).isEmpty();
        assertThat(store.blocklist().unsubscribed("other", "mail.acme.test", List.of("ann@gmail.test")))
                .containsExactly("ann@gmail.test");
    }

    @Test
    void removingMembersLowersTheGroupsCountAndStaysInItsAccount() {
        RecipientGroup g = store.groups().insert(new RecipientGroup(0, "acme", "g", "", List.of("name"), 0, T0));
        List<RecipientRow> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(new RecipientRow("u" + i + "@x.test", new LinkedHashMap<>(Map.of("name", "N" + i)), i + 2));
        }
        store.groups().addMembers(g.id(), rows);
        store.groups().update(g.withContents(List.of("name"), 5));

        assertThat(store.groups().removeMembers("other", g.id(), List.of("u0@x.test"))).isZero();
        assertThat(store.groups().removeMembers("acme", g.id(), List.of("u1@x.test", "u3@x.test", "nobody@x.test")))
                .isEqualTo(2);
        assertThat(store.groups().members(g.id(), 0, 10)).extracting(GroupMember::email)
                .containsExactly("u0@x.test", "u2@x.test", "u4@x.test");
        assertThat(store.groups().get("acme", g.id()).orElseThrow().recipients()).isEqualTo(3);
    }
}
