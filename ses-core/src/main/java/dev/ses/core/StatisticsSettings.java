package dev.ses.core;

import dev.ses.core.internal.Engine;
import dev.ses.core.internal.Mailboxes;
import dev.ses.core.internal.TrackingSwitches;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One account's statistics settings: whether opens and clicks are counted, for the account and per sender domain,
 * a domain's own setting winning over the account's. Both are on until switched off. Thread-safe.
 */
public final class StatisticsSettings {
    private final Engine engine;
    private final String account;

    StatisticsSettings(Engine engine, String account) {
        this.engine = engine;
        this.account = account;
    }

    /** {@return the account's switches, which apply to every domain without its own} */
    public TrackingSettings account() {
        return engine.store().statistics().tracking(account, TrackingSwitches.ACCOUNT).orElse(TrackingSettings.ON);
    }

    /**
     * Sets the account's switches.
     *
     * @param settings the switches
     */
    public void setAccount(TrackingSettings settings) {
        Objects.requireNonNull(settings, "settings");
        engine.store().statistics().setTracking(account, List.of(TrackingSwitches.ACCOUNT), settings);
    }

    /**
     * {@return the switches that apply to a sender domain: its own if set, otherwise the account's}
     *
     * @param domain one of the account's sender domains
     * @throws SesException NOT_FOUND if the account has no such domain
     */
    public TrackingSettings domain(String domain) {
        return TrackingSwitches.effective(engine.store(), account, existing(List.of(domain)).get(0));
    }

    /**
     * Sets the switches of several sender domains at once: all of them, or none if one is unknown.
     *
     * @param domains the account's sender domains
     * @param settings the switches
     * @throws SesException NOT_FOUND naming the first domain the account does not have
     */
    public void setDomains(List<String> domains, TrackingSettings settings) {
        Objects.requireNonNull(settings, "settings");
        List<String> names = existing(domains);
        engine.store().statistics().setTracking(account, names, settings);
    }

    /**
     * Forgets the switches of sender domains, which then follow the account's.
     *
     * @param domains the account's sender domains
     * @throws SesException NOT_FOUND naming the first domain the account does not have
     */
    public void clearDomains(List<String> domains) {
        engine.store().statistics().clearTracking(account, existing(domains));
    }

    private List<String> existing(List<String> domains) {
        Objects.requireNonNull(domains, "domains");
        List<String> names = new ArrayList<>(new LinkedHashSet<>(domains.stream()
                .map(d -> Mailboxes.domain(Objects.requireNonNull(d, "domain"))).toList()));
        for (String name : names) {
            if (engine.store().domains().byName(account, name).isEmpty()) {
                throw new SesException(ErrorCode.NOT_FOUND, "domain: no sender domain '" + name + "' in account "
                        + account);
            }
        }
        return names;
    }
}
