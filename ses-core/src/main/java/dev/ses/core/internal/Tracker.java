package dev.ses.core.internal;

import dev.ses.core.MessageTracking;
import dev.ses.core.TrackingSettings;
import dev.ses.core.TrackingSetup;
import dev.ses.core.UnsubscribeScope;
import dev.ses.core.internal.tracking.LinkRewriter;
import dev.ses.core.internal.tracking.TrackingTokens;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import dev.ses.core.spi.Store;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What tracking a message gets and how its URLs read: the account's and sender domain's switches and setup, the
 * message's own choice, and the signing keys. One per {@code Ses}; thread-safe.
 *
 * <p>URLs: {@code <base>/o/<copy token>} for the pixel, {@code <base>/c/<copy token>.<link number>} for a click,
 * {@code <base>/u/<token>} for unsubscribing, and {@code mailto:unsubscribe+<token>@<sender domain>} beside it in
 * {@code List-Unsubscribe}. A copy's links are stored with it as its link set, so a click needs neither the setup
 * nor the template any more; the earlier form {@code <base>/c/<token>} of mail sent before is still read.
 */
public final class Tracker {
    /**
     * What one message gets.
     *
     * @param baseUrl where its URLs point; without one it gets nothing
     * @param opens whether it gets the pixel
     * @param clicks whether its links are rewritten
     * @param unsubscribe whether it carries the unsubscribe headers and URL
     */
    public record Plan(Optional<String> baseUrl, boolean opens, boolean clicks, boolean unsubscribe) {
        /** Nothing: no pixel, no rewritten link, no unsubscribe URL. */
        public static final Plan NONE = new Plan(Optional.empty(), false, false, false);

        /** This plan for a recipient who does or does not consent: without consent, no pixel and no link. */
        public Plan forRecipient(boolean consents) {
            return consents ? this : new Plan(baseUrl, false, false, unsubscribe);
        }

        /** Whether the message must be written for each recipient alone, so that its URLs are theirs. */
        public boolean personal() {
            return baseUrl.isPresent() && (opens || clicks || unsubscribe);
        }
    }

