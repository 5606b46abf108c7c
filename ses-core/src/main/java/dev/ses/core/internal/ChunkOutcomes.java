package dev.ses.core.internal;

import dev.ses.core.BlocklistEntry;
import dev.ses.core.BounceType;
import dev.ses.core.EventType;
import dev.ses.core.MessageState;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the rows of one claimed chunk came to, gathered while the chunk is screened, admitted, rendered and sent,
 * and handed to {@link Settlement} at its end: each row's new state, its event and the blocklist entry it brings.
 * Also the retry rule: exponential backoff until the maximum retry age. Not thread-safe: one chunk, one thread.
 */
final class ChunkOutcomes {
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    private static final Duration MAX_RETRY_DELAY = Duration.ofHours(2);

    private final Engine engine;
    private final List<Settlement.Settled> settled = new ArrayList<>();

    ChunkOutcomes(Engine engine) {
        this.engine = engine;
    }

    /** What was gathered, in order. */
    List<Settlement.Settled> settled() {
        return settled;
    }

    /** Settles a row in a final state, with its event; a hard bounce brings its blocklist entry. */
    void settle(MessageRecord m, MessageState state, Optional<BounceType> bounce, String reason, Instant now,
                boolean attempted, Optional<MailRequest> r) {
        MessageRecord updated = m.settle(state, bounce, Optional.of(reason), m.nextAttemptAt(), attempted, now);
        EventType type = switch (state) {
            case DELIVERED -> EventType.DELIVERED;
            case BOUNCED -> EventType.BOUNCED;
            case REJECTED -> EventType.REJECTED;
            default -> EventType.FAILED;
        };
        Optional<BlocklistEntry> block = state == MessageState.BOUNCED && bounce.equals(Optional.of(BounceType.HARD))
                ? Optional.of(new BlocklistEntry(m.account(), m.recipient(), BlocklistEntry.Source.BOUNCE, reason,
                        now, Optional.of(now.plus(engine.limits().blocklistDuration()))))
                : Optional.empty();
        settled.add(new Settlement.Settled(m, updated, Optional.of(Events.of(type, updated,
                r.map(MailRequest::fromAddress).orElse(""), now, Optional.of(reason), bounce)), block));
    }

    /**
     * Defers a message with exponential backoff, or settles it as a soft bounce once its next attempt would come
     * later than the maximum retry age after its first attempt.
     */
    void retry(MessageRecord m, String reason, Instant now, boolean attempted, Optional<Duration> fixedDelay,
               MailRequest r) {
        int attempts = attempted ? m.attempts() + 1 : m.attempts();
        Duration delay = fixedDelay.orElseGet(() -> backoff(m.id(), attempts));
        Instant next = now.plus(delay);
        if (next.isAfter(retryAgeFrom(m, attempted, now).plus(engine.limits().maxRetryAge()))) {
            settle(m, MessageState.BOUNCED, Optional.of(BounceType.SOFT), "gave up after " + attempts
                    + " attempts in " + engine.limits().maxRetryAge().toHours() + " hours; last reply: " + reason,
                    now, attempted, Optional.of(r));
            return;
        }
        MessageRecord updated = m.settle(MessageState.DEFERRED, Optional.empty(), Optional.of(reason), next,
                attempted, now);
        settled.add(new Settlement.Settled(m, updated, Optional.of(Events.of(EventType.DEFERRED, updated,
                r.fromAddress(), now, Optional.of(reason), Optional.empty())), Optional.empty()));
    }

    /** Puts a message back in the queue until it may go, recording nothing: it was not tried. */
    void hold(MessageRecord m, String reason, Instant until, Instant now) {
        settled.add(new Settlement.Settled(m, m.settle(MessageState.QUEUED, Optional.empty(),
                Optional.of(reason), until, false, now), Optional.empty(), Optional.empty()));
    }

    /**
     * Where a message's retry age begins: its first attempt, this one if it has none yet. Days a task message waited
     * for quota or in its owner's pause before it was ever sent do not count, or a recipient first tried on day five
     * would be given up on its first temporary failure. A message never handed over (its sender domain cannot send)
     * counts from its creation, so that it is not held forever; so does one attempted before first attempts were
     * recorded.
     */
    private static Instant retryAgeFrom(MessageRecord m, boolean attempted, Instant now) {
        if (m.firstAttemptAt().isPresent()) {
            return m.firstAttemptAt().get();
        }
        return attempted && m.attempts() == 0 ? now : m.createdAt();
    }

    /**
     * The delay before attempt {@code n + 1}: one minute doubled per attempt, at most two hours, with a jitter of
     * plus or minus 20% derived from the message id so that a wave of deferrals spreads out, yet a test with a
     * manual clock sees the same schedule every run.
     */
    static Duration backoff(long id, int attempts) {
        long base = FIRST_RETRY.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        base = Math.min(base, MAX_RETRY_DELAY.toMillis());
        long mix = (id * 0x9E3779B97F4A7C15L) ^ (attempts * 0xC2B2AE3D27D4EB4FL);
        double jitter = 0.8 + ((mix >>> 11) % 1000) / 2500.0;
        return Duration.ofMillis((long) (base * jitter));
    }
}
