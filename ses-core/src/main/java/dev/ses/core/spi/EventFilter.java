package dev.ses.core.spi;

import dev.ses.core.EventType;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which events of the log a listing or a count reads: one account's events of some types that happened in
 * {@code [from, to)}, optionally of one sender domain, to one recipient domain, and of copies queued in
 * {@code [sentFrom, sentTo)} (the time of the copy's QUEUED event in the log).
 *
 * @param account the account
 * @param types the event types, at least one
 * @param from the first instant, inclusive
 * @param to the end, exclusive
 * @param senderDomain only this sender domain, if present
 * @param recipientDomain only this recipient domain (lower case), if present
 * @param sentFrom only copies queued at or after this instant, if present
 * @param sentTo only copies queued before this instant, if present
 */
public record EventFilter(String account, Set<EventType> types, Instant from, Instant to,
                          Optional<String> senderDomain, Optional<String> recipientDomain,
                          Optional<Instant> sentFrom, Optional<Instant> sentTo) {
    /**
     * Checks and copies the fields.
     *
     * @param account the account
     * @param types the event types, at least one
     * @param from the first instant, inclusive
     * @param to the end, exclusive
     * @param senderDomain only this sender domain, if present
     * @param recipientDomain only this recipient domain (lower case), if present
     * @param sentFrom only copies queued at or after this instant, if present
     * @param sentTo only copies queued before this instant, if present
     */
    public EventFilter {
        Objects.requireNonNull(account, "account");
        if (types.isEmpty()) {
            throw new IllegalArgumentException("types must name at least one event type");
        }
        types = Set.copyOf(EnumSet.copyOf(types));
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(recipientDomain, "recipientDomain");
        Objects.requireNonNull(sentFrom, "sentFrom");
        Objects.requireNonNull(sentTo, "sentTo");
    }

    /** {@return whether a send-time range is part of the filter} */
    public boolean bySendTime() {
        return sentFrom.isPresent() || sentTo.isPresent();
    }

    /**
     * {@return whether an event falls within the filter, its send time left aside}
     *
     * @param logged the event to judge
     */
    public boolean matches(LoggedEvent logged) {
        dev.ses.core.SesEvent e = logged.event();
        return e.account().equals(account) && types.contains(e.type()) && !e.at().isBefore(from)
                && e.at().isBefore(to) && senderDomain.map(e.senderDomain()::equals).orElse(true)
                && recipientDomain.map(e.recipientDomain()::equals).orElse(true);
    }

    /**
     * {@return whether a copy queued at {@code sentAt} falls within the send-time range}
     *
     * @param sentAt when the copy was queued
     */
    public boolean sentWithin(Instant sentAt) {
        return sentFrom.map(f -> !sentAt.isBefore(f)).orElse(true) && sentTo.map(sentAt::isBefore).orElse(true);
    }
}
