package dev.ses.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.Attachment;
import dev.ses.core.BlocklistEntry;
import dev.ses.core.BounceType;
import dev.ses.core.DnsRecord;
import dev.ses.core.DnsRecordType;
import dev.ses.core.DomainStatus;
import dev.ses.core.ErrorCode;
import dev.ses.core.MessageState;
import dev.ses.core.PageRequest;
import dev.ses.core.SenderAddress;
import dev.ses.core.SenderDomain;
import dev.ses.core.SesException;
import dev.ses.core.Template;
import dev.ses.core.TemplateType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Store} passes. An implementation's test extends this class and supplies a fresh,
 * empty store per test.
 */
public abstract class StoreContractTest {
    protected static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    protected Store store;

    /** A new, empty store. */
    protected abstract Store newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        // A store whose setup was skipped (no database server to open it on) has nothing to close.
        if (store != null) {
            store.close();
        }
    }

    protected static SenderDomain domain(String account, String name) {
        return new SenderDomain(0, account, name, DomainStatus.PENDING, "s1",
                List.of(new DnsRecord(DnsRecord.Purpose.SPF, name, DnsRecordType.TXT, "v=spf1 ~all", 0),
                        new DnsRecord(DnsRecord.Purpose.MX, name, DnsRecordType.MX, "mx.example.net", 10)),
                T0, Optional.empty(), Optional.empty());
    }

    protected static Template template(String account, String name) {
        return new Template(0, account, name, TemplateType.HTML, "<p>Hi {{name}}</p>", Optional.of("summary"),
                List.of("name"), T0, T0);
    }

    protected static MailRequest request(String account, String key) {
        return new MailRequest(UUID.randomUUID().toString(), account, 1, "noreply@mail.acme.test", "Acme",
                "mail.acme.test", 7, TemplateType.HTML, "<p>Hi {{name}}</p>", "Hello {{name}}",
                Map.of("name", "Ann"), List.of("a@x.test"), List.of("c@x.test"), Optional.of("r@x.test"),
                Map.of("X-Tag", "t"), List.of(new Attachment("a.txt", "text/plain", new byte[] {1, 2, 3})), false,
                Optional.empty(), Optional.empty(), Optional.ofNullable(key), T0);
    }

    protected List<MessageRecord> enqueue(MailRequest request, int count, Instant at) {
        List<MessageRecord> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(MessageRecord.queued(request, "r" + i + "@x.test", Map.of("n", String.valueOf(i)), at));
        }
        return store.messages().insertAll(rows);
    }

    @Test
    void domainsAreScopedToTheirAccount() {
        SenderDomain a = store.domains().insert(domain("acme", "mail.acme.test"));
        store.domains().insert(domain("other", "mail.other.test"));

        assertThat(a.id()).isPositive();
        assertThat(store.domains().get("acme", a.id())).contains(a);
        assertThat(store.domains().get("other", a.id())).isEmpty();
        assertThat(store.domains().byName("acme", "mail.acme.test")).contains(a);
        assertThat(store.domains().byName("other", "mail.acme.test")).isEmpty();
        assertThat(store.domains().list("acme")).containsExactly(a);
        assertThat(store.domains().all()).hasSize(2);
        SenderDomain same = store.domains().insert(domain("other", "mail.acme.test"));
        assertThat(store.domains().withName("mail.acme.test")).containsExactly(a, same);
        assertThat(store.domains().withName("mail.none.test")).isEmpty();
        assertThat(store.domains().delete("other", same.id())).isTrue();
        assertThat(store.domains().delete("other", a.id())).isFalse();
        assertThat(store.domains().get("acme", a.id())).isPresent();
    }

    /** Asserts that a call fails as an insert of a taken natural key must: ALREADY_EXISTS, naming key and account. */
    protected static void assertTaken(ThrowingCallable insert, String key, String account) {
        assertThatThrownBy(insert).isInstanceOfSatisfying(SesException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                .hasMessageContaining("'" + key + "'").hasMessageContaining("account " + account);
    }

    @Test
    void aDuplicateDomainNameInOneAccountIsRefused() {
        store.domains().insert(domain("acme", "mail.acme.test"));
        store.domains().insert(domain("other", "mail.acme.test"));
        assertTaken(() -> store.domains().insert(domain("acme", "mail.acme.test")), "mail.acme.test", "acme");
        assertThat(store.domains().list("acme")).hasSize(1);
    }

    @Test
    void aTransactionGoesOnAfterAnInsertWhoseKeyIsTaken() {
        store.domains().insert(domain("acme", "mail.acme.test"));
        store.inTransaction(() -> {
            store.templates().insert(template("acme", "before"));
            assertTaken(() -> store.domains().insert(domain("acme", "mail.acme.test")), "mail.acme.test", "acme");
            return store.templates().insert(template("acme", "after"));
        });
        assertThat(store.templates().list("acme")).extracting(Template::name).containsExactlyInAnyOrder("before",
                "after");
    }

    @Test
    void aDuplicateAddressOrTemplateInOneAccountIsRefused() {
        SenderDomain d = store.domains().insert(domain("acme", "mail.acme.test"));
        store.addresses().insert(new SenderAddress(0, "acme", d.id(), d.name(), "noreply", "Acme", T0));
        store.addresses().insert(new SenderAddress(0, "other", d.id(), d.name(), "noreply", "Other", T0));
        assertTaken(() -> store.addresses().insert(new SenderAddress(0, "acme", d.id(), d.name(), "noreply", "", T0)),
                "noreply@mail.acme.test", "acme");
        assertThat(store.addresses().list("acme")).hasSize(1);

        store.templates().insert(template("acme", "welcome"));
        store.templates().insert(template("other", "welcome"));
        assertTaken(() -> store.templates().insert(template("acme", "welcome")), "welcome", "acme");
        assertThat(store.templates().list("acme")).hasSize(1);
    }

    @Test
    void aTransactionGoesOnAfterACaughtDuplicate() {
        store.domains().insert(domain("acme", "mail.acme.test"));
        long id = store.inTransaction(() -> {
            try {
                store.domains().insert(domain("acme", "mail.acme.test"));
            } catch (SesException expected) {
                // the caller handles the duplicate and carries on
            }
            return store.domains().insert(domain("acme", "news.acme.test")).id();
        });
        assertThat(store.domains().get("acme", id)).isPresent();
        assertThat(store.domains().list("acme")).hasSize(2);
    }

    @Test
    void domainUpdatesAndKeysRoundTrip() {
        SenderDomain d = store.domains().insert(domain("acme", "mail.acme.test"));
        SenderDomain verified = d.withStatus(DomainStatus.VERIFIED, Optional.of(T0.plusSeconds(60)),
                T0.plusSeconds(60));
        store.domains().update(verified);
        assertThat(store.domains().get("acme", d.id())).contains(verified);

        DkimKey k1 = new DkimKey(d.id(), "s1", DkimKey.RSA_SHA256, new byte[] {1, 2}, "AAA", true, T0);
        DkimKey k2 = new DkimKey(d.id(), "s2", DkimKey.ED25519_SHA256, new byte[] {3}, "BBB", false,
                T0.plusSeconds(1));
        store.domains().saveKey(k1);
        store.domains().saveKey(k2);
        store.domains().saveKey(k1.withActive(false));
        assertThat(store.domains().keys(d.id())).containsExactly(k1.withActive(false), k2);

        assertThat(store.domains().delete("acme", d.id())).isTrue();
        assertThat(store.domains().get("acme", d.id())).isEmpty();
        assertThat(store.domains().keys(d.id())).isEmpty();
    }

    @Test
    void addressesCountPerDomainAndStayInTheirAccount() {
        SenderDomain d = store.domains().insert(domain("acme", "mail.acme.test"));
        SenderAddress a = store.addresses().insert(
                new SenderAddress(0, "acme", d.id(), d.name(), "noreply", "Acme", T0));
        store.addresses().insert(new SenderAddress(0, "acme", d.id(), d.name(), "news", "", T0));

        assertThat(store.addresses().byEmail("acme", "noreply@mail.acme.test")).contains(a);
        assertThat(store.addresses().byEmail("other", "noreply@mail.acme.test")).isEmpty();
        assertThat(store.addresses().get("other", a.id())).isEmpty();
        assertThat(store.addresses().countByDomain(d.id())).isEqualTo(2);
        assertThat(store.addresses().list("acme")).hasSize(2).first().isEqualTo(a);
        assertThat(store.addresses().delete("acme", a.id())).isTrue();
        assertThat(store.addresses().countByDomain(d.id())).isEqualTo(1);
    }

    @Test
    void templatesRoundTrip() {
        Template t = store.templates().insert(template("acme", "welcome"));
        assertThat(store.templates().get("acme", t.id())).contains(t);
        assertThat(store.templates().get("other", t.id())).isEmpty();
        assertThat(store.templates().byName("acme", "welcome")).contains(t);

        Template changed = new Template(t.id(), "acme", "welcome", TemplateType.TEXT, "Bye {{who}}",
                Optional.empty(), List.of("who"), t.createdAt(), T0.plusSeconds(5));
        store.templates().update(changed);
        assertThat(store.templates().get("acme", t.id())).contains(changed);
        assertThat(store.templates().list("acme")).containsExactly(changed);
        assertThat(store.templates().delete("other", t.id())).isFalse();
        assertThat(store.templates().delete("acme", t.id())).isTrue();
        assertThat(store.templates().list("acme")).isEmpty();
    }

    @Test
    void requestsRoundTripAndHonourIdempotencyKeysPerAccount() {
        MailRequest first = request("acme", "k1");
        assertThat(store.requests().insertIfAbsent(first)).isEqualTo(first);
        assertThat(store.requests().get(first.id())).contains(first);
        assertThat(store.requests().get("other", first.id())).isEmpty();

        MailRequest again = request("acme", "k1");
        assertThat(store.requests().insertIfAbsent(again).id()).isEqualTo(first.id());
        assertThat(store.requests().get(again.id())).isEmpty();

        MailRequest otherAccount = request("other", "k1");
        assertThat(store.requests().insertIfAbsent(otherAccount)).isEqualTo(otherAccount);
        MailRequest noKey = request("acme", null);
        assertThat(store.requests().insertIfAbsent(noKey)).isEqualTo(noKey);
    }

    @Test
    void insertedMessagesGetIdsInOrderAndAreFoundByRequest() {
        MailRequest r = store.requests().insertIfAbsent(request("acme", null));
        List<MessageRecord> rows = enqueue(r, 3, T0);
        assertThat(rows).extracting(MessageRecord::id).doesNotHaveDuplicates().isSorted();
        assertThat(rows).allMatch(m -> m.id() > 0);
        assertThat(store.messages().byRequest("acme", r.id())).containsExactlyElementsOf(rows);
        assertThat(store.messages().byRequest("other", r.id())).isEmpty();
        assertThat(store.messages().get("acme", rows.get(0).id())).contains(rows.get(0));
        assertThat(store.messages().get("acme", rows.get(0).id()).orElseThrow().variables()).containsEntry("n", "0");
        assertThat(store.messages().byRequestAndRecipient("acme", r.id(), "R1@X.TEST")).containsExactly(rows.get(1));
    }

    @Test
    void claimTakesOnlyDueRowsAndLeasesThem() {
        MailRequest r = store.requests().insertIfAbsent(request("acme", null));
        enqueue(r, 5, T0);
        enqueue(r, 2, T0.plusSeconds(3600));

        List<MessageRecord> claimed = store.messages().claim("node-a", 10, T0, Duration.ofMinutes(5));
        assertThat(claimed).hasSize(5).allSatisfy(m -> {
            assertThat(m.state()).isEqualTo(MessageState.SENDING);
            assertThat(m.leaseOwner()).contains("node-a");
            assertThat(m.leaseUntil()).contains(T0.plus(Duration.ofMinutes(5)));
        });
        assertThat(store.messages().claim("node-b", 10, T0.plusSeconds(60), Duration.ofMinutes(5))).isEmpty();
        assertThat(store.messages().nextDue()).contains(T0.plus(Duration.ofMinutes(5)));

        List<MessageRecord> later = store.messages().claim("node-b", 3, T0.plusSeconds(3600), Duration.ofMinutes(5));
        assertThat(later).hasSize(3);
        assertThat(later).extracting(MessageRecord::leaseOwner).containsOnly(Optional.of("node-b"));
    }

    @Test
    void anExpiredLeaseReturnsTheRowToTheQueue() {
        MailRequest r = store.requests().insertIfAbsent(request("acme", null));
        enqueue(r, 2, T0);
        List<MessageRecord> first = store.messages().claim("a", 10, T0, Duration.ofSeconds(30));
        assertThat(first).hasSize(2);
        List<MessageRecord> reclaimed = store.messages().claim("b", 10, T0.plusSeconds(31), Duration.ofSeconds(30));
        assertThat(reclaimed).extracting(MessageRecord::id)
                .containsExactlyInAnyOrderElementsOf(first.stream().map(MessageRecord::id).toList());
        assertThat(reclaimed).extracting(MessageRecord::leaseOwner).containsOnly(Optional.of("b"));
    }

    @Test
    void aClaimsOutcomeIsWrittenOnlyWhileThatClaimStillHoldsTheRow() {
        MailRequest r = store.requests().insertIfAbsent(request("acme", null));
        enqueue(r, 2, T0);
        Duration lease = Duration.ofSeconds(30);
        List<MessageRecord> byA = store.messages().claim("a", 10, T0, lease);
        Instant aUntil = byA.get(0).leaseUntil().orElseThrow();
        // a's lease runs out while it sends; b claims both rows and delivers the first.
        List<MessageRecord> byB = store.messages().claim("b", 10, T0.plusSeconds(31), lease);
        assertThat(byB).hasSize(2);
        Instant bUntil = byB.get(0).leaseUntil().orElseThrow();
        MessageRecord delivered = byB.get(0).settle(MessageState.DELIVERED, Optional.empty(), Optional.of("250 ok"),
                T0, true, T0.plusSeconds(32));
        assertThat(store.messages().updateClaimed("b", bUntil, List.of(delivered))).isEmpty();

        // a comes back with deferrals for both: neither is written.
        List<MessageRecord> late = byA.stream().map(m -> m.settle(MessageState.DEFERRED, Optional.empty(),
                Optional.of("451 later"), T0.plusSeconds(600), true, T0.plusSeconds(40))).toList();
        assertThat(store.messages().updateClaimed("a", aUntil, late))
                .containsExactlyInAnyOrderElementsOf(byA.stream().map(MessageRecord::id).toList());
        MessageRecord first = store.messages().get("acme", delivered.id()).orElseThrow();
        assertThat(first.state()).isEqualTo(MessageState.DELIVERED);
        assertThat(first.attempts()).isEqualTo(1);
        MessageRecord second = store.messages().get("acme", byB.get(1).id()).orElseThrow();
        assertThat(second.state()).isEqualTo(MessageState.SENDING);
        assertThat(second.leaseOwner()).contains("b");
        assertThat(second.attempts()).isZero();

        // A node's newer claim supersedes its own older one too.
        List<MessageRecord> again = store.messages().claim("b", 10, T0.plusSeconds(62), lease);
        assertThat(again).extracting(MessageRecord::id).containsExactly(second.id());
        MessageRecord stale = byB.get(1).settle(MessageState.DEFERRED, Optional.empty(), Optional.of("451 later"),
                T0.plusSeconds(600), true, T0.plusSeconds(63));
        assertThat(store.messages().updateClaimed("b", bUntil, List.of(stale))).containsExactly(second.id());
        MessageRecord fresh = again.get(0).settle(MessageState.DELIVERED, Optional.empty(), Optional.of("250 ok"),
                T0, true, T0.plusSeconds(64));
        assertThat(store.messages().updateClaimed("b", again.get(0).leaseUntil().orElseThrow(), List.of(fresh)))
                .isEmpty();
        assertThat(store.messages().get("acme", second.id()).orElseThrow().state())
                .isEqualTo(MessageState.DELIVERED);
        // Once settled, a row takes no claimed outcome at all.
        assertThat(store.messages().updateClaimed("b", again.get(0).leaseUntil().orElseThrow(), List.of(stale)))
                .containsExactly(second.id());
        assertThat(store.messages().get("acme", second.id()).orElseThrow().state())
                .isEqualTo(MessageState.DELIVERED);
    }

    @Test
    void flagsAreOnlyAddedAndASettleOfTheClaimKeepsThem() {
        MailRequest r = store.requests().insertIfAbsent(request("acme", null));
        enqueue(r, 1, T0);
        MessageRecord claimed = store.messages().claim("a", 10, T0, Duration.ofSeconds(30)).get(0);

        // A complaint arrives while the message is being sent: only the flag changes.
        store.messages().addFlags(claimed.id(), new MessageRecord.Flags(false, false, false, true),
                T0.plusSeconds(1));
        MessageRecord during = store.messages().get("acme", claimed.id()).orElseThrow();
        assertThat(during.state()).isEqualTo(MessageState.SENDING);
        assertThat(during.leaseOwner()).contains("a");
        assertThat(during.leaseUntil()).isEqualTo(claimed.leaseUntil());
        assertThat(during.flags()).isEqualTo(new MessageRecord.Flags(false, false, false, true));

        // The send settles from the record it claimed, whose flags are all false: the complaint stays.
        MessageRecord delivered = claimed.settle(MessageState.DELIVERED, Optional.empty(), Optional.of("250 ok"), T0,
                true, T0.plusSeconds(2));
        assertThat(store.messages().updateClaimed("a", claimed.leaseUntil().orElseThrow(), List.of(delivered)))
                .isEmpty();
        // Flags are only ever added.
        store.messages().addFlags(claimed.id(), new MessageRecord.Flags(true, false, false, false),
                T0.plusSeconds(3));
        MessageRecord after = store.messages().get("acme", claimed.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(MessageState.DELIVERED);
        assertThat(after.flags()).isEqualTo(new MessageRecord.Flags(true, false, false, true));
        assertThat(after.updatedAt()).isEqualTo(T0.plusSeconds(3));
        store.messages().addFlags(987_654_321L, new MessageRecord.Flags(true, true, true, true), T0);
    }

    @Test
    void settledRowsAreNeverClaimedAndDeferredOnesComeBackAtTheirTime() {
        MailRequest r = store.requests().insertIfAbsent(request("acme", null));
        enqueue(r, 2, T0);
        List<MessageRecord> claimed = store.messages().claim("a", 10, T0, Duration.ofSeconds(30));
        MessageRecord delivered = claimed.get(0).settle(MessageState.DELIVERED, Optional.empty(),
                Optional.of("250 ok"), T0, true, T0.plusSeconds(1));
        MessageRecord deferred = claimed.get(1).settle(MessageState.DEFERRED, Optional.empty(),
                Optional.of("451 later"), T0.plusSeconds(600), true, T0.plusSeconds(1));
        store.messages().updateAll(List.of(delivered, deferred));

        assertThat(store.messages().get("acme", delivered.id()).orElseThrow().deliveredAt())
                .contains(T0.plusSeconds(1));
        assertThat(store.messages().get("acme", deferred.id()).orElseThrow().attempts()).isEqualTo(1);
        assertThat(store.messages().claim("a", 10, T0.plusSeconds(599), Duration.ofSeconds(30))).isEmpty();
        assertThat(store.messages().nextDue()).contains(T0.plusSeconds(600));
        assertThat(store.messages().claim("a", 10, T0.plusSeconds(600), Duration.ofSeconds(30)))
                .extracting(MessageRecord::id).containsExactly(deferred.id());
    }

    @Test
    void theFirstAttemptIsWrittenOnceAndKeptByEveryLaterWrite() {
        MailRequest r = store.requests().insertIfAbsent(request("acme", null));
        MessageRecord fresh = enqueue(r, 1, T0).get(0);
        assertThat(store.messages().get("acme", fresh.id()).orElseThrow().firstAttemptAt()).isEmpty();

        Duration lease = Duration.ofSeconds(30);
        MessageRecord claimed = store.messages().claim("a", 10, T0, lease).get(0);
        MessageRecord held = claimed.settle(MessageState.QUEUED, Optional.empty(), Optional.of("quota"),
                T0.plusSeconds(60), false, T0);
        assertThat(store.messages().updateClaimed("a", claimed.leaseUntil().orElseThrow(), List.of(held))).isEmpty();
        assertThat(store.messages().get("acme", fresh.id()).orElseThrow().firstAttemptAt()).as("not attempted")
                .isEmpty();

        Instant first = Instant.parse("2026-03-05T10:15:30.123456Z");
        claimed = store.messages().claim("a", 10, first, lease).get(0);
        MessageRecord deferred = claimed.settle(MessageState.DEFERRED, Optional.empty(), Optional.of("451 later"),
                first.plusSeconds(600), true, first);
        assertThat(store.messages().updateClaimed("a", claimed.leaseUntil().orElseThrow(), List.of(deferred)))
                .isEmpty();
        assertThat(store.messages().get("acme", fresh.id()).orElseThrow().firstAttemptAt()).contains(first);

        claimed = store.messages().claim("a", 10, first.plusSeconds(600), lease).get(0);
        assertThat(claimed.firstAttemptAt()).contains(first);
        MessageRecord delivered = claimed.settle(MessageState.DELIVERED, Optional.empty(), Optional.of("250 ok"),
                claimed.nextAttemptAt(), true, first.plusSeconds(601));
        assertThat(delivered.firstAttemptAt()).contains(first);
        assertThat(store.messages().updateClaimed("a", claimed.leaseUntil().orElseThrow(), List.of(delivered)))
                .isEmpty();
        store.messages().updateAll(List.of(delivered.withFlags(new MessageRecord.Flags(true, false, false, false),
                first.plusSeconds(700))));
        MessageRecord read = store.messages().get("acme", fresh.id()).orElseThrow();
        assertThat(read.firstAttemptAt()).contains(first);
        assertThat(read.attempts()).isEqualTo(2);

        MessageRecord inserted = store.messages().insertAll(List.of(MessageRecord.queued(r, "x@x.test", Map.of(), T0)
                .settle(MessageState.DEFERRED, Optional.empty(), Optional.of("451"), T0.plusSeconds(60), true,
                        first))).get(0);
        assertThat(inserted.firstAttemptAt()).contains(first);
        assertThat(store.messages().get("acme", inserted.id())).contains(inserted);
    }

    @Test
    void flagsAndBounceTypeArePersisted() {
        MailRequest r = store.requests().insertIfAbsent(request("acme", null));
        MessageRecord m = enqueue(r, 1, T0).get(0);
        MessageRecord bounced = m.settle(MessageState.BOUNCED, Optional.of(BounceType.HARD),
                Optional.of("550 5.1.1 unknown"), T0, true, T0)
                .withFlags(new MessageRecord.Flags(true, false, true, false), T0.plusSeconds(2));
        store.messages().updateAll(List.of(bounced));
        MessageRecord read = store.messages().get("acme", m.id()).orElseThrow();
        assertThat(read.bounceType()).contains(BounceType.HARD);
        assertThat(read.flags()).isEqualTo(new MessageRecord.Flags(true, false, true, false));
        assertThat(read.reply()).contains("550 5.1.1 unknown");
    }

    @Test
    void concurrentClaimsNeverShareARow() throws Exception {
        MailRequest r = store.requests().insertIfAbsent(request("acme", null));
        enqueue(r, 600, T0);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<List<Long>>> claimers = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                String node = "node-" + n;
                claimers.add(() -> {
                    List<Long> mine = new ArrayList<>();
                    List<MessageRecord> batch;
                    while (!(batch = store.messages().claim(node, 25, T0, Duration.ofMinutes(5))).isEmpty()) {
                        batch.forEach(m -> mine.add(m.id()));
                    }
                    return mine;
                });
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : pool.invokeAll(claimers)) {
                all.addAll(f.get());
            }
            assertThat(all).hasSize(600).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void findFiltersByRecipientDateStateAndPages() {
        MailRequest r = store.requests().insertIfAbsent(request("acme", null));
        enqueue(r, 3, T0);
        enqueue(r, 2, T0.plusSeconds(86_400));
        var all = store.messages().find("acme", new MessageQuery(T0, T0.plusSeconds(2 * 86_400), Optional.empty(),
                Optional.empty(), Optional.empty()), PageRequest.first(2));
        assertThat(all.total()).isEqualTo(5);
        assertThat(all.items()).hasSize(2);
        assertThat(all.items().get(0).createdAt()).isEqualTo(T0.plusSeconds(86_400));

        var firstDay = store.messages().find("acme", new MessageQuery(T0, T0.plusSeconds(86_400),
                Optional.of("R1@x.test"), Optional.of(MessageState.QUEUED), Optional.empty()), PageRequest.first());
        assertThat(firstDay.items()).extracting(MessageRecord::recipient).containsExactly("r1@x.test");
        assertThat(store.messages().find("other", new MessageQuery(T0, T0.plusSeconds(2 * 86_400), Optional.empty(),
                Optional.empty(), Optional.empty()), PageRequest.first()).total()).isZero();
    }

    @Test
    void blocklistEntriesExpireAndAreRemovable() {
        BlocklistRepository b = store.blocklist();
        b.put(new BlocklistEntry("acme", "gone@x.test", BlocklistEntry.Source.BOUNCE, "550 5.1.1 no such user", T0,
                Optional.of(T0.plusSeconds(100))));
        b.put(new BlocklistEntry("acme", "spam@x.test", BlocklistEntry.Source.CUSTOM, "manual", T0.plusSeconds(1),
                Optional.empty()));
        b.put(new BlocklistEntry("other", "Gone@x.test", BlocklistEntry.Source.CUSTOM, "x", T0, Optional.empty()));

        assertThat(b.blocked("acme", List.of("gone@x.test", "spam@x.test", "ok@x.test"), T0.plusSeconds(99)))
                .containsExactlyInAnyOrder("gone@x.test", "spam@x.test");
        assertThat(b.blocked("acme", List.of("GONE@x.test"), T0.plusSeconds(100))).isEmpty();
        assertThat(b.find("acme", "GONE@X.TEST")).hasSize(1);
        assertThat(b.list("acme", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
                .extracting(BlocklistEntry::address).containsExactly("spam@x.test", "gone@x.test");
        assertThat(b.list("acme", Optional.of("GONE"), Optional.empty(), Optional.empty(), Optional.empty()))
                .hasSize(1);
        assertThat(b.list("acme", Optional.empty(), Optional.of(T0.plusSeconds(1)), Optional.empty(),
                Optional.empty())).extracting(BlocklistEntry::address).containsExactly("spam@x.test");
        assertThat(b.list("acme", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(BlocklistEntry.Source.BOUNCE))).hasSize(1);

        assertThat(b.remove("acme", List.of("gone@x.test", "spam@x.test"), Optional.empty())).isEqualTo(2);
        assertThat(b.list("acme", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())).isEmpty();
        assertThat(b.find("other", "gone@x.test")).hasSize(1);
    }

    @Test
    void unsubscriptionsArePerSenderDomain() {
        BlocklistRepository b = store.blocklist();
        b.unsubscribe("acme", "mail.acme.test", "Ann@x.test", T0);
        assertThat(b.unsubscribed("acme", "mail.acme.test", List.of("ann@x.test", "bob@x.test")))
                .containsExactly("ann@x.test");
        assertThat(b.unsubscribed("acme", "news.acme.test", List.of("ann@x.test"))).isEmpty();
        assertThat(b.unsubscribed("other", "mail.acme.test", List.of("ann@x.test"))).isEmpty();
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        SenderDomain kept = store.domains().insert(domain("acme", "kept.acme.test"));
        MailRequest r = request("acme", "key-1");
        assertThatThrownBy(() -> store.inTransaction(() -> {
            store.domains().insert(domain("acme", "lost.acme.test"));
            store.domains().update(kept.withStatus(DomainStatus.VERIFIED, Optional.of(T0), T0));
            store.requests().insertIfAbsent(r);
            enqueue(r, 3, T0);
            store.blocklist().put(new BlocklistEntry("acme", "x@x.test", BlocklistEntry.Source.CUSTOM, "", T0,
                    Optional.empty()));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(store.domains().list("acme")).containsExactly(kept);
        assertThat(store.requests().get(r.id())).isEmpty();
        assertThat(store.messages().byRequest("acme", r.id())).isEmpty();
        assertThat(store.messages().claim("n", 10, T0, Duration.ofMinutes(1))).isEmpty();
        assertThat(store.blocklist().find("acme", "x@x.test")).isEmpty();
        MailRequest again = request("acme", "key-1");
        assertThat(store.requests().insertIfAbsent(again)).isEqualTo(again);
    }

    @Test
    void nestedTransactionsJoinTheOuterOne() {
        Set<Long> ids = new HashSet<>();
        assertThatThrownBy(() -> store.inTransaction(() -> {
            store.inTransaction(() -> ids.add(store.domains().insert(domain("acme", "a.acme.test")).id()));
            throw new IllegalStateException("outer fails");
        })).hasMessage("outer fails");
        assertThat(store.domains().list("acme")).isEmpty();

        long id = store.inTransaction(() -> store.inTransaction(
                () -> store.domains().insert(domain("acme", "b.acme.test")).id()));
        assertThat(store.domains().get("acme", id)).isPresent();
    }

    // ---------------------------------------------------------------- groups, tasks, counters, warm-up

    protected static dev.ses.core.RecipientGroup group(String account, String name) {
        return new dev.ses.core.RecipientGroup(0, account, name, "desc", List.of(), 0, T0);
    }

    protected static RecipientRow row(String email, int line) {
        return new RecipientRow(email, new java.util.LinkedHashMap<>(Map.of("name", "N" + line)), line);
    }

    @Test
    void groupsKeepTheirMembersInOrderAndPageThem() {
        dev.ses.core.RecipientGroup g = store.groups().insert(group("acme", "customers"));
        assertThat(store.groups().byName("acme", "customers")).contains(g);
        assertThat(store.groups().get("other", g.id())).isEmpty();
        List<RecipientRow> rows = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            rows.add(row("u" + i + "@x.test", i + 2));
        }
        store.groups().addMembers(g.id(), rows);
        dev.ses.core.RecipientGroup updated = g.withContents(List.of("name"), 25);
        store.groups().update(updated);
        assertThat(store.groups().get("acme", g.id())).contains(updated);

        List<GroupMember> first = store.groups().members(g.id(), 0, 10);
        assertThat(first).hasSize(10).extracting(GroupMember::email).startsWith("u0@x.test", "u1@x.test");
        assertThat(first.get(3).variables()).containsEntry("name", "N5");
        List<GroupMember> rest = store.groups().members(g.id(), first.get(9).id(), 100);
        assertThat(rest).hasSize(15).extracting(GroupMember::email).endsWith("u24@x.test");
        assertThat(store.groups().emails(g.id())).hasSize(25).contains("u7@x.test");

        assertThat(store.groups().delete("other", g.id())).isFalse();
        assertThat(store.groups().delete("acme", g.id())).isTrue();
        assertThat(store.groups().members(g.id(), 0, 10)).isEmpty();
        assertThat(store.groups().list("acme")).isEmpty();
    }

    @Test
    void membersWithLineBreaksAreFoundPageByPage() {
        dev.ses.core.RecipientGroup g = store.groups().insert(group("acme", "customers"));
        List<RecipientRow> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String note = i % 7 == 3 ? "line " + i + (i % 2 == 0 ? "\r\n" : "\n") + "next" : "one line, \\no break";
            rows.add(new RecipientRow("u" + i + "@x.test", Map.of("note", note), i + 2));
        }
        store.groups().addMembers(g.id(), rows);

        List<String> found = new ArrayList<>();
        long after = 0;
        List<GroupMember> page;
        while (!(page = store.groups().membersWithLineBreaks(g.id(), after, 2)).isEmpty()) {
            assertThat(page).hasSizeLessThanOrEqualTo(2);
            page.stream().filter(m -> m.variables().get("note").contains("next")).map(GroupMember::email)
                    .forEach(found::add);
            after = page.get(page.size() - 1).id();
        }

        assertThat(found).containsExactly("u3@x.test", "u10@x.test", "u17@x.test", "u24@x.test");
        assertThat(store.groups().membersWithLineBreaks(g.id(), 0, 0)).isEmpty();
    }

    @Test
    void aDuplicateGroupNameIsRefusedAndAFailedImportLeavesNoMembers() {
        dev.ses.core.RecipientGroup g = store.groups().insert(group("acme", "customers"));
        assertTaken(() -> store.groups().insert(group("acme", "customers")), "customers", "acme");
        assertThatThrownBy(() -> store.inTransaction(() -> {
            store.groups().addMembers(g.id(), List.of(row("a@x.test", 2), row("b@x.test", 3)));
            throw new IllegalStateException("bad row");
        })).hasMessage("bad row");
        assertThat(store.groups().members(g.id(), 0, 10)).isEmpty();
    }

    protected static dev.ses.core.SendTask task(String account, Instant next) {
        return new dev.ses.core.SendTask(0, account, dev.ses.core.TaskType.RECURRING, 1, 2, 3, "Hi {{name}}",
                Map.of("shop", "Acme"), next, Optional.of(Duration.ofDays(1)), Optional.empty(),
                java.time.ZoneId.of("Europe/Berlin"), dev.ses.core.TaskStatus.WAITING, Optional.of(next), 0,
                Optional.empty(), T0, T0);
    }

    @Test
    void tasksStartOnceThroughTheirNextRun() {
        dev.ses.core.SendTask t = store.tasks().insert(task("acme", T0.plusSeconds(60)));
        assertThat(store.tasks().get("acme", t.id())).contains(t);
        assertThat(store.tasks().get("other", t.id())).isEmpty();
        assertThat(store.tasks().due(T0)).isEmpty();
        assertThat(store.tasks().due(T0.plusSeconds(60))).containsExactly(t);

        dev.ses.core.SendTask started = t.withSchedule(dev.ses.core.TaskStatus.SENDING,
                Optional.of(T0.plusSeconds(86_460)), 1, T0.plusSeconds(60));
        dev.ses.core.SendTask foreign = new dev.ses.core.SendTask(started.id(), "other", started.type(),
                started.groupId(), started.templateId(), started.addressId(), started.subject(),
                started.sharedVariables(), started.startAt(), started.interval(), started.endAt(), started.zone(),
                started.status(), started.nextRunAt(), started.runs(), started.reason(), started.createdAt(),
                started.updatedAt());
        assertThat(store.tasks().updateIfNextRunIs(foreign, t.nextRunAt())).as("another account's id").isFalse();
        assertThat(store.tasks().updateIfNextRunIs(started, t.nextRunAt())).isTrue();
        assertThat(store.tasks().updateIfNextRunIs(started, t.nextRunAt())).as("a second node").isFalse();
        assertThat(store.tasks().get("acme", t.id())).contains(started);
        assertThat(store.tasks().due(T0.plusSeconds(61))).isEmpty();

        dev.ses.core.SendTask cancelled = started.withStatus(dev.ses.core.TaskStatus.CANCELLED,
                Optional.of("user"), T0.plusSeconds(70));
        store.tasks().update(cancelled);
        assertThat(store.tasks().due(T0.plusSeconds(200_000))).isEmpty();
        assertThat(store.tasks().list("acme")).containsExactly(cancelled);
    }

    @Test
    void aLockedTaskMakesTheNextLockerWaitAndReadWhatTheFirstWrote() throws Exception {
        dev.ses.core.SendTask t = store.tasks().insert(task("acme", T0));
        assertThat(store.inTransaction(() -> store.tasks().lock("other", t.id()))).as("another account's id")
                .isEmpty();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch secondStarted = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Object> first = pool.submit(() -> store.inTransaction(() -> {
                dev.ses.core.SendTask held = store.tasks().lock("acme", t.id()).orElseThrow();
                locked.countDown();
                awaitLatch(secondStarted);
                store.tasks().update(held.withStatus(dev.ses.core.TaskStatus.PAUSED, Optional.empty(), T0));
                return null;
            }));
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            Future<dev.ses.core.TaskStatus> second = pool.submit(() -> {
                secondStarted.countDown();
                return store.inTransaction(() -> store.tasks().lock("acme", t.id()).orElseThrow().status());
            });
            first.get(30, TimeUnit.SECONDS);
            assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(dev.ses.core.TaskStatus.PAUSED);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other transaction did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void runsRoundTripAndOpenRunsAreListed() {
        dev.ses.core.SendTask t = store.tasks().insert(task("acme", T0));
        dev.ses.core.TaskRun r1 = store.tasks().insertRun(new dev.ses.core.TaskRun(0, t.id(), "acme", 1, "m1", 10, T0,
                Optional.empty()));
        dev.ses.core.TaskRun r2 = store.tasks().insertRun(new dev.ses.core.TaskRun(0, t.id(), "acme", 2, "m2", 12,
                T0.plusSeconds(86_400), Optional.empty()));
        assertThat(r1.id()).isPositive().isNotEqualTo(r2.id());
        store.tasks().updateRun(r1.completed(T0.plusSeconds(5)));
        assertThat(store.tasks().runs(t.id())).containsExactly(r1.completed(T0.plusSeconds(5)), r2);
        assertThat(store.tasks().openRuns()).containsExactly(r2);
    }

    @Test
    void countersAddAndReserveWithoutPassingTheLimit() throws Exception {
        java.time.LocalDate day = java.time.LocalDate.of(2026, 3, 1);
        assertThat(store.counters().get("k", day)).isZero();
        assertThat(store.counters().add("k", day, 5)).isEqualTo(5);
        assertThat(store.counters().add("k", day, -2)).isEqualTo(3);
        assertThat(store.counters().get("k", day.plusDays(1))).isZero();
        assertThat(store.counters().reserve("k", day, 5, 6)).isEqualTo(3);
        assertThat(store.counters().reserve("k", day, 5, 6)).isZero();
        assertThat(store.counters().get("k", day)).isEqualTo(6);

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Long>> takers = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                takers.add(() -> {
                    long got = 0;
                    for (int i = 0; i < 100; i++) {
                        got += store.counters().reserve("q", day, 7, 1000);
                    }
                    return got;
                });
            }
            long total = 0;
            for (Future<Long> f : pool.invokeAll(takers)) {
                total += f.get();
            }
            assertThat(total).isEqualTo(1000);
            assertThat(store.counters().get("q", day)).isEqualTo(1000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void warmupStatesAreSavedOptimistically() {
        java.time.LocalDate day = java.time.LocalDate.of(2026, 3, 1);
        WarmupState first = new WarmupState("acme", "mail.acme.test", 1, day, Optional.empty(), 0);
        assertThat(store.warmups().save(first, -1)).isTrue();
        assertThat(store.warmups().save(first, -1)).isFalse();
        WarmupState second = new WarmupState("acme", "mail.acme.test", 2, day.plusDays(1), Optional.of(day), 1);
        assertThat(store.warmups().save(second, 5)).isFalse();
        assertThat(store.warmups().save(second, 0)).isTrue();
        assertThat(store.warmups().get("acme", "mail.acme.test")).contains(second);
        assertThat(store.warmups().get("other", "mail.acme.test")).isEmpty();

        dev.ses.core.WarmupDecision d = new dev.ses.core.WarmupDecision("acme", "mail.acme.test", day, 1, 2, false,
                "up to level 2", T0);
        store.warmups().addDecision(d);
        assertThat(store.warmups().decisions("acme", "mail.acme.test")).containsExactly(d);
        assertThat(store.warmups().decisions("acme", "other.test")).isEmpty();
    }

    /** A request of task 77's run {@code runId}. */
    protected static MailRequest runRequest(long runId) {
        MailRequest base = request("acme", null);
        return new MailRequest(base.id(), base.account(), base.addressId(), base.fromAddress(),
                base.fromName(), base.senderDomain(), base.templateId(), base.templateType(), base.templateBody(),
                base.subject(), base.variables(), List.of(), List.of(), Optional.empty(), Map.of(), List.of(), true,
                Optional.of(77L), Optional.of(runId), Optional.empty(), T0);
    }

    protected List<MessageRecord> enqueueRun(long runId, int count) {
        return enqueueRun(runRequest(runId), count);
    }

    /** Stores a run's request and queues {@code count} messages for it, due at {@link #T0}. */
    protected List<MessageRecord> enqueueRun(MailRequest r, int count) {
        store.requests().insertIfAbsent(r);
        List<MessageRecord> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(MessageRecord.queued(r, "r" + i + "@x.test", Map.of("n", String.valueOf(i)), T0));
        }
        return store.messages().insertAll(rows);
    }

    @Test
    void runsArePagedCountedPausedAndCancelledAsAWhole() {
        List<MessageRecord> rows = enqueueRun(5, 6);
        enqueueRun(6, 2);
        assertThat(store.messages().byRun(5, 0, 4)).hasSize(4).extracting(MessageRecord::recipient)
                .startsWith("r0@x.test");
        assertThat(store.messages().byRun(5, rows.get(3).id(), 10)).hasSize(2);

        MessageRecord delivered = store.messages().claim("n", 1, T0, Duration.ofMinutes(1)).get(0)
                .settle(MessageState.DELIVERED, Optional.empty(), Optional.of("250"), T0, true, T0);
        store.messages().updateAll(List.of(delivered));

        Instant far = T0.plus(Duration.ofDays(3650));
        assertThat(store.messages().rescheduleRun(5, far)).isEqualTo(5);
        RunCounts paused = store.messages().countRun(5, T0);
        assertThat(paused.count(MessageState.DELIVERED)).isEqualTo(1);
        assertThat(paused.count(MessageState.QUEUED)).isEqualTo(5);
        assertThat(paused.waiting()).isEqualTo(5);
        assertThat(paused.total()).isEqualTo(6);
        assertThat(paused.settled()).isEqualTo(1);
        assertThat(store.messages().claim("n", 100, T0.plusSeconds(1), Duration.ofMinutes(1)))
                .allSatisfy(m -> assertThat(m.runId()).contains(6L));

        assertThat(store.messages().rescheduleRun(5, T0.plusSeconds(2))).isEqualTo(5);
        assertThat(store.messages().countRun(5, T0.plusSeconds(2)).waiting()).isZero();
        assertThat(store.messages().cancelRun(5, "task cancelled", T0.plusSeconds(3))).isEqualTo(5);
        RunCounts cancelled = store.messages().countRun(5, T0.plusSeconds(3));
        assertThat(cancelled.count(MessageState.CANCELLED)).isEqualTo(5);
        assertThat(cancelled.settled()).isEqualTo(6);
        assertThat(store.messages().claim("n", 100, T0.plusSeconds(10), Duration.ofMinutes(1))).isEmpty();
    }

    // ---------------------------------------------------------------- further rules of the batch SPI

    @Test
    void groupsOfOneAccountAndTheirMembersStayApart() {
        dev.ses.core.RecipientGroup a = store.groups().insert(group("acme", "a"));
        dev.ses.core.RecipientGroup b = store.groups().insert(group("acme", "b"));
        dev.ses.core.RecipientGroup other = store.groups().insert(group("other", "a"));
        store.groups().addMembers(a.id(), List.of(row("x@a.test", 2), row("y@a.test", 3)));
        store.groups().addMembers(b.id(), List.of(row("x@b.test", 2)));
        store.groups().addMembers(a.id(), List.of(row("z@a.test", 2)));
        assertThat(store.groups().members(a.id(), 0, 10)).extracting(GroupMember::email)
                .containsExactly("x@a.test", "y@a.test", "z@a.test");
        assertThat(store.groups().members(a.id(), 0, 10)).extracting(GroupMember::groupId).containsOnly(a.id());
        assertThat(store.groups().list("acme")).extracting(dev.ses.core.RecipientGroup::name).containsExactly("a", "b");

        store.groups().update(new dev.ses.core.RecipientGroup(a.id(), "other", "a", "desc", List.of("name"), 9, T0));
        assertThat(store.groups().get("acme", a.id())).contains(a);
        assertThat(store.groups().delete("acme", a.id())).isTrue();
        assertThat(store.groups().delete("acme", a.id())).isFalse();
        assertThat(store.groups().emails(b.id())).containsExactly("x@b.test");
        assertThat(store.groups().get("other", other.id())).contains(other);
        assertThat(store.groups().members(b.id(), 0, 0)).isEmpty();
    }

    @Test
    void aTaskKeepsEveryFieldAndComparesAnAbsentNextRunToo() {
        dev.ses.core.SendTask batch = new dev.ses.core.SendTask(0, "acme", dev.ses.core.TaskType.BATCH, 4, 5, 6,
                "Subject", Map.of(), T0, Optional.empty(), Optional.of(T0.plusSeconds(7200)),
                java.time.ZoneId.of("America/New_York"), dev.ses.core.TaskStatus.SENDING, Optional.empty(), 1,
                Optional.of("why"), T0, T0.plusSeconds(1));
        dev.ses.core.SendTask t = store.tasks().insert(batch);
        assertThat(t.id()).isPositive();
        assertThat(store.tasks().get("acme", t.id())).contains(t);
        assertThat(store.tasks().get("acme", t.id()).orElseThrow().zone())
                .isEqualTo(java.time.ZoneId.of("America/New_York"));
        assertThat(store.tasks().due(T0.plusSeconds(100_000))).isEmpty();

        dev.ses.core.SendTask done = t.withStatus(dev.ses.core.TaskStatus.COMPLETED, Optional.empty(),
                T0.plusSeconds(9));
        assertThat(store.tasks().updateIfNextRunIs(done, Optional.of(T0))).isFalse();
        assertThat(store.tasks().updateIfNextRunIs(done, Optional.empty())).isTrue();
        assertThat(store.tasks().get("acme", t.id())).contains(done);

        store.tasks().update(done.withStatus(dev.ses.core.TaskStatus.FAILED, Optional.of("x"), T0.plusSeconds(10))
                .withSchedule(dev.ses.core.TaskStatus.FAILED, Optional.empty(), 1, T0.plusSeconds(10)));
        dev.ses.core.SendTask foreign = new dev.ses.core.SendTask(t.id(), "other", t.type(), t.groupId(),
                t.templateId(), t.addressId(), t.subject(), t.sharedVariables(), t.startAt(), t.interval(),
                t.endAt(), t.zone(), dev.ses.core.TaskStatus.CANCELLED, t.nextRunAt(), t.runs(), t.reason(),
                t.createdAt(), t.updatedAt());
        store.tasks().update(foreign);
        assertThat(store.tasks().get("acme", t.id()).orElseThrow().status()).isEqualTo(dev.ses.core.TaskStatus.FAILED);
        assertThat(store.tasks().list("other")).isEmpty();
    }

    @Test
    void dueTasksAreWaitingOrSendingOnesOldestFirst() {
        dev.ses.core.SendTask late = store.tasks().insert(task("acme", T0.plusSeconds(30)));
        dev.ses.core.SendTask early = store.tasks().insert(task("other", T0.plusSeconds(10)));
        dev.ses.core.SendTask paused = store.tasks().insert(task("acme", T0));
        store.tasks().update(paused.withStatus(dev.ses.core.TaskStatus.PAUSED, Optional.empty(), T0));
        assertThat(store.tasks().due(T0.plusSeconds(30))).containsExactly(early, late);
        assertThat(store.tasks().list("acme")).extracting(dev.ses.core.SendTask::id)
                .containsExactly(paused.id(), late.id());
    }

    @Test
    void aReservationIsNeverNegativeAndNeverPassesTheLimit() {
        java.time.LocalDate day = java.time.LocalDate.of(2026, 3, 1);
        assertThat(store.counters().reserve("fresh", day, 4, 10)).isEqualTo(4);
        assertThat(store.counters().reserve("fresh", day, 0, 10)).isZero();
        assertThat(store.counters().reserve("fresh", day, -3, 10)).isZero();
        assertThat(store.counters().reserve("fresh", day, 5, 2)).as("a limit lowered below the count").isZero();
        assertThat(store.counters().get("fresh", day)).isEqualTo(4);
        assertThat(store.counters().reserve("fresh", day.plusDays(1), 50, 10)).isEqualTo(10);
        assertThat(store.counters().reserve("other", day, 1, 0)).isZero();
        assertThat(store.counters().get("other", day)).isZero();
    }

    @Test
    void aWarmupStateMustMoveToAHigherVersion() {
        java.time.LocalDate day = java.time.LocalDate.of(2026, 3, 1);
        WarmupState first = new WarmupState("acme", "a.test", 1, day, Optional.empty(), 3);
        assertThat(store.warmups().save(first, 0)).as("nothing stored yet").isFalse();
        assertThat(store.warmups().save(first, -1)).isTrue();
        assertThat(store.warmups().save(new WarmupState("acme", "a.test", 2, day, Optional.empty(), 3), 3)).isFalse();
        assertThat(store.warmups().save(new WarmupState("other", "a.test", 5, day, Optional.empty(), 0), -1)).isTrue();
        assertThat(store.warmups().get("acme", "a.test")).contains(first);
        assertThat(store.warmups().get("other", "a.test").orElseThrow().level()).isEqualTo(5);
    }

    @Test
    void pausingAndCancellingARunLeaveMessagesInFlightAndSettledOnesAlone() {
        List<MessageRecord> rows = enqueueRun(5, 4);
        List<MessageRecord> claimed = store.messages().claim("n", 3, T0, Duration.ofMinutes(1));
        assertThat(claimed).hasSize(3);
        store.messages().updateAll(List.of(
                claimed.get(0).settle(MessageState.DELIVERED, Optional.empty(), Optional.of("250"), T0, true, T0),
                claimed.get(1).settle(MessageState.DEFERRED, Optional.empty(), Optional.of("451"),
                        T0.plusSeconds(60), true, T0)));
        // rows: one DELIVERED, one DEFERRED, one SENDING, one QUEUED
        Instant far = T0.plus(Duration.ofDays(3650));
        assertThat(store.messages().rescheduleRun(5, far)).isEqualTo(2);
        assertThat(store.messages().get("acme", claimed.get(2).id()).orElseThrow().state())
                .isEqualTo(MessageState.SENDING);
        assertThat(store.messages().get("acme", claimed.get(0).id()).orElseThrow().nextAttemptAt()).isEqualTo(T0);
        assertThat(store.messages().countRun(5, T0).waiting()).as("QUEUED only").isEqualTo(1);

        assertThat(store.messages().cancelRun(5, "task cancelled", T0.plusSeconds(5))).isEqualTo(2);
        RunCounts counts = store.messages().countRun(5, T0.plusSeconds(5));
        assertThat(counts.count(MessageState.CANCELLED)).isEqualTo(2);
        assertThat(counts.count(MessageState.SENDING)).isEqualTo(1);
        assertThat(counts.count(MessageState.DELIVERED)).isEqualTo(1);
        MessageRecord cancelled = store.messages().byRun(5, 0, 10).stream()
                .filter(m -> m.state() == MessageState.CANCELLED).findFirst().orElseThrow();
        assertThat(cancelled.reply()).contains("task cancelled");
        assertThat(cancelled.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(store.messages().countRun(99, T0).total()).isZero();
        assertThat(rows).hasSize(4);
    }

    @Test
    void aGroupIsQueuedForARequestInMemberOrder() {
        dev.ses.core.RecipientGroup g = store.groups().insert(group("acme", "all"));
        store.groups().addMembers(g.id(), List.of(row("b@x.test", 2), row("a@x.test", 3), row("c@x.test", 4)));
        MailRequest base = request("acme", null);
        MailRequest r = new MailRequest(base.id(), base.account(), base.addressId(), base.fromAddress(),
                base.fromName(), base.senderDomain(), base.templateId(), base.templateType(), base.templateBody(),
                base.subject(), base.variables(), List.of(), List.of(), Optional.empty(), Map.of(), List.of(), true,
                Optional.of(5L), Optional.of(9L), Optional.empty(), T0);
        store.inTransaction(() -> {
            store.requests().insertIfAbsent(r);
            assertThat(store.enqueueGroup(r, g.id(), T0.plusSeconds(5))).isEqualTo(3);
            return null;
        });
        List<MessageRecord> rows = store.messages().byRun(9, 0, 10);
        assertThat(rows).extracting(MessageRecord::recipient).containsExactly("b@x.test", "a@x.test", "c@x.test");
        assertThat(rows).allSatisfy(m -> {
            assertThat(m.state()).isEqualTo(MessageState.QUEUED);
            assertThat(m.nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(m.requestId()).isEqualTo(r.id());
            assertThat(m.taskId()).contains(5L);
            assertThat(m.senderDomain()).isEqualTo(r.senderDomain());
            assertThat(m.templateId()).isEqualTo(r.templateId());
            assertThat(m.attempts()).isZero();
        });
        assertThat(rows.get(1).variables()).containsEntry("name", "N3");
        assertThat(store.enqueueGroup(r, 12345, T0)).as("an empty or unknown group").isZero();
    }

    // ---------------------------------------------------------------- isolation: read committed

    /** A read, named for the failure message. */
    protected record Read(String name, Supplier<?> get) {
    }

    /** What a read returned, and whether it returned while the transaction under test was still open. */
    protected record Seen(Object value, boolean whileOpen) {
    }

    protected static Read read(String name, Supplier<?> get) {
        return new Read(name, get);
    }

    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("rolled back by the test");
        }
    }

    /**
     * Runs {@code writes} in a transaction on a thread of its own and holds it open; meanwhile runs each read on a
     * thread of its own. Once every read has returned or waits (a store may make readers wait for a transaction in
     * progress), the transaction ends: it commits or, if {@code commit} is false, throws and rolls back.
     */
    protected List<Seen> readWhileOpen(Runnable writes, boolean commit, List<Read> reads) throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            try {
                store.inTransaction(() -> {
                    writes.run();
                    written.countDown();
                    awaitUninterruptibly(end);
                    if (!commit) {
                        throw new RolledBack();
                    }
                    return null;
                });
                ended.complete(null);
            } catch (Throwable e) {
                ended.completeExceptionally(e);
            } finally {
                written.countDown();
            }
        }, "open-transaction");
        writer.setDaemon(true);
        writer.start();
        assertThat(written.await(1, TimeUnit.MINUTES)).as("the writes are made").isTrue();
        if (ended.isDone()) {
            ended.join();
        }

        List<CompletableFuture<Object>> results = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (Read r : reads) {
            CompletableFuture<Object> result = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    result.complete(r.get().get());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, "read " + r.name());
            reader.setDaemon(true);
            results.add(result);
            readers.add(reader);
        }
        readers.forEach(Thread::start);
        readers.forEach(ThreadStates::awaitEndedOrWaiting);
        List<Boolean> whileOpen = results.stream().map(CompletableFuture::isDone).toList();
        end.countDown();

        if (commit) {
            ended.get(1, TimeUnit.MINUTES);
        } else {
            assertThatThrownBy(() -> ended.get(1, TimeUnit.MINUTES)).hasCauseInstanceOf(RolledBack.class);
        }
        List<Seen> seen = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            seen.add(new Seen(results.get(i).get(1, TimeUnit.MINUTES), whileOpen.get(i)));
        }
        return seen;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Checks read committed for a transaction making {@code writes}: a read on another thread that returns while
     * the transaction is open sees the state from before it; one that returns later sees that state or the
     * committed one, never anything else; after a rollback every read sees the state from before. Each read must
     * return something else once the writes are committed.
     */
    protected void assertReadCommitted(Runnable writes, boolean commit, List<Read> reads) throws Exception {
        List<Object> before = reads.stream().map(r -> (Object) r.get().get()).toList();
        List<Seen> seen = readWhileOpen(writes, commit, reads);
        List<Object> after = reads.stream().map(r -> (Object) r.get().get()).toList();
        SoftAssertions.assertSoftly(softly -> {
            for (int i = 0; i < reads.size(); i++) {
                String name = reads.get(i).name();
                if (commit) {
                    softly.assertThat(after.get(i)).as("%s after the commit", name).isNotEqualTo(before.get(i));
                } else {
                    softly.assertThat(after.get(i)).as("%s after the rollback", name).isEqualTo(before.get(i));
                }
                Seen s = seen.get(i);
                if (s.whileOpen()) {
                    softly.assertThat(s.value()).as("%s while the transaction was open", name)
                            .isEqualTo(before.get(i));
                } else {
                    softly.assertThat(s.value()).as("%s as the transaction ended", name)
                            .isIn(before.get(i), after.get(i));
                }
            }
        });
    }

    @Test
    void anotherThreadSeesQueuedMessagesOnlyOnceTheirTransactionCommits() throws Exception {
        MessageRecord existing = enqueueRun(runRequest(5), 1).get(0);
        MailRequest r = runRequest(5);
        Runnable writes = () -> {
            enqueueRun(r, 3);
            store.messages().addFlags(existing.id(), new MessageRecord.Flags(true, false, false, false), T0);
        };
        MessageQuery all = new MessageQuery(T0, T0.plusSeconds(60), Optional.empty(), Optional.empty(),
                Optional.empty());
        List<Read> reads = List.of(
                read("requests().get", () -> store.requests().get(r.id())),
                read("byRequest", () -> store.messages().byRequest("acme", r.id())),
                read("byRequestAndRecipient", () -> store.messages().byRequestAndRecipient("acme", r.id(),
                        "r1@x.test")),
                read("byRun", () -> store.messages().byRun(5, 0, 10)),
                read("countRun", () -> store.messages().countRun(5, T0)),
                read("find", () -> store.messages().find("acme", all, PageRequest.first()).total()),
                read("get", () -> store.messages().get("acme", existing.id())));

        assertReadCommitted(writes, false, reads);
        assertReadCommitted(writes, true, reads);
    }

    @Test
    void aClaimNeverTakesRowsOfATransactionStillOpen() throws Exception {
        MailRequest r = request("acme", null);
        Runnable writes = () -> {
            store.requests().insertIfAbsent(r);
            enqueue(r, 3, T0);
        };
        Read claim = read("claim", () -> store.messages().claim("b", 10, T0, Duration.ofMinutes(1)));
        Read nextDue = read("nextDue", () -> store.messages().nextDue());

        List<Seen> rolledBack = readWhileOpen(writes, false, List.of(claim, nextDue));
        assertThat(rolledBack).extracting(Seen::value).containsExactly(List.of(), Optional.empty());
        assertThat(store.messages().claim("a", 10, T0, Duration.ofMinutes(1))).isEmpty();

        List<Seen> committed = readWhileOpen(writes, true, List.of(claim, nextDue));
        List<MessageRecord> queued = store.messages().byRequest("acme", r.id());
        assertThat(queued).hasSize(3);
        @SuppressWarnings("unchecked")
        List<MessageRecord> claimedMeanwhile = (List<MessageRecord>) committed.get(0).value();
        if (committed.get(0).whileOpen()) {
            assertThat(claimedMeanwhile).as("claimed while the transaction was open").isEmpty();
        } else {
            assertThat(claimedMeanwhile.stream().map(MessageRecord::id).toList()).as("claimed as the transaction ended")
                    .isIn(List.of(), queued.stream().map(MessageRecord::id).toList());
        }
        if (committed.get(1).whileOpen()) {
            assertThat(committed.get(1).value()).as("next due while the transaction was open")
                    .isEqualTo(Optional.empty());
        }
        List<MessageRecord> claimedAfter = store.messages().claim("a", 10, T0, Duration.ofMinutes(1));
        assertThat(claimedAfter.size() + claimedMeanwhile.size()).as("every row claimed once").isEqualTo(3);
    }

    @Test
    void anotherThreadSeesATaskRunsTotalOnlyOnceItsTransactionCommits() throws Exception {
        dev.ses.core.SendTask t = store.tasks().insert(task("acme", T0));
        dev.ses.core.TaskRun run = store.tasks().insertRun(new dev.ses.core.TaskRun(0, t.id(), "acme", 1, "m1", 0,
                T0, Optional.empty()));
        MailRequest r = runRequest(run.id());
        Runnable writes = () -> {
            store.tasks().update(t.withSchedule(dev.ses.core.TaskStatus.SENDING, Optional.of(T0.plusSeconds(86_400)),
                    1, T0));
            long total = enqueueRun(r, 3).size();
            store.tasks().updateRun(new dev.ses.core.TaskRun(run.id(), t.id(), "acme", 1, r.id(), total, T0,
                    Optional.empty()));
        };
        List<Read> reads = List.of(
                read("tasks().get", () -> store.tasks().get("acme", t.id())),
                read("tasks().list", () -> store.tasks().list("acme")),
                read("tasks().due", () -> store.tasks().due(T0)),
                read("runs", () -> store.tasks().runs(t.id())),
                read("openRuns", () -> store.tasks().openRuns()),
                read("countRun", () -> store.messages().countRun(run.id(), T0)));

        assertReadCommitted(writes, false, reads);
        assertReadCommitted(writes, true, reads);
    }

    @Test
    void anotherThreadSeesGroupMembersOnlyOnceTheirImportCommits() throws Exception {
        dev.ses.core.RecipientGroup g = store.groups().insert(group("acme", "customers"));
        Runnable writes = () -> {
            store.groups().addMembers(g.id(), List.of(row("a@x.test", 2), row("b@x.test", 3), row("c@x.test", 4)));
            store.groups().update(g.withContents(List.of("name"), 3));
            store.groups().insert(group("acme", "more"));
        };
        List<Read> reads = List.of(
                read("members", () -> store.groups().members(g.id(), 0, 10)),
                read("emails", () -> store.groups().emails(g.id())),
                read("groups().get", () -> store.groups().get("acme", g.id())),
                read("groups().byName", () -> store.groups().byName("acme", "more")),
                read("groups().list", () -> store.groups().list("acme")));

        assertReadCommitted(writes, false, reads);
        assertReadCommitted(writes, true, reads);
    }

    @Test
    void anotherThreadSeesNoOtherWriteOfATransactionBeforeItCommits() throws Exception {
        SenderDomain d = store.domains().insert(domain("acme", "mail.acme.test"));
        SenderDomain old = store.domains().insert(domain("acme", "old.acme.test"));
        SenderAddress leaving = store.addresses().insert(new SenderAddress(0, "acme", old.id(), old.name(), "info",
                "", T0));
        Template kept = store.templates().insert(template("acme", "kept"));
        java.time.LocalDate day = java.time.LocalDate.of(2026, 3, 1);
        Runnable writes = () -> {
            store.addresses().delete("acme", leaving.id());
            store.templates().update(new Template(kept.id(), "acme", "kept", TemplateType.TEXT, "Bye", Optional.empty(),
                    List.of(), kept.createdAt(), T0.plusSeconds(5)));
            store.domains().update(d.withStatus(DomainStatus.VERIFIED, Optional.of(T0), T0));
            store.domains().insert(domain("acme", "news.acme.test"));
            store.domains().saveKey(new DkimKey(d.id(), "s1", DkimKey.RSA_SHA256, new byte[] {1, 2}, "AAA", true,
                    T0));
            store.addresses().insert(new SenderAddress(0, "acme", d.id(), d.name(), "noreply", "Acme", T0));
            store.templates().insert(template("acme", "welcome"));
            store.blocklist().put(new BlocklistEntry("acme", "x@x.test", BlocklistEntry.Source.CUSTOM, "manual", T0,
                    Optional.empty()));
            store.blocklist().unsubscribe("acme", d.name(), "ann@x.test", T0);
            store.counters().add("k", day, 5);
            store.warmups().save(new WarmupState("acme", d.name(), 1, day, Optional.empty(), 0), -1);
            store.warmups().addDecision(new dev.ses.core.WarmupDecision("acme", d.name(), day, 1, 2, false,
                    "up to level 2", T0));
        };
        List<Read> reads = List.of(
                read("domains().get", () -> store.domains().get("acme", d.id())),
                read("domains().byName", () -> store.domains().byName("acme", "news.acme.test")),
                read("domains().list", () -> store.domains().list("acme")),
                read("domains().all", () -> store.domains().all()),
                read("keys", () -> store.domains().keys(d.id())),
                read("addresses().get", () -> store.addresses().get("acme", leaving.id())),
                read("addresses().byEmail", () -> store.addresses().byEmail("acme", "noreply@mail.acme.test")),
                read("addresses().list", () -> store.addresses().list("acme")),
                read("countByDomain", () -> store.addresses().countByDomain(d.id())),
                read("templates().get", () -> store.templates().get("acme", kept.id())),
                read("templates().byName", () -> store.templates().byName("acme", "welcome")),
                read("templates().list", () -> store.templates().list("acme")),
                read("blocklist().find", () -> store.blocklist().find("acme", "x@x.test")),
                read("blocklist().list", () -> store.blocklist().list("acme", Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty())),
                read("blocked", () -> store.blocklist().blocked("acme", List.of("x@x.test"), T0)),
                read("unsubscribed", () -> store.blocklist().unsubscribed("acme", d.name(), List.of("ann@x.test"))),
                read("counters().get", () -> store.counters().get("k", day)),
                read("warmups().get", () -> store.warmups().get("acme", d.name())),
                read("decisions", () -> store.warmups().decisions("acme", d.name())));

        assertReadCommitted(writes, false, reads);
        assertReadCommitted(writes, true, reads);
    }
}
