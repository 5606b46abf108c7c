package dev.ses.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.CallbackAddress;
import dev.ses.core.CallbackAttempt;
import dev.ses.core.CallbackDeliveryState;
import dev.ses.core.CallbackEvent;
import dev.ses.core.ErrorCode;
import dev.ses.core.SesException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a store's {@link CallbackRepository}. An implementation's test extends this class and supplies a
 * fresh, empty store per test.
 */
public abstract class CallbackContractTest {
    protected static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123Z");
    private static final Duration LEASE = Duration.ofMinutes(1);

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

    private CallbackRepository repo() {
        return store.callbacks();
    }

    private static CallbackAddress address(String account, Optional<String> sender, String url) {
        return new CallbackAddress(0, account, sender, url, EnumSet.of(CallbackEvent.DELIVERED, CallbackEvent.BOUNCE),
                "whsec_c2VjcmV0", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), T0);
    }

    private static CallbackDeliveryRecord pending(long addressId, long seq, Instant due) {
        return CallbackDeliveryRecord.pending(addressId, "acme", seq, "evt_" + seq, CallbackEvent.DELIVERED,
                T0.plusSeconds(seq), "{\"event\":\"delivered\",\"n\":" + seq + "}", due);
    }

    @Test
    void addressesAreSavedPerAccountAndScopeAndReadBackAsWritten() {
        CallbackAddress account = repo().saveAddress(address("acme", Optional.empty(), "http://a.test:8080/x"));
        CallbackAddress sender = repo().saveAddress(address("acme", Optional.of("noreply@mail.acme.test"),
                "http://b.test:8080/y"));
        repo().saveAddress(address("other", Optional.empty(), "http://c.test:8080/z"));
        assertThat(account.id()).isPositive();
        assertThat(sender.id()).isNotEqualTo(account.id());
        assertThat(repo().address("acme", account.id())).contains(account);
        assertThat(repo().address("other", account.id())).isEmpty();
        assertThat(repo().address(sender.id())).contains(sender);
        assertThat(repo().addressFor("acme", Optional.empty())).contains(account);
        assertThat(repo().addressFor("acme", Optional.of("noreply@mail.acme.test"))).contains(sender);
        assertThat(repo().addressFor("acme", Optional.of("news@mail.acme.test"))).isEmpty();
        assertThat(repo().addresses("acme")).containsExactly(account, sender);

        assertThatThrownBy(() -> repo().saveAddress(address("acme", Optional.empty(), "http://d.test:8080/")))
                .isInstanceOfSatisfying(SesException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                .hasMessageContaining("acme");

        CallbackAddress rotated = account.withSecret("whsec_bmV3", T0.plusSeconds(60))
                .withHealth(Optional.of(T0), Optional.of(T0.plusSeconds(1)))
                .withTarget("http://moved.test:8081/x", EnumSet.of(CallbackEvent.OPEN));
        assertThat(repo().saveAddress(rotated)).isEqualTo(rotated);
        assertThat(repo().address(account.id())).contains(rotated);
        assertThat(repo().failing()).containsExactly(rotated);
    }

    @Test
    void deletingAnAddressDeletesItsDeliveries() {
        CallbackAddress a = repo().saveAddress(address("acme", Optional.empty(), "http://a.test:8080/x"));
        repo().enqueue(List.of(pending(a.id(), 1, T0)));
        assertThat(repo().deleteAddress("other", a.id())).isFalse();
        assertThat(repo().deleteAddress("acme", a.id())).isTrue();
        assertThat(repo().deleteAddress("acme", a.id())).isFalse();
        assertThat(repo().address(a.id())).isEmpty();
        assertThat(repo().dueAddresses(T0, 10)).isEmpty();
        assertThat(repo().deliveries(a.id(), CallbackDeliveryState.PENDING, 0, 10)).isEmpty();
    }

    @Test
    void anEventIsQueuedOncePerAddressAndTheQueueRollsBackWithItsTransaction() {
        CallbackAddress a = repo().saveAddress(address("acme", Optional.empty(), "http://a.test:8080/x"));
        assertThat(repo().enqueue(List.of(pending(a.id(), 1, T0), pending(a.id(), 2, T0)))).isEqualTo(2);
        assertThat(repo().enqueue(List.of(pending(a.id(), 2, T0), pending(a.id(), 3, T0)))).isEqualTo(1);
        assertThatThrownBy(() -> store.inTransaction(() -> {
            repo().enqueue(List.of(pending(a.id(), 4, T0)));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        List<CallbackDeliveryRecord> rows = repo().deliveries(a.id(), CallbackDeliveryState.PENDING, 0, 10);
        assertThat(rows).extracting(CallbackDeliveryRecord::eventSeq).containsExactly(1L, 2L, 3L);
        CallbackDeliveryRecord first = rows.get(0);
        assertThat(first.webhookId()).isEqualTo("evt_1");
        assertThat(first.body()).isEqualTo("{\"event\":\"delivered\",\"n\":1}");
        assertThat(first.eventAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(first.account()).isEqualTo("acme");
        assertThat(first.attempts()).isZero();
        assertThat(repo().delivery("acme", first.id())).contains(first);
        assertThat(repo().delivery("other", first.id())).isEmpty();
        assertThat(repo().deliveries(a.id(), CallbackDeliveryState.PENDING, first.id(), 1))
                .extracting(CallbackDeliveryRecord::eventSeq).containsExactly(2L);
    }

    @Test
    void claimsLeaseDueDeliveriesOfOneAddressToOneNode() {
        CallbackAddress a = repo().saveAddress(address("acme", Optional.empty(), "http://a.test:8080/x"));
        CallbackAddress b = repo().saveAddress(address("acme", Optional.of("n@mail.acme.test"), "http://b.test:8080/"));
        repo().enqueue(List.of(pending(a.id(), 1, T0), pending(a.id(), 2, T0), pending(a.id(), 3, T0.plusSeconds(60)),
                pending(b.id(), 4, T0)));
        assertThat(repo().dueAddresses(T0, 10)).containsExactlyInAnyOrder(a.id(), b.id());

        List<CallbackDeliveryRecord> claimed = repo().claim(a.id(), "node-1", 5, T0, LEASE);
        assertThat(claimed).extracting(CallbackDeliveryRecord::eventSeq).containsExactly(1L, 2L);
        assertThat(claimed).allSatisfy(d -> assertThat(d.leaseOwner()).contains("node-1"));
        assertThat(repo().claim(a.id(), "node-2", 5, T0, LEASE)).isEmpty();
        assertThat(repo().dueAddresses(T0, 10)).containsExactly(b.id());

        // An expired lease makes the delivery claimable again, by another node; the first can no longer finish it.
        Instant later = T0.plus(LEASE).plusSeconds(1);
        List<CallbackDeliveryRecord> taken = repo().claim(a.id(), "node-2", 1, later, LEASE);
        assertThat(taken).extracting(CallbackDeliveryRecord::eventSeq).containsExactly(1L);
        CallbackAttempt attempt = new CallbackAttempt(later, Optional.of(500), Duration.ofMillis(12), "down");
        assertThat(repo().finish(taken.get(0).id(), "node-1", attempt, CallbackDeliveryState.DELIVERED, later))
                .isFalse();
        assertThat(repo().finish(taken.get(0).id(), "node-2", attempt, CallbackDeliveryState.PENDING,
                later.plusSeconds(5))).isTrue();
        CallbackDeliveryRecord after = repo().delivery("acme", taken.get(0).id()).orElseThrow();
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.nextAttemptAt()).isEqualTo(later.plusSeconds(5));
        assertThat(after.leaseOwner()).isEmpty();
        assertThat(repo().claim(a.id(), "node-2", 5, later, LEASE)).extracting(CallbackDeliveryRecord::eventSeq)
                .containsExactly(2L, 3L);
        assertThat(repo().claim(a.id(), "node-2", 5, later.plusSeconds(5), LEASE))
                .extracting(CallbackDeliveryRecord::eventSeq).containsExactly(1L);
    }

    @Test
    void attemptsAreRecordedInOrderWithOrWithoutAStatus() {
        CallbackAddress a = repo().saveAddress(address("acme", Optional.empty(), "http://a.test:8080/x"));
        repo().enqueue(List.of(pending(a.id(), 1, T0)));
        CallbackAttempt reset = new CallbackAttempt(T0, Optional.empty(), Duration.ofMillis(3), "failed: reset");
        CallbackAttempt ok = new CallbackAttempt(T0.plusSeconds(5), Optional.of(204), Duration.ofMillis(4), "");
        long id = repo().claim(a.id(), "n", 1, T0, LEASE).get(0).id();
        repo().finish(id, "n", reset, CallbackDeliveryState.PENDING, T0.plusSeconds(5));
        repo().claim(a.id(), "n", 1, T0.plusSeconds(5), LEASE);
        repo().finish(id, "n", ok, CallbackDeliveryState.DELIVERED, T0.plusSeconds(5));
        assertThat(repo().attempts(List.of(id, 999L))).containsOnlyKeys(id);
        assertThat(repo().attempts(List.of(id)).get(id)).containsExactly(reset, ok);
        assertThat(repo().deliveries(a.id(), CallbackDeliveryState.DELIVERED, 0, 10)).hasSize(1);
        assertThat(repo().dueAddresses(T0.plusSeconds(60), 10)).isEmpty();
    }

    @Test
    void deadLettersAreQueuedAgainOneOrAllAndEventsAgainByAddress() {
        CallbackAddress a = repo().saveAddress(address("acme", Optional.empty(), "http://a.test:8080/x"));
        repo().enqueue(List.of(pending(a.id(), 1, T0), pending(a.id(), 2, T0), pending(a.id(), 3, T0)));
        CallbackAttempt down = new CallbackAttempt(T0, Optional.of(500), Duration.ZERO, "down");
        for (CallbackDeliveryRecord d : repo().claim(a.id(), "n", 3, T0, LEASE)) {
            repo().finish(d.id(), "n", down, CallbackDeliveryState.DEAD, T0);
        }
        List<CallbackDeliveryRecord> dead = repo().deliveries(a.id(), CallbackDeliveryState.DEAD, 0, 10);
        assertThat(dead).hasSize(3);
        Instant now = T0.plusSeconds(100);
        assertThat(repo().requeueDead(a.id(), Optional.of(dead.get(0).id()), now)).isEqualTo(1);
        assertThat(repo().requeueDead(a.id(), Optional.of(dead.get(0).id()), now)).isZero();
        CallbackDeliveryRecord again = repo().delivery("acme", dead.get(0).id()).orElseThrow();
        assertThat(again.state()).isEqualTo(CallbackDeliveryState.PENDING);
        assertThat(again.attempts()).isZero();
        assertThat(again.nextAttemptAt()).isEqualTo(now);
        assertThat(repo().requeueDead(a.id(), Optional.empty(), now)).isEqualTo(2);
        assertThat(repo().deliveries(a.id(), CallbackDeliveryState.DEAD, 0, 10)).isEmpty();

        assertThat(repo().enqueueAgain(List.of(pending(a.id(), 1, now.plusSeconds(1)), pending(a.id(), 9, now))))
                .isEqualTo(2);
        assertThat(repo().deliveries(a.id(), CallbackDeliveryState.PENDING, 0, 10))
                .extracting(CallbackDeliveryRecord::eventSeq).containsExactly(1L, 2L, 3L, 9L);
        assertThat(repo().attempts(List.of(dead.get(0).id())).get(dead.get(0).id())).containsExactly(down);
    }

    @Test
    void pruningDeletesOldDeliveriesInBoundedBatches() {
        CallbackAddress a = repo().saveAddress(address("acme", Optional.empty(), "http://a.test:8080/x"));
        repo().enqueue(List.of(pending(a.id(), 1, T0), pending(a.id(), 2, T0), pending(a.id(), 3, T0),
                pending(a.id(), 50, T0)));
        long first = repo().deliveries(a.id(), CallbackDeliveryState.PENDING, 0, 1).get(0).id();
        repo().claim(a.id(), "n", 1, T0, LEASE);
        repo().finish(first, "n", new CallbackAttempt(T0, Optional.of(200), Duration.ZERO, "ok"),
                CallbackDeliveryState.DELIVERED, T0);
        Instant cut = T0.plusSeconds(10);
        assertThat(repo().pruneBefore(cut, 2)).isEqualTo(2);
        assertThat(repo().pruneBefore(cut, 2)).isEqualTo(1);
        assertThat(repo().pruneBefore(cut, 2)).isZero();
        assertThat(repo().deliveries(a.id(), CallbackDeliveryState.PENDING, 0, 10))
                .extracting(CallbackDeliveryRecord::eventSeq).containsExactly(50L);
        assertThat(repo().attempts(List.of(first))).isEmpty();
    }
}
