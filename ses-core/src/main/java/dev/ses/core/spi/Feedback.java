package dev.ses.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something learnt about a message after it was handed over: a late bounce report, an auto-reply, an open,
 * a click, an unsubscription, a spam complaint. Transports, simulators and intake adapters report it through
 * {@link TransportContext#feedback(Feedback)}; ses ties it to the recipient's copy by {@code messageId}
 * (the {@code Message-ID} header value) and {@code recipient}.
 *
 * @param type what happened
 * @param messageId the {@code Message-ID} header value without angle brackets
 * @param recipient the recipient it is about
 * @param at when it happened
 * @param detail the bounce reply, the clicked link, the complaint's feedback type; empty if none
 * @param userAgent the user agent that opened or clicked, if known
 * @param ip the address the open or click came from, if known and kept
 * @param reader who opened or clicked, when the reporter judged it; empty leaves it to ses's user-agent markers
 */
public record Feedback(Type type, String messageId, String recipient, Instant at, Optional<String> detail,
                       Optional<String> userAgent, Optional<String> ip, Optional<dev.ses.core.ReaderKind> reader) {
    /** Kinds of feedback. */
    public enum Type {
        /**
         * A delivery status notification reporting a permanent failure after acceptance; {@code detail} is the
         * status and diagnostic. A hard bounce (blocklisted) only for an address reason
         * ({@link dev.ses.core.BounceReason#blocklists()}), otherwise a soft bounce.
         */
        BOUNCED,
        /** An automatic reply (out of office); informational. */
        AUTO_REPLY,
        /** The recipient opened the message. */
        OPENED,
        /** The recipient clicked a link; {@code detail} is the link. */
        CLICKED,
        /** The recipient unsubscribed. */
        UNSUBSCRIBED,
        /** The recipient reported the message as spam. */
        COMPLAINED,
        /**
         * A delivery status notification reporting that delivery is delayed: recorded as a deferral event, the
         * message's state unchanged.
         */
        DELAYED
    }

    /**
     * Checks the fields.
     *
     * @param type what happened
     * @param messageId the {@code Message-ID} header value without angle brackets
     * @param recipient the recipient it is about
     * @param at when it happened
     * @param detail the bounce reply, the clicked link, the complaint's feedback type; empty if none
     * @param userAgent the user agent that opened or clicked, if known
     * @param ip the address the open or click came from, if known and kept
     * @param reader who opened or clicked, when the reporter judged it; empty leaves it to ses's user-agent markers
     */
    public Feedback {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(reader, "reader");
    }

    /**
     * Feedback without the reader's address or kind.
     *
     * @param type what happened
     * @param messageId the {@code Message-ID} header value without angle brackets
     * @param recipient the recipient it is about
     * @param at when it happened
     * @param detail the bounce reply, the clicked link, the complaint's feedback type; empty if none
     * @param userAgent the user agent that opened or clicked, if known
     */
    public Feedback(Type type, String messageId, String recipient, Instant at, Optional<String> detail,
                    Optional<String> userAgent) {
        this(type, messageId, recipient, at, detail, userAgent, Optional.empty(), Optional.empty());
    }
}
