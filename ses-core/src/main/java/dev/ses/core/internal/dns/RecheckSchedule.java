package dev.ses.core.internal.dns;

import dev.ses.core.DomainStatus;
import dev.ses.core.DomainVerification;
import dev.ses.core.SenderDomain;
import dev.ses.core.VerificationOptions;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When the records of a sender domain are checked again without being asked, and when a pending domain gives up.
 *
 * <p>A pending domain is checked at its creation, then every {@link VerificationOptions#pendingFastInterval()}
 * during the fast phase, then every {@link VerificationOptions#pendingSlowInterval()}, with one last check when its
 * window ({@link VerificationOptions#pendingWindow()} after creation) closes; a check at or after that moment that
 * does not verify it makes it {@link DomainStatus#FAILED} with that check's result ({@link #settle}). A verified
 * domain is checked every {@link VerificationOptions#verifiedInterval()}. A failed domain is not checked
 * automatically: its owner fixes the records and asks for a verification.
 *
 * <p>Pure and immutable: thread-safe, never blocks, reads no clock.
 */
public final class RecheckSchedule {
    private final VerificationOptions options;

    /** A schedule that follows the given options. */
    public RecheckSchedule(VerificationOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * When the domain is due for its next automatic check; a moment in the past means it is due now.
     *
     * @return the moment, or empty for a failed domain
     */
    public Optional<Instant> nextCheck(SenderDomain domain) {
        return switch (domain.status()) {
            case FAILED -> Optional.empty();
            case VERIFIED -> Optional.of(domain.lastCheckedAt().or(domain::verifiedAt).orElse(domain.createdAt())
                    .plus(options.verifiedInterval()));
            case PENDING -> Optional.of(nextPendingCheck(domain));
        };
    }

    private Instant nextPendingCheck(SenderDomain domain) {
        Instant created = domain.createdAt();
        Optional<Instant> last = domain.lastCheckedAt();
        if (last.isEmpty()) {
            return created;
        }
        Instant deadline = windowCloses(domain);
        if (!last.get().isBefore(deadline)) {
            return last.get();
        }
        boolean fast = last.get().isBefore(created.plus(options.pendingFastPhase()));
        Instant next = last.get().plus(fast ? options.pendingFastInterval() : options.pendingSlowInterval());
        return next.isAfter(deadline) ? deadline : next;
    }

    /** When a domain that is still pending becomes failed. */
    public Instant windowCloses(SenderDomain domain) {
        return domain.createdAt().plus(options.pendingWindow());
    }

    /** Whether an automatic check is due at {@code now}. */
    public boolean isDue(SenderDomain domain, Instant now) {
        return nextCheck(domain).filter(t -> !t.isAfter(now)).isPresent();
    }

    /**
     * The result to store after an automatic check: the verifier's result, except that a domain still pending when
     * its window has closed becomes failed, keeping the checks that show why.
     */
    public DomainVerification settle(SenderDomain domain, DomainVerification result, Instant now) {
        if (result.status() == DomainStatus.PENDING && !now.isBefore(windowCloses(domain))) {
            return new DomainVerification(result.domain(), DomainStatus.FAILED, result.checks(), result.checkedAt());
        }
        return result;
    }
}
