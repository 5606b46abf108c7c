package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.SesExtension;
import dev.ses.core.testing.SesFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SesExtension.class)
class BlocklistTest {
    private static final String BOUNCE = "bounce@" + MailboxSimulator.DOMAIN;

    private static ErrorCode code(Throwable t) {
        return ((SesException) t).code();
    }

    @Test
    void aHardBounceBlocklistsTheAddressFor180DaysWithTheReply(SesFixture f) {
        long tpl = f.textTemplate("x");
        String id = f.account().send(f.message(tpl, "x").to(BOUNCE).build()).messageId();
        f.runDueWork();
        Instant bouncedAt = f.clock().instant();

        DeliveryStatus s = f.account().deliveries().byMessage(id).get(0);
        assertThat(s.state()).isEqualTo(MessageState.BOUNCED);
        assertThat(s.bounceType()).contains(BounceType.HARD);
        assertThat(s.reply()).hasValueSatisfying(r -> assertThat(r).startsWith("550 5.1.1"));

        BlocklistEntry entry = f.account().blocklist().find(BOUNCE).get(0);
        assertThat(entry.source()).isEqualTo(BlocklistEntry.Source.BOUNCE);
        assertThat(entry.reason()).startsWith("550 5.1.1");
        assertThat(entry.addedAt()).isEqualTo(bouncedAt);
        assertThat(entry.expiresAt()).contains(bouncedAt.plus(Duration.ofDays(180)));

        f.clock().advance(Duration.ofDays(180).minusSeconds(1));
        assertThat(f.account().blocklist().isBlocked(BOUNCE)).isTrue();
        f.clock().advance(Duration.ofSeconds(1));
        assertThat(f.account().blocklist().isBlocked(BOUNCE)).isFalse();
        assertThat(f.account().blocklist().list(BlocklistQuery.all(), PageRequest.first()).items()).isEmpty();
    }

    @Test
    void theBlocklistDurationIsConfigurable() {
        try (SesFixture f = SesFixture.withLimits(SesLimits.defaults().withBlocklistDuration(Duration.ofDays(7)))) {
            f.account().send(f.message(f.textTemplate("x"), "x").to(BOUNCE).build());
            f.runDueWork();
            assertThat(f.account().blocklist().find(BOUNCE).get(0).expiresAt())
                    .contains(f.clock().instant().plus(Duration.ofDays(7)));
        }
    }

    @Test
    void mailToABlocklistedAddressIsRejectedWithoutReachingTheTransport(SesFixture f) {
        long tpl = f.textTemplate("x");
        f.account().send(f.message(tpl, "x").to(BOUNCE).build());
        f.runDueWork();
        int repliesBefore = f.simulator().replies(BOUNCE).size();

        String second = f.account().send(f.message(tpl, "x").to(BOUNCE).build()).messageId();
        f.runDueWork();
        DeliveryStatus s = f.account().deliveries().byMessage(second).get(0);
        assertThat(s.state()).isEqualTo(MessageState.REJECTED);
        assertThat(s.reply()).hasValueSatisfying(r -> assertThat(r).contains("blocklist"));
        assertThat(s.attempts()).isZero();
        assertThat(f.simulator().replies(BOUNCE)).hasSize(repliesBefore);
        assertThat(f.events()).extracting(SesEvent::type).containsExactly(EventType.QUEUED, EventType.BOUNCED,
                EventType.QUEUED, EventType.REJECTED);
    }

    @Test
    void anAddressRemovedEarlyCanBeMailedAgain(SesFixture f) {
        long tpl = f.textTemplate("x");
        f.account().send(f.message(tpl, "x").to("ann@acme.test").build());
        f.account().blocklist().add("ann@acme.test", "asked us to stop", Optional.empty());
        f.runDueWork();
        f.simulator().assertThat("ann@acme.test").receivedNothing();
        assertThat(f.account().blocklist().remove("ann@acme.test")).isEqualTo(1);
        f.account().send(f.message(tpl, "x").to("ann@acme.test").build());
        f.runDueWork();
        f.simulator().assertThat("ann@acme.test").receivedCount(1);
    }

    @Test
    void customEntriesExpireWhenTold(SesFixture f) {
        Instant now = f.clock().instant();
        BlocklistEntry e = f.account().blocklist().add("Temp@Acme.test", "cooling off",
                Optional.of(now.plus(Duration.ofDays(2))));
        assertThat(e.address()).isEqualTo("Temp@acme.test");
        assertThat(f.account().blocklist().isBlocked("temp@acme.test")).isTrue();
        f.account().blocklist().update("temp@acme.test", Optional.of(now.plus(Duration.ofDays(1))));
        f.clock().advance(Duration.ofDays(1));
        assertThat(f.account().blocklist().isBlocked("temp@acme.test")).isFalse();

        f.account().blocklist().add("forever@acme.test", "", Optional.empty());
        f.clock().advance(Duration.ofDays(3650));
        assertThat(f.account().blocklist().isBlocked("forever@acme.test")).isTrue();
    }

    @Test
    void customEntriesAreChecked(SesFixture f) {
        Instant now = f.clock().instant();
        assertThatThrownBy(() -> f.account().blocklist().add("not-an-address", "", Optional.empty()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_EMAIL_ADDRESS));
        assertThatThrownBy(() -> f.account().blocklist().add("a@acme.test", "", Optional.of(now)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("expiresAt");
        assertThatThrownBy(() -> f.account().blocklist().update("b@acme.test", Optional.empty()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> f.account().blocklist().remove("a@acme.test", "broken"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INVALID_EMAIL_ADDRESS));
    }

    @Test
    void listFiltersByAddressDateAndSourceAndRemovesInBulk(SesFixture f) {
        f.account().send(f.message(f.textTemplate("x"), "x").to(BOUNCE).build());
        f.runDueWork();
        Instant t1 = f.clock().instant();
        f.clock().advance(Duration.ofHours(1));
        f.account().blocklist().add("a@acme.test", "", Optional.empty());
        f.account().blocklist().add("b@acme.test", "", Optional.empty());
        Blocklist b = f.account().blocklist();

        assertThat(b.list(BlocklistQuery.all(), PageRequest.first()).items()).extracting(BlocklistEntry::address)
                .containsExactly("a@acme.test", "b@acme.test", BOUNCE);
        assertThat(b.list(BlocklistQuery.all().withAddress("SIMULATOR"), PageRequest.first()).items()).hasSize(1);
        assertThat(b.list(BlocklistQuery.all().withSource(BlocklistEntry.Source.CUSTOM), PageRequest.first()).total())
                .isEqualTo(2);
        assertThat(b.list(BlocklistQuery.all().withAddedBetween(t1, t1.plusSeconds(1)), PageRequest.first()).items())
                .extracting(BlocklistEntry::address).containsExactly(BOUNCE);
        assertThat(b.list(BlocklistQuery.all(), new PageRequest(1, 1)).items()).hasSize(1);

        assertThat(b.remove(List.of("a@acme.test", "b@acme.test", BOUNCE))).isEqualTo(3);
        assertThat(b.list(BlocklistQuery.all(), PageRequest.first()).total()).isZero();
    }

    @Test
    void blocklistsBelongToTheirAccount(SesFixture f) {
        f.account().blocklist().add("a@acme.test", "", Optional.empty());
        assertThat(f.ses().account("other").blocklist().isBlocked("a@acme.test")).isFalse();
        assertThat(f.ses().account("other").blocklist().remove("a@acme.test")).isZero();
        assertThat(f.account().blocklist().isBlocked("a@acme.test")).isTrue();
    }
}
