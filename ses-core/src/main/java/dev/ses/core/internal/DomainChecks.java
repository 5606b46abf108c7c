package dev.ses.core.internal;

import dev.ses.core.DomainStatus;
import dev.ses.core.DomainStatusEvent;
import dev.ses.core.DomainVerification;
import dev.ses.core.RecordCheck;
import dev.ses.core.SenderDomain;
import dev.ses.core.internal.dns.DomainVerifier;
import dev.ses.core.internal.dns.RecheckSchedule;
import dev.ses.core.spi.DkimKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies sender domains, on request and on the re-check schedule, and stores the outcome: a change of status is
 * written with its event in the log ({@link DomainStatusEntries}) in one store transaction, from which the
 * listeners hear it. Thread-safe.
 */
public final class DomainChecks {
    private static final Logger LOG = LoggerFactory.getLogger(DomainChecks.class);
    /** How often the schedule is swept; domains are checked at most this often beyond their own schedule. */
    private static final Duration SWEEP = Duration.ofMinutes(1);

    private final Engine engine;
    private final RecheckSchedule schedule;
    private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.MIN);

    public DomainChecks(Engine engine) {
        this.engine = engine;
        this.schedule = new RecheckSchedule(engine.verification());
    }

    /** Checks a domain's records now and stores the status that follows. */
    public DomainVerification verify(SenderDomain domain) {
        DomainVerification result = check(domain, engine.clock().instant());
        store(domain, result);
        return result;
    }

    /** Checks a domain's records now without storing anything. */
    public DomainVerification checkOnly(SenderDomain domain) {
        return check(domain, engine.clock().instant());
    }

    private DomainVerification check(SenderDomain domain, Instant now) {
        var resolver = engine.dns().orElseThrow(() -> new IllegalStateException(
                "no DNS resolver configured: set Ses.builder().dns(...)"));
        return new DomainVerifier(resolver).verify(domain,
                engine.store().domains().keys(domain.id()).stream().map(DkimKey::withoutSecret).toList(),
                engine.domainPolicy(), engine.verification(), now);
    }

    private void store(SenderDomain domain, DomainVerification result) {
        Instant now = result.checkedAt();
        Optional<Instant> verifiedAt = result.status() == DomainStatus.VERIFIED ? Optional.of(now)
                : domain.verifiedAt();
        SenderDomain updated = domain.withStatus(result.status(), verifiedAt, now);
        if (result.status() == domain.status()) {
            engine.store().domains().update(updated);
        } else {
            String reason = result.checks().stream().filter(c -> !c.passes()).map(RecordCheck::advice)
                    .collect(Collectors.joining(" "));
            if (result.status() == DomainStatus.FAILED && reason.isEmpty()) {
                reason = "Its records were not found within " + engine.verification().pendingWindow().toHours()
                        + " hours of its creation.";
            }
            DomainStatusEvent change = new DomainStatusEvent(domain.account(), domain.name(), domain.status(),
                    result.status(), result, reason, now);
            engine.store().inTransaction(() -> {
                engine.store().domains().update(updated);
                engine.store().events().append(List.of(DomainStatusEntries.entry(domain.id(), change)));
                return null;
            });
            LOG.info("sender domain {} of account {}: {} -> {} {}", domain.name(), domain.account(),
                    domain.status(), result.status(), reason);
        }
    }

    /**
     * Re-checks every domain whose time has come: pending ones until they verify or their window closes (then they
     * fail), verified ones daily (a verified domain whose DKIM or SPF is gone fails and stops sending).
     *
     * @return how many domains were checked
     */
    public int runDue() {
        if (engine.dns().isEmpty()) {
            return 0;
        }
        Instant now = engine.clock().instant();
        Instant last = lastSweep.get();
        if (now.isBefore(last.plus(SWEEP)) || !lastSweep.compareAndSet(last, now)) {
            return 0;
        }
        int checked = 0;
        for (SenderDomain domain : engine.store().domains().all()) {
            if (!schedule.isDue(domain, now)) {
                continue;
            }
            try {
                store(domain, schedule.settle(domain, check(domain, now), now));
                checked++;
            } catch (RuntimeException e) {
                LOG.warn("re-check of sender domain {} failed", domain.name(), e);
            }
        }
        return checked;
    }
}
