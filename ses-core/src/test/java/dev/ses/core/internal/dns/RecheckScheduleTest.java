package dev.ses.core.internal.dns;

import static dev.ses.core.internal.dns.DomainFixtures.CREATED;
import static dev.ses.core.internal.dns.DomainFixtures.POLICY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.CheckStatus;
import dev.ses.core.DnsRecordType;
import dev.ses.core.DomainStatus;
import dev.ses.core.DomainVerification;
import dev.ses.core.SenderDomain;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.VerificationOptions;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.DnsAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Drives the schedule the way the domain service will: a manual clock jumps to each due moment, the verifier runs,
 * the schedule settles the result, and the domain is stored with its new status and check time.
 */
class RecheckScheduleTest {
    private static final String NAME = "mail.acme.com";

    private final VerificationOptions options = VerificationOptions.defaults();
    private final RecheckSchedule schedule = new RecheckSchedule(options);
    private final DkimKey key = DomainFixtures.rsaKey("s1", DomainFixtures.rsa(), true);
    private final StaticDnsResolver dns = new StaticDnsResolver().txt("spf.relay.example", DomainFixtures.RELAY_SPF);
    private final DomainVerifier verifier = new DomainVerifier(dns);
    private final List<Instant> checks = new ArrayList<>();
    private SenderDomain domain = DomainFixtures.domain(NAME, key);
    private Instant clock = CREATED;

    /** Jumps the clock to the next due check and runs it; returns the stored result. */
    private DomainVerification runNextCheck() {
        Instant due = schedule.nextCheck(domain).orElseThrow();
        assertThat(due).isAfterOrEqualTo(clock);
        clock = due;
        assertThat(schedule.isDue(domain, clock)).isTrue();
        assertThat(schedule.isDue(domain, clock.minusMillis(1))).isFalse();
        DomainVerification result = schedule.settle(domain, verifier.verify(domain, List.of(key), POLICY, options,
                clock), clock);
        checks.add(clock);
        boolean newlyVerified = result.status() == DomainStatus.VERIFIED && domain.status() != DomainStatus.VERIFIED;
        Optional<Instant> verifiedAt = newlyVerified ? Optional.of(clock) : domain.verifiedAt();
        domain = domain.withStatus(result.status(), verifiedAt, clock);
        return result;
    }

    @Test
    void pendingDomainIsCheckedEveryFiveMinutesForTwoHoursThenHourlyForThreeDaysThenFails() {
        DomainVerification last;
        do {
            last = runNextCheck();
        } while (domain.status() == DomainStatus.PENDING);

        assertThat(domain.status()).isEqualTo(DomainStatus.FAILED);
        assertThat(clock).isEqualTo(CREATED.plus(Duration.ofHours(2)).plus(Duration.ofDays(3)));
        // 1 at creation, 24 in the first two hours, 72 hourly ones in the next three days.
        assertThat(checks).hasSize(1 + 24 + 72);
        assertThat(checks.get(1)).isEqualTo(CREATED.plus(Duration.ofMinutes(5)));
        assertThat(checks.get(24)).isEqualTo(CREATED.plus(Duration.ofHours(2)));
        assertThat(checks.get(25)).isEqualTo(CREATED.plus(Duration.ofHours(3)));
        // The failed domain keeps the result that shows why, and is not checked automatically any more.
        assertThat(last.checks()).anyMatch(c -> c.status() == CheckStatus.MISSING);
        assertThat(schedule.nextCheck(domain)).isEmpty();
    }

    @Test
    void pendingDomainDoesNotFailBeforeItsWindowCloses() {
        Instant deadline = schedule.windowCloses(domain);
        while (true) {
            Instant due = schedule.nextCheck(domain).orElseThrow();
            if (!due.isBefore(deadline)) {
                break;
            }
            runNextCheck();
            assertThat(domain.status()).isEqualTo(DomainStatus.PENDING);
        }
        dns.publish(domain);

        runNextCheck();

        assertThat(clock).isEqualTo(deadline);
        assertThat(domain.status()).as("verified at the very last check").isEqualTo(DomainStatus.VERIFIED);
    }

    @Test
    void recordsThatAppearAfterAWhileVerifyTheDomainWhichIsThenCheckedDaily() {
        runNextCheck();
        runNextCheck();
        runNextCheck();
        dns.publish(domain);

        runNextCheck();

        assertThat(domain.status()).isEqualTo(DomainStatus.VERIFIED);
        assertThat(clock).isEqualTo(CREATED.plus(Duration.ofMinutes(15)));
        assertThat(schedule.nextCheck(domain)).contains(clock.plus(Duration.ofDays(1)));
        runNextCheck();
        assertThat(clock).isEqualTo(CREATED.plus(Duration.ofMinutes(15)).plus(Duration.ofDays(1)));
        assertThat(domain.status()).isEqualTo(DomainStatus.VERIFIED);
    }

    @Test
    void verifiedDomainWhoseDkimDisappearsFailsAtItsNextDailyCheck() {
        dns.publish(domain);
        runNextCheck();
        assertThat(domain.status()).isEqualTo(DomainStatus.VERIFIED);
        dns.remove("s1._domainkey." + NAME);

        DomainVerification result = runNextCheck();

        assertThat(clock).isEqualTo(CREATED.plus(Duration.ofDays(1)));
        assertThat(domain.status()).isEqualTo(DomainStatus.FAILED);
        assertThat(result.checks()).anyMatch(c -> c.name().equals("s1._domainkey." + NAME)
                && c.status() == CheckStatus.MISSING);
    }

    @Test
    void verifiedDomainSurvivesADnsOutageAtItsDailyCheck() {
        dns.publish(domain);
        runNextCheck();
        dns.fail(NAME, DnsAnswer.Status.SERVFAIL);

        runNextCheck();

        assertThat(domain.status()).isEqualTo(DomainStatus.VERIFIED);
        assertThat(schedule.nextCheck(domain)).contains(clock.plus(Duration.ofDays(1)));
    }

    @Test
    void verifiedDomainWhoseSpfDisappearsFails() {
        dns.publish(domain);
        runNextCheck();
        dns.remove(NAME, DnsRecordType.TXT);

        runNextCheck();

        assertThat(domain.status()).isEqualTo(DomainStatus.FAILED);
    }

    @Test
    void shorterSchedulesAreFollowed() {
        RecheckSchedule quick = new RecheckSchedule(options
                .withPendingFastSchedule(Duration.ofMinutes(1), Duration.ofMinutes(3))
                .withPendingSlowSchedule(Duration.ofMinutes(10), Duration.ofMinutes(15)));
        SenderDomain d = DomainFixtures.domain(NAME, key);
        List<Instant> due = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Instant next = quick.nextCheck(d).orElseThrow();
            due.add(next);
            d = d.withStatus(DomainStatus.PENDING, Optional.empty(), next);
            if (!next.isBefore(quick.windowCloses(d))) {
                break;
            }
        }
        assertThat(due).containsExactly(CREATED, CREATED.plusSeconds(60), CREATED.plusSeconds(120),
                CREATED.plusSeconds(180), CREATED.plusSeconds(780), CREATED.plusSeconds(1080));
    }
}