    /** The signing keys could not be read from the store; nothing about the message is wrong. */
    public static final class KeysUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KeysUnavailable(RuntimeException cause) {
            super("the tracking keys could not be read: " + cause.getMessage(), cause);
        }
    }

    /** The id of a copy without counted links: nothing to store, nothing to read. */
    private static final String EMPTY_LINK_SET = TrackingTokens.linkSetId(List.of());

    private final Store store;
    /** Link sets stored or read lately: immutable, so never stale; what is here is not written again. */
    private final Cache<String, List<String>> linkSets = Caffeine.newBuilder().maximumSize(4_096).build();
    private final java.util.function.Supplier<TrackingTokens> keys;
    private volatile TrackingTokens tokens;
    private final Optional<String> defaultBaseUrl;
    private final boolean keepIp;
    private final Duration scannerWindow;

    /**
     * A tracker whose keys are loaded on first use (from the store, when the host configured none), so that an
     * instance starts while its database is down and mail without tracking never needs them.
     */
    public Tracker(Store store, java.util.function.Supplier<TrackingTokens> keys, Optional<String> defaultBaseUrl,
                   boolean keepIp, Duration scannerWindow) {
        this.store = store;
        this.keys = keys;
        this.defaultBaseUrl = defaultBaseUrl;
        this.keepIp = keepIp;
        this.scannerWindow = scannerWindow;
    }

    /**
     * The signing keys, loaded on first use.
     *
     * @throws KeysUnavailable if they must be read from a store that fails; tried again on the next call
     */
    public TrackingTokens tokens() {
        TrackingTokens t = tokens;
        if (t == null) {
            synchronized (this) {
                t = tokens;
                if (t == null) {
                    try {
                        t = keys.get();
                    } catch (dev.ses.core.SesException e) {
                        throw new KeysUnavailable(e);
                    }
                    tokens = t;
                }
            }
        }
        return t;
    }

    /** Whether readers' addresses are kept in events. */
    public boolean keepIp() {
        return keepIp;
    }

    /** How soon after delivery a click counts as a link scanner's. */
    public Duration scannerWindow() {
        return scannerWindow;
    }

    /** The setup that applies to a sender domain: its own, else its account's, else the default. */
    public static TrackingSetup setup(Store store, String account, String senderDomain) {
        return store.tracking().setup(account, senderDomain)
                .or(() -> store.tracking().setup(account, TrackingSwitches.ACCOUNT)).orElse(TrackingSetup.DEFAULT);
    }

    /** The scope of an unsubscription from mail of a sender domain. */
    public UnsubscribeScope scope(String account, String senderDomain) {
        return setup(store, account, senderDomain).unsubscribeScope();
    }

    /** What a request's messages get. Reads the store: call once per request and chunk. */
    public Plan plan(MailRequest r) {
        Optional<String> base = setup(store, r.account(), r.senderDomain()).baseUrl().or(() -> defaultBaseUrl);
        if (base.isEmpty()) {
            return Plan.NONE;
        }
        MessageTracking wanted = r.tracking();
        TrackingSettings switches = wanted.opens() || wanted.clicks()
                ? TrackingSwitches.effective(store, r.account(), r.senderDomain())
                : new TrackingSettings(false, false);
        return new Plan(base, wanted.opens() && switches.opens(), wanted.clicks() && switches.clicks(),
                wanted.listUnsubscribe());
    }

    /** The rewriter of a plan's links. */
    public LinkRewriter rewriter(Plan plan) {
        return new LinkRewriter(plan.baseUrl().orElseThrow());
    }

    /**
     * The maker of a copy's URLs once its links are known: one token, signed once, for its pixel and every link (a
     * click URL is the token and the link's number). A link set not known to be stored is added to
     * {@code newLinkSets}, which {@link #storeLinkSets} must store before the copy is sent.
     *
     * @param opens whether the copy gets the pixel
     * @param clicks whether its links are rewritten
     */
    public Function<List<String>, LinkRewriter.Urls> copyUrls(Plan plan, MessageRecord row, boolean opens,
                                                              boolean clicks, Map<String, List<String>> newLinkSets) {
        return copyUrls(plan, row.id(), row.recipient(), opens, clicks, newLinkSets);
    }

    /** As {@link #copyUrls(Plan, MessageRecord, boolean, boolean, Map)}, for a row named by its id and recipient. */
    public Function<List<String>, LinkRewriter.Urls> copyUrls(Plan plan, long rowId, String recipient, boolean opens,
                                                              boolean clicks, Map<String, List<String>> newLinkSets) {
        TrackingTokens.Signer signer = tokens().signer(rowId, recipient);
        String base = plan.baseUrl().orElseThrow();
        return links -> {
            List<String> counted = clicks ? links : List.of();
            String set = counted.isEmpty() ? EMPTY_LINK_SET : TrackingTokens.linkSetId(counted);
            if (!counted.isEmpty() && linkSets.getIfPresent(set) == null) {
                newLinkSets.putIfAbsent(set, counted);
            }
            String token = signer.copy(set);
            return new LinkRewriter.Urls(clicks ? Optional.of(base + "/c/" + token + ".") : Optional.empty(),
                    opens ? Optional.of(base + "/o/" + token) : Optional.empty());
        };
    }

    /** Stores the link sets of copies about to be sent, and remembers them. */
    public void storeLinkSets(Map<String, List<String>> sets) {
        if (sets.isEmpty()) {
            return;
        }
        store.tracking().addLinkSets(sets);
        linkSets.putAll(sets);
    }

    /** The links of a stored set, from the cache or the store. */
    public Optional<List<String>> linkSet(String id) {
        if (id.equals(EMPTY_LINK_SET)) {
            return Optional.of(List.of());
        }
        List<String> cached = linkSets.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<List<String>> loaded = store.tracking().linkSet(id);
        loaded.ifPresent(l -> linkSets.put(id, l));
        return loaded;
    }

    /** The one-click unsubscribe URL of a row, from its token. */
    public String unsubscribeUrl(Plan plan, String token) {
        return plan.baseUrl().orElseThrow() + "/u/" + token;
    }

    /** The token of a row's unsubscribe URL and mailto address. */
    public String unsubscribeToken(MessageRecord row) {
        return tokens().sign(TrackingTokens.Kind.UNSUBSCRIBE, row.id(), row.recipient(), 0);
    }
}
