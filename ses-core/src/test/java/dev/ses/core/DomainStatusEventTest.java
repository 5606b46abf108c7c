package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.internal.DomainStatusEntries;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.EventRepository;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.spi.StatFilter;
import dev.ses.core.spi.StatGranularity;
import dev.ses.core.spi.Store;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.ManualClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A sender domain's change of status is an entry of the event log, written with the change, heard by listeners from
 * the log, and not counted by statistics.
 */
class DomainStatusEventTest {
    private final ManualClock clock = ManualClock.at("2026-03-02T08:00:00Z");
    private final StaticDnsResolver dns = new StaticDnsResolver();
    private final List<DomainStatusEvent> changes = new CopyOnWriteArrayList<>();
    private final List<SesEvent> heard = new CopyOnWriteArrayList<>();

    private Ses ses(Store store) {
        return Ses.builder().store(store).dns(dns).clock(clock).workers(0).transport(MailboxSimulator.create())
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256))
                .listener(new SesListener() {
                    @Override
                    public void onEvent(SesEvent event) {
                        heard.add(event);
                    }

                    @Override
                    public void onDomainStatus(DomainStatusEvent event) {
                        changes.add(event);
                    }
                }).build();
    }

    private static List<LoggedEvent> domainEntries(Store store) {
        return store.events().after(0, 1_000).stream()
                .filter(e -> e.event().type() == EventType.DOMAIN_STATUS).toList();
    }

    @Test
    void aChangeIsInTheLogWhenVerifyReturnsAndListenersHearItFromThereOnce() {
        InMemoryStore store = new InMemoryStore();
        try (Ses ses = ses(store)) {
            SesAccount acme = ses.account("acme");
            SenderDomain d = acme.domains().create("mail.acme.test");
            dns.publish(d);
            acme.domains().verify("mail.acme.test");

            assertThat(domainEntries(store)).singleElement().satisfies(e -> {
                assertThat(e.event().account()).isEqualTo("acme");
                assertThat(e.event().senderDomain()).isEqualTo("mail.acme.test");
                assertThat(e.event().messageId()).isEmpty();
                assertThat(e.event().deliveryId()).isZero();
            });
            assertThat(changes).as("heard from the log, not at once").isEmpty();

            ses.runDueWork();
            assertThat(changes).singleElement().satisfies(e -> {
                assertThat(e.account()).isEqualTo("acme");
                assertThat(e.domain()).isEqualTo("mail.acme.test");
                assertThat(e.previous()).isEqualTo(DomainStatus.PENDING);
                assertThat(e.status()).isEqualTo(DomainStatus.VERIFIED);
                assertThat(e.reason()).isEmpty();
                assertThat(e.at()).isEqualTo(clock.instant());
                assertThat(e.verification().checks()).isNotEmpty()
                        .isEqualTo(acme.domains().verify("mail.acme.test").checks());
            });
            assertThat(heard).as("not a message event").isEmpty();

            // A verified domain whose records disappear fails on its daily check: a second entry.
            dns.remove(d.dkimSelector() + "._domainkey.mail.acme.test");
            clock.advance(Duration.ofDays(2));
            ses.runDueWork();
            ses.runDueWork();
            assertThat(acme.domains().get("mail.acme.test").status()).isEqualTo(DomainStatus.FAILED);
            assertThat(changes).extracting(DomainStatusEvent::status)
                    .containsExactly(DomainStatus.VERIFIED, DomainStatus.FAILED);
            assertThat(changes.get(1).previous()).isEqualTo(DomainStatus.VERIFIED);
            assertThat(changes.get(1).reason()).isNotBlank();
            assertThat(domainEntries(store)).hasSize(2);

            StatFilter all = new StatFilter("acme", StatGranularity.DAY, Instant.EPOCH,
                    clock.instant().plus(Duration.ofDays(1)), 0, Long.MAX_VALUE, Optional.empty(), Optional.empty(),
                    Optional.empty());
            assertThat(store.statistics().sum(all)).as("statistics count no domain change").isEmpty();
        }
    }

    @Test
    void theSameChangeRecordedAgainAppendsNothing() {
        InMemoryStore store = new InMemoryStore();
        try (Ses ses = ses(store)) {
            SenderDomain d = ses.account("acme").domains().create("mail.acme.test");
            dns.publish(d);
            DomainVerification v = ses.account("acme").domains().verify("mail.acme.test");
            LoggedEvent entry = DomainStatusEntries.entry(d.id(), new DomainStatusEvent("acme", d.name(),
                    DomainStatus.PENDING, DomainStatus.VERIFIED, v, "", v.checkedAt()));
            assertThat(store.events().append(List.of(entry))).isEmpty();
            assertThat(domainEntries(store)).singleElement().extracting(LoggedEvent::key).isEqualTo(entry.key());
        }
    }

    @Test
    void aChangeWhoseEventCannotBeWrittenIsNotStoredEither() {
        InMemoryStore real = new InMemoryStore();
        boolean[] failAppends = {false};
        EventRepository failing = (EventRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EventRepository.class}, (proxy, method, args) -> {
                    if (failAppends[0] && method.getName().equals("append")) {
                        throw new SesException(ErrorCode.STORE_ERROR, "the log is full");
                    }
                    return invoke(method, real.events(), args);
                });
        Store store = (Store) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> method.getName().equals("events") ? failing
                        : invoke(method, real, args));
        try (Ses ses = ses(store)) {
            SenderDomain d = ses.account("acme").domains().create("mail.acme.test");
            dns.publish(d);
            failAppends[0] = true;
            assertThatThrownBy(() -> ses.account("acme").domains().verify("mail.acme.test"))
                    .isInstanceOf(SesException.class).hasMessageContaining("the log is full");
            assertThat(real.domains().byName("acme", "mail.acme.test").orElseThrow().status())
                    .isEqualTo(DomainStatus.PENDING);

            failAppends[0] = false;
            ses.account("acme").domains().verify("mail.acme.test");
            assertThat(real.domains().byName("acme", "mail.acme.test").orElseThrow().status())
                    .isEqualTo(DomainStatus.VERIFIED);
            assertThat(domainEntries(real)).hasSize(1);
        }
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
