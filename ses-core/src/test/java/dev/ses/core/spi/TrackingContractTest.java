package dev.ses.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.EventType;
import dev.ses.core.MessageTracking;
import dev.ses.core.ReaderKind;
import dev.ses.core.SesEvent;
import dev.ses.core.TemplateType;
import dev.ses.core.TrackingSetup;
import dev.ses.core.UnsubscribeScope;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a store's {@link TrackingRepository}. An implementation's test extends this class and supplies a
 * fresh, empty store per test.
 */
public abstract class TrackingContractTest {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00.123456Z");

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

    private static byte[] secret(int fill) {
        byte[] s = new byte[40];
        Arrays.fill(s, (byte) fill);
        s[0] = (byte) 0xFF;
        return s;
    }

    @Test
    void theFirstKeyStoredUnderAnIdWinsAndKeysComeBackOldestFirst() {
        assertThat(store.tracking().keys()).isEmpty();
        TrackingKey first = new TrackingKey("s1", secret(1), T0);

        assertThat(store.tracking().addKey(first)).isEqualTo(first);
        assertThat(store.tracking().addKey(new TrackingKey("s1", secret(2), T0.plusSeconds(1)))).isEqualTo(first);
        TrackingKey second = new TrackingKey("s2", secret(3), T0.plusSeconds(60));
        store.tracking().addKey(second);

        assertThat(store.tracking().keys()).containsExactly(first, second);
        assertThat(store.tracking().keys().get(0).secret()).isEqualTo(secret(1));
    }

    @Test
    void aKeyAddedInATransactionThatFailsIsNotKept() {
        try {
            store.inTransaction(() -> {
                store.tracking().addKey(new TrackingKey("s1", secret(1), T0));
                throw new IllegalStateException("undo");
            });
        } catch (IllegalStateException expected) {
            // the work's own exception passes through
        }
        assertThat(store.tracking().keys()).isEmpty();
    }

    @Test
    void setupsAreKeptPerAccountAndDomainAndReplaced() {
        TrackingSetup account = new TrackingSetup(Optional.of("https://track.acme.example"),
                UnsubscribeScope.ACCOUNT);
        TrackingSetup domain = TrackingSetup.DEFAULT.withBaseUrl("https://t.mail.acme.example/x");

        store.tracking().setSetup("acme", "", account);
        store.tracking().setSetup("acme", "mail.acme.example", domain);

        assertThat(store.tracking().setup("acme", "")).contains(account);
        assertThat(store.tracking().setup("acme", "mail.acme.example")).contains(domain);
        assertThat(store.tracking().setup("other", "")).isEmpty();
        assertThat(store.tracking().setup("acme", "news.acme.example")).isEmpty();

        store.tracking().setSetup("acme", "mail.acme.example", TrackingSetup.DEFAULT);
        assertThat(store.tracking().setup("acme", "mail.acme.example")).contains(TrackingSetup.DEFAULT);
    }

    @Test
    void aLinkSetIsStoredOnceUnderItsIdAndReadBackInOrder() {
        List<String> links = List.of("https://b.example/x?y=1&z=2", "https://a.example/", "https://c.example/\u00e9");
        store.tracking().addLinkSets(Map.of("AAAAAAAAAAAAAAAAAAAAAA", links, "BBBBBBBBBBBBBBBBBBBBBB",
                List.of("https://d.example/")));
        store.tracking().addLinkSets(Map.of("AAAAAAAAAAAAAAAAAAAAAA", links));
        store.tracking().addLinkSets(Map.of());

        assertThat(store.tracking().linkSet("AAAAAAAAAAAAAAAAAAAAAA")).contains(links);
        assertThat(store.tracking().linkSet("BBBBBBBBBBBBBBBBBBBBBB")).contains(List.of("https://d.example/"));
        assertThat(store.tracking().linkSet("CCCCCCCCCCCCCCCCCCCCCC")).isEmpty();
    }

