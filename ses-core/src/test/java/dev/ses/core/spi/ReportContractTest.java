package dev.ses.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a store's {@link ReportRepository}: reports kept with their exact bytes, one row per distinct
 * bytes, resolved in place, listed by status. An implementation's test extends this class and supplies a fresh, empty
 * store per test.
 */
public abstract class ReportContractTest {
    protected static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123456Z");

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

    private static StoredReport received(String sha, byte[] raw) {
        return new StoredReport(0, T0, sha, raw, StoredReport.Status.RECEIVED, Optional.empty(), "received for x",
                Optional.empty(), Optional.empty());
    }

    private static String sha(char c) {
        return String.valueOf(c).repeat(64);
    }

    @Test
    void aReportIsKeptWithItsExactBytes() {
        byte[] raw = new byte[70_000];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) i;
        }
        StoredReport added = store.reports().add(received(sha('a'), raw)).orElseThrow();
        assertThat(added.id()).isPositive();
        StoredReport read = store.reports().get(added.id()).orElseThrow();
        assertThat(read.raw()).isEqualTo(raw);
        assertThat(read.receivedAt()).isEqualTo(T0);
        assertThat(read.status()).isEqualTo(StoredReport.Status.RECEIVED);
        assertThat(read.kind()).isEmpty();
        assertThat(read.detail()).isEqualTo("received for x");
        assertThat(store.reports().bySha256(sha('a'))).map(StoredReport::id).contains(added.id());
        assertThat(store.reports().bySha256(sha('b'))).isEmpty();
    }

    @Test
    void theSameBytesTwiceAreOneReport() {
        byte[] raw = "From: x\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII);
        assertThat(store.reports().add(received(sha('a'), raw))).isPresent();
        assertThat(store.reports().add(received(sha('a'), raw))).isEmpty();
        assertThat(store.inTransaction(() -> store.reports().add(received(sha('a'), raw)))).isEmpty();
        assertThat(store.reports().list(StoredReport.Status.RECEIVED, 0, 10)).hasSize(1);
    }

    @Test
    void aRefusedDuplicateLeavesTheTransactionUsable() {
        byte[] raw = "x".getBytes(StandardCharsets.US_ASCII);
        store.reports().add(received(sha('a'), raw));
        Optional<StoredReport> second = store.inTransaction(() -> {
            assertThat(store.reports().add(received(sha('a'), raw))).isEmpty();
            return store.reports().add(received(sha('b'), raw));
        });
        assertThat(second).isPresent();
        assertThat(store.reports().get(second.get().id())).isPresent();
    }

    @Test
    void aRolledBackAddLeavesNothing() {
        try {
            store.inTransaction(() -> {
                store.reports().add(received(sha('c'), new byte[] {1}));
                throw new IllegalStateException("undo");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }
        assertThat(store.reports().bySha256(sha('c'))).isEmpty();
        assertThat(store.reports().add(received(sha('c'), new byte[] {1}))).isPresent();
    }

    @Test
    void resolvingWritesWhatBecameOfItAndListsByStatus() {
        StoredReport a = store.reports().add(received(sha('a'), new byte[] {1})).orElseThrow();
        StoredReport b = store.reports().add(received(sha('b'), new byte[] {2})).orElseThrow();
        StoredReport c = store.reports().add(received(sha('c'), new byte[] {3})).orElseThrow();
        store.reports().resolve(a.resolved(StoredReport.Status.UNMATCHED, Optional.of(InboundReport.Kind.COMPLAINT),
                "no message matches", Optional.empty(), Optional.empty()));
        store.reports().resolve(b.resolved(StoredReport.Status.APPLIED,
                Optional.of(InboundReport.Kind.DELIVERY_STATUS), "matched", Optional.of("acme"), Optional.of("r1")));
        store.reports().resolve(c.resolved(StoredReport.Status.UNMATCHED, Optional.of(InboundReport.Kind.OTHER),
                "not a report", Optional.empty(), Optional.empty()));

        StoredReport readB = store.reports().get(b.id()).orElseThrow();
        assertThat(readB.status()).isEqualTo(StoredReport.Status.APPLIED);
        assertThat(readB.kind()).contains(InboundReport.Kind.DELIVERY_STATUS);
        assertThat(readB.account()).contains("acme");
        assertThat(readB.messageId()).contains("r1");
        assertThat(readB.raw()).containsExactly(2);
        assertThat(store.reports().list(StoredReport.Status.UNMATCHED, 0, 10)).extracting(StoredReport::id)
                .containsExactly(a.id(), c.id());
        assertThat(store.reports().list(StoredReport.Status.UNMATCHED, a.id(), 10)).extracting(StoredReport::id)
                .containsExactly(c.id());
        assertThat(store.reports().list(StoredReport.Status.UNMATCHED, 0, 1)).extracting(StoredReport::id)
                .containsExactly(a.id());
        assertThat(store.reports().list(StoredReport.Status.RECEIVED, 0, 10)).isEmpty();
    }
}
