package dev.ses.core.spi;

import dev.ses.core.TrackingSetup;
import java.util.List;
import java.util.Optional;

/**
 * The keys that sign tracking tokens when the host configures none, and each account's and sender domain's
 * tracking setup (the base URL that goes into messages, the scope of an unsubscription).
 */
public interface TrackingRepository {
    /** {@return every stored key, oldest first} */
    List<TrackingKey> keys();

    /**
     * Stores a key unless one with its id is stored already, so that nodes generating a key at once agree on one.
     *
     * @param key the key to store
     * @return the key stored under that id: this one, or the one that was there
     */
    TrackingKey addKey(TrackingKey key);

    /**
     * {@return the setup of an account ({@code senderDomain} empty) or of one of its sender domains}
     *
     * @param account the account's name
     * @param senderDomain one of its sender domains, or empty for the account's own setup
     */
    Optional<TrackingSetup> setup(String account, String senderDomain);

    /**
     * Sets the setup of an account ({@code senderDomain} empty) or of one of its sender domains.
     *
     * @param account the account's name
     * @param senderDomain one of its sender domains, or empty for the account's own setup
     * @param setup the setup
     */
    void setSetup(String account, String senderDomain, TrackingSetup setup);
}