    @Test
    void aRequestAndATaskKeepTheirConsentVariable() {
        MessageTracking consent = MessageTracking.BULK.withClicks(false).withConsentVariable("consent");
        MailRequest r = new MailRequest("req-c", "acme", 1, "noreply@mail.acme.test", "Acme", "mail.acme.test", 7,
                TemplateType.HTML, "<p>x</p>", "s", Map.of(), List.of(), List.of(), Optional.empty(),
                Map.of(), List.of(), true, Optional.of(3L), Optional.of(4L), Optional.empty(), T0, consent);
        store.requests().insertIfAbsent(r);
        assertThat(store.requests().get("req-c").orElseThrow().tracking()).isEqualTo(consent);

        dev.ses.core.SendTask t = new dev.ses.core.SendTask(0, "acme", dev.ses.core.TaskType.BATCH, 1, 2, 3, "Hi",
                Map.of(), T0, Optional.empty(), Optional.empty(), java.time.ZoneOffset.UTC,
                dev.ses.core.TaskStatus.WAITING, Optional.of(T0), 0, Optional.empty(), T0, T0,
                MessageTracking.NONE.withConsentVariable("ok"));
        dev.ses.core.SendTask stored = store.tasks().insert(t);
        assertThat(store.tasks().get("acme", stored.id()).orElseThrow().tracking())
                .isEqualTo(MessageTracking.NONE.withConsentVariable("ok"));
        store.tasks().update(stored.withStatus(dev.ses.core.TaskStatus.SENDING, Optional.empty(), T0));
        assertThat(store.tasks().get("acme", stored.id()).orElseThrow().tracking())
                .isEqualTo(MessageTracking.NONE.withConsentVariable("ok"));
        dev.ses.core.SendTask plain = new dev.ses.core.SendTask(0, "acme", dev.ses.core.TaskType.BATCH, 1, 2, 3, "Hi",
                Map.of(), T0, Optional.empty(), Optional.empty(), java.time.ZoneOffset.UTC,
                dev.ses.core.TaskStatus.WAITING, Optional.of(T0), 0, Optional.empty(), T0, T0);
        assertThat(store.tasks().get("acme", store.tasks().insert(plain).id()).orElseThrow().tracking())
                .isEqualTo(MessageTracking.BULK);
    }

    @Test
    void aRequestKeepsItsTrackingChoiceAndAReadingItsReader() {
        MailRequest r = new MailRequest("req-1", "acme", 1, "noreply@mail.acme.test", "Acme", "mail.acme.test", 7,
                TemplateType.HTML, "<p>x</p>", "s", Map.of(), List.of("a@x.test"), List.of(), Optional.empty(),
                Map.of(), List.of(), false, Optional.empty(), Optional.empty(), Optional.empty(), T0,
                new MessageTracking(false, true, true));
        store.requests().insertIfAbsent(r);
        assertThat(store.requests().get("req-1").orElseThrow().tracking())
                .isEqualTo(new MessageTracking(false, true, true));
        MessageRecord row = store.messages().insertAll(List.of(MessageRecord.queued(r, "a@x.test", Map.of(), T0)))
                .get(0);
        assertThat(store.messages().get(row.id())).contains(row);
        assertThat(store.messages().get(row.id() + 1000)).isEmpty();

        SesEvent open = new SesEvent(EventType.OPENED, "acme", "req-1", row.id(), "a@x.test",
                "noreply@mail.acme.test", "mail.acme.test", 7, Optional.empty(), Optional.empty(), 1, T0,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("Mozilla/5.0"),
                Optional.of("2001:db8::1"), Optional.of(ReaderKind.APPLE_PRIVACY_PREFETCH), true);
        store.events().append(List.of(LoggedEvent.of("open-1", open)));
        SesEvent read = store.events().ofMessage("acme", "req-1").get(0).event();
        assertThat(read.ip()).contains("2001:db8::1");
        assertThat(read.reader()).contains(ReaderKind.APPLE_PRIVACY_PREFETCH);
        assertThat(read.first()).isTrue();
    }
}
