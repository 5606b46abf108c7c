package dev.ses.core.internal;

import dev.ses.core.TrackingSettings;
import dev.ses.core.spi.Store;

/**
 * The open and click switches that apply to a sender domain: its own when set, otherwise its account's, otherwise
 * both on. Rendering reads them to decide whether to add the pixel and rewrite links.
 */
public final class TrackingSwitches {
    /** The key of an account's own switches among its domains'. */
    public static final String ACCOUNT = "";

    private TrackingSwitches() {
    }

    /** The switches that apply to mail from a sender domain of an account. */
    public static TrackingSettings effective(Store store, String account, String senderDomain) {
        return store.statistics().tracking(account, senderDomain)
                .or(() -> store.statistics().tracking(account, ACCOUNT)).orElse(TrackingSettings.ON);
    }
}
