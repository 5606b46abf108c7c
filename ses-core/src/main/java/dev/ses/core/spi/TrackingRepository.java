package dev.ses.core.spi;

import dev.ses.core.TrackingSetup;
import java.util.List;
import java.util.Map;
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

    /**
     * Stores link sets, the counted links of copies about to be sent, each under its id. An id names its content
     * (a digest of the links), so a set whose id is stored already is left as it is, and nodes writing one set at
     * once agree. A click finds its link here, whatever the tracking setup says by then.
     *
     * @param sets the links by set id
     */
    void addLinkSets(Map<String, List<String>> sets);

    /**
     * {@return the links of a stored set, in their order}
     *
     * @param id the set's id
     */
    Optional<List<String>> linkSet(String id);
}
