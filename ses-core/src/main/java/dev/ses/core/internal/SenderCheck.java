package dev.ses.core.internal;

import dev.ses.core.MessageState;
import dev.ses.core.SenderDomain;
import dev.ses.core.SesException;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first stop of a claimed chunk: settles what must not go (its request is gone, the recipient is blocklisted or
 * unsubscribed from the sender's domain) and holds what cannot go now (a sender domain that is not verified, or
 * whose DKIM key does not open). Reads each account's blocklist once per chunk and each sender domain once. Not
 * thread-safe: one chunk, one thread.
 */
final class SenderCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SenderCheck.class);
    private static final Duration DOMAIN_HOLD = Duration.ofMinutes(30);
    /** The reason of a rejection for a blocklisted recipient; statistics count rejections by it. */
    static final String BLOCKLISTED = "recipient is on the blocklist";
    /** The start of the reason of a rejection for a recipient who unsubscribed from the sender domain. */
    static final String UNSUBSCRIBED_FROM = "recipient unsubscribed from ";

    /**
     * What a chunk needs of a sender domain.
     *
     * @param key the key that signs its mail, if it has one
     * @param problem why its mail cannot go now, if something is wrong with it
     */
    record DomainState(Optional<DkimKey> key, Optional<String> problem) {
    }

    /** A sender domain of one account. */
    private record DomainKey(String account, String domain) {
    }

    private final Engine engine;
    private final Requests requests;
    private final Map<DomainKey, DomainState> domains = new HashMap<>();

    SenderCheck(Engine engine, Requests requests) {
        this.engine = engine;
        this.requests = requests;
    }

    /** The state of a row's sender domain, read once per chunk. */
    DomainState domain(MessageRecord m) {
        return domains.computeIfAbsent(new DomainKey(m.account(), m.senderDomain()),
                k -> load(k.account(), k.domain()));
    }

    /** Settles or holds what must not go now; returns the rest, in order. */
    List<MessageRecord> screen(List<MessageRecord> batch, ChunkOutcomes outcomes, Instant now) {
        Map<String, List<MessageRecord>> byAccount = new LinkedHashMap<>();
        for (MessageRecord m : batch) {
            byAccount.computeIfAbsent(m.account(), k -> new ArrayList<>()).add(m);
        }
        List<MessageRecord> sendable = new ArrayList<>(batch.size());
        for (Map.Entry<String, List<MessageRecord>> e : byAccount.entrySet()) {
            String account = e.getKey();
            List<String> recipients = e.getValue().stream().map(MessageRecord::recipient).toList();
            Set<String> blocked = engine.store().blocklist().blocked(account, recipients, now);
            // An unsubscription of account-wide scope is kept under the account's key, as the switches are.
            Set<String> leftAccount = engine.store().blocklist().unsubscribed(account, TrackingSwitches.ACCOUNT,
                    recipients);
            Map<String, List<MessageRecord>> byDomain = new LinkedHashMap<>();
            for (MessageRecord m : e.getValue()) {
                byDomain.computeIfAbsent(m.senderDomain(), k -> new ArrayList<>()).add(m);
            }
            for (Map.Entry<String, List<MessageRecord>> d : byDomain.entrySet()) {
                Set<String> unsubscribed = engine.store().blocklist().unsubscribed(account, d.getKey(),
                        d.getValue().stream().map(MessageRecord::recipient).toList());
                for (MessageRecord m : d.getValue()) {
                    Optional<MailRequest> request = requests.get(m.requestId());
                    DomainState state = domain(m);
                    if (request.isEmpty()) {
                        outcomes.settle(m, MessageState.FAILED, Optional.empty(),
                                "its request is missing from the store", now, false, request);
                    } else if (blocked.contains(m.recipient())) {
                        outcomes.settle(m, MessageState.REJECTED, Optional.empty(), BLOCKLISTED,
                                now, false, request);
                    } else if (leftAccount.contains(m.recipient())) {
                        outcomes.settle(m, MessageState.REJECTED, Optional.empty(),
                                UNSUBSCRIBED_FROM + "account " + account, now, false, request);
                    } else if (unsubscribed.contains(m.recipient())) {
                        outcomes.settle(m, MessageState.REJECTED, Optional.empty(),
                                UNSUBSCRIBED_FROM + m.senderDomain(), now, false, request);
                    } else if (state.problem().isPresent()) {
                        outcomes.retry(m, state.problem().get(), now, false, Optional.of(DOMAIN_HOLD), request.get());
                    } else {
                        sendable.add(m);
                    }
                }
            }
        }
        return sendable;
    }

    private DomainState load(String account, String name) {
        Optional<SenderDomain> domain = engine.store().domains().byName(account, name);
        if (domain.isEmpty()) {
            return new DomainState(Optional.empty(), Optional.of("sender domain " + name + " was deleted"));
        }
        if (!domain.get().canSend()) {
            return new DomainState(Optional.empty(), Optional.of("sender domain " + name + " is "
                    + domain.get().status() + ", not VERIFIED"));
        }
        // Read outside the try: a failing store raises a SesException too, which must not pass for a key that does
        // not decrypt.
        List<DkimKey> keys = engine.store().domains().keys(domain.get().id());
        try {
            Optional<DkimKey> key = keys.stream()
                    .filter(k -> k.active() && k.selector().equalsIgnoreCase(domain.get().dkimSelector()))
                    .findFirst()
                    .map(engine::open);
            return new DomainState(key, Optional.empty());
        } catch (SesException e) {
            LOG.error("cannot sign mail of sender domain {}: {}", name, e.getMessage());
            return new DomainState(Optional.empty(), Optional.of(e.getMessage()));
        }
    }
}
