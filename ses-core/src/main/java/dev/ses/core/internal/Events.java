package dev.ses.core.internal;

import dev.ses.core.BounceType;
import dev.ses.core.EventType;
import dev.ses.core.SesEvent;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.spi.MessageRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Builds the event log's entries and their keys. A key names the happening, so that recording it again is impossible: a
 * message's queueing ({@code q:<row>}, see {@link LoggedEvent#queued}), the settling of one claim ({@code
 * s:<row>:<lease expiry>}: every claim has its own lease), and feedback ({@code f:<row>:<type>:<report>}, the report's
 * own id or a digest of what it says).
 */
public final class Events {
    private Events() {
    }

    /** The event of something that happened to a message row. */
    public static SesEvent of(EventType type, MessageRecord m, String from, Instant at, Optional<String> reason,
                              Optional<BounceType> bounce) {
        return of(type, m, from, at, reason, bounce, Optional.empty(), Optional.empty());
    }

    /** The event of something a reader did with a message row: a click's link, the reader's user agent. */
    public static SesEvent of(EventType type, MessageRecord m, String from, Instant at, Optional<String> reason,
                              Optional<BounceType> bounce, Optional<String> link, Optional<String> userAgent) {
        return new SesEvent(type, m.account(), m.requestId(), m.id(), m.recipient(), from, m.senderDomain(),
                m.templateId(), m.taskId(), m.runId(), m.attempts(), at, reason, bounce, link, userAgent);
    }

    /** The event of an open or a click, with what the tracking endpoint learnt of its reader. */
    public static SesEvent reading(EventType type, MessageRecord m, String from, Instant at, Optional<String> link,
                                   Optional<String> userAgent, Optional<String> ip,
                                   Optional<dev.ses.core.ReaderKind> reader, boolean first) {
        return new SesEvent(type, m.account(), m.requestId(), m.id(), m.recipient(), from, m.senderDomain(),
                m.templateId(), m.taskId(), m.runId(), m.attempts(), at, Optional.empty(), Optional.empty(), link,
                userAgent, ip, reader, first);
    }

    /** The entry for what one claim of a row ended in; {@code claimed} is the row as the claim returned it. */
    public static LoggedEvent settled(MessageRecord claimed, SesEvent event) {
        Instant lease = claimed.leaseUntil().orElse(claimed.updatedAt());
        return LoggedEvent.of("s:" + claimed.id() + ":" + lease.getEpochSecond() + "." + lease.getNano(), event);
    }

    /** The entry for feedback about a row; {@code report} identifies the report it came from. */
    public static LoggedEvent feedback(long rowId, String report, SesEvent event) {
        String key = "f:" + rowId + ":" + event.type() + ":" + report;
        return LoggedEvent.of(key.length() <= LoggedEvent.MAX_KEY ? key
                : "f:" + rowId + ":" + event.type() + ":#" + sha256(report), event);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
