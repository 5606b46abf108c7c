package dev.ses.core;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which recipients' responses a delivery response list reads (opens and clicks, spam reports, bounces,
 * unsubscriptions): those that happened in {@code [from, to)}, optionally of one sender domain, to recipients at
 * one domain, and of messages sent (queued) in {@code [sentFrom, sentTo)}. Start with {@link #between} and add
 * filters with the {@code with} copies. The range and the domain are checked when the query runs.
 *
 * @param from the first instant, inclusive
 * @param to the end, exclusive
 * @param senderDomain only this sender domain, if present
 * @param recipientDomain only recipients at this domain (lower case), if present
 * @param sentFrom only messages queued at or after this instant, if present
 * @param sentTo only messages queued before this instant, if present
 */
public record ResponseQuery(Instant from, Instant to, Optional<String> senderDomain, Optional<String> recipientDomain,
                            Optional<Instant> sentFrom, Optional<Instant> sentTo) {
    /**
     * Checks the fields and lower-cases the domains.
     *
     * @param from the first instant, inclusive
     * @param to the end, exclusive
     * @param senderDomain only this sender domain, if present
     * @param recipientDomain only recipients at this domain (lower case), if present
     * @param sentFrom only messages queued at or after this instant, if present
     * @param sentTo only messages queued before this instant, if present
     */
    public ResponseQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(recipientDomain, "recipientDomain");
        Objects.requireNonNull(sentFrom, "sentFrom");
        Objects.requireNonNull(sentTo, "sentTo");
        senderDomain = senderDomain.map(d -> d.strip().toLowerCase(Locale.ROOT));
        recipientDomain = recipientDomain.map(d -> d.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * {@return every response in {@code [from, to)}}
     *
     * @param from the first instant, inclusive
     * @param to the end, exclusive
     */
    public static ResponseQuery between(Instant from, Instant to) {
        return new ResponseQuery(from, to, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * {@return a copy for one sender domain}
     *
     * @param domain the sender domain
     */
    public ResponseQuery withSenderDomain(String domain) {
        return new ResponseQuery(from, to, Optional.of(domain), recipientDomain, sentFrom, sentTo);
    }

    /**
     * {@return a copy for recipients at one domain}
     *
     * @param domain the recipients' domain
     */
    public ResponseQuery withRecipientDomain(String domain) {
        return new ResponseQuery(from, to, senderDomain, Optional.of(domain), sentFrom, sentTo);
    }

    /**
     * {@return a copy for messages queued in {@code [sentFrom, sentTo)}}
     *
     * @param newSentFrom the first instant of queueing, inclusive
     * @param newSentTo the end of queueing, exclusive
     */
    public ResponseQuery withSentBetween(Instant newSentFrom, Instant newSentTo) {
        return new ResponseQuery(from, to, senderDomain, recipientDomain, Optional.of(newSentFrom),
                Optional.of(newSentTo));
    }
}
