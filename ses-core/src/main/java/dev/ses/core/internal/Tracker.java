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
import java.time.Duration;
import java.util.Optional;

/**
 * What tracking a message gets and how its URLs read: the account's and sender domain's switches and setup, the
 * message's own choice, and the signing keys. One per {@code Ses}; thread-safe.
 *
 * <p>URLs: {@code <base>/o/<token>} for the pixel, {@code <base>/c/<token>} for a click, {@code <base>/u/<token>}
 * for unsubscribing, and {@code mailto:unsubscribe+<token>@<sender domain>} beside it in {@code List-Unsubscribe}.
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

    private final Store store;
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

    /** The pixel URL of a row. */
    public String openUrl(Plan plan, MessageRecord row) {
        return plan.baseUrl().orElseThrow() + "/o/" + tokens().sign(TrackingTokens.Kind.OPEN, row.id(),
                row.recipient(), 0);
    }

    /** A signer of a row's click URLs, for the many links of one message. */
    public java.util.function.IntFunction<String> clickUrls(Plan plan, MessageRecord row) {
        TrackingTokens.Signer signer = tokens().signer(row.id(), row.recipient());
        String prefix = plan.baseUrl().orElseThrow() + "/c/";
        return link -> prefix + signer.sign(TrackingTokens.Kind.CLICK, link);
    }

    /** The URL of a row's link. */
    public String clickUrl(Plan plan, MessageRecord row, int link) {
        return plan.baseUrl().orElseThrow() + "/c/" + tokens().sign(TrackingTokens.Kind.CLICK, row.id(),
                row.recipient(), link);
    }

    /** The one-click unsubscribe URL of a row. */
    public String unsubscribeUrl(Plan plan, MessageRecord row) {
        return plan.baseUrl().orElseThrow() + "/u/" + unsubscribeToken(row);
    }

    /** The token of a row's unsubscribe URL and mailto address. */
    public String unsubscribeToken(MessageRecord row) {
        return tokens().sign(TrackingTokens.Kind.UNSUBSCRIBE, row.id(), row.recipient(), 0);
    }
}
