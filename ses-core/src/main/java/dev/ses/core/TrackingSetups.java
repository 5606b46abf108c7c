package dev.ses.core;

import dev.ses.core.internal.Engine;
import dev.ses.core.internal.Mailboxes;
import dev.ses.core.internal.Tracker;
import dev.ses.core.internal.TrackingSwitches;
import java.util.Objects;

/**
 * One account's tracking setups: the base URL its messages' tracking and unsubscribe URLs point at (a tracking
 * domain such as {@code https://track.acme.example} that reaches {@link Ses#trackingEndpoints()}), and what an
 * unsubscription stops. A sender domain's own setup wins over the account's. Thread-safe.
 */
public final class TrackingSetups {
    private final Engine engine;
    private final String account;

    TrackingSetups(Engine engine, String account) {
        this.engine = engine;
        this.account = account;
    }

    /** {@return the account's setup, which applies to every domain without its own} */
    public TrackingSetup account() {
        return engine.store().tracking().setup(account, TrackingSwitches.ACCOUNT).orElse(TrackingSetup.DEFAULT);
    }

    /**
     * Sets the account's setup.
     *
     * @param setup the account's setup
     */
    public void setAccount(TrackingSetup setup) {
        Objects.requireNonNull(setup, "setup");
        engine.store().tracking().setSetup(account, TrackingSwitches.ACCOUNT, setup);
    }

    /**
     * {@return the setup that applies to a sender domain: its own if set, otherwise the account's}
     *
     * @param domain one of the account's sender domains
     * @throws SesException NOT_FOUND if the account has no such domain
     */
    public TrackingSetup domain(String domain) {
        return Tracker.setup(engine.store(), account, existing(domain));
    }

    /**
     * Sets a sender domain's own setup.
     *
     * @param domain one of the account's sender domains
     * @param setup the domain's own setup
     * @throws SesException NOT_FOUND if the account has no such domain
     */
    public void setDomain(String domain, TrackingSetup setup) {
        Objects.requireNonNull(setup, "setup");
        engine.store().tracking().setSetup(account, existing(domain), setup);
    }

    private String existing(String domain) {
        String name = Mailboxes.domain(Objects.requireNonNull(domain, "domain"));
        if (engine.store().domains().byName(account, name).isEmpty()) {
            throw new SesException(ErrorCode.NOT_FOUND, "domain: no sender domain '" + name + "' in account "
                    + account);
        }
        return name;
    }
}
