package dev.ses.core.spi;

import dev.ses.core.WarmupDecision;
import java.util.List;
import java.util.Optional;

/** The warm-up state of sender domains and the decisions taken about them. */
public interface WarmupRepository {
    /** {@return the state of a domain, if it has one} */
    Optional<WarmupState> get(String account, String domain);

    /**
     * Stores a state if the stored one still has {@code expectedVersion} (or, for -1, if there is none yet). The new
     * state's version must be higher.
     *
     * @return whether it was stored
     */
    boolean save(WarmupState state, long expectedVersion);

    /** Records a decision. */
    void addDecision(WarmupDecision decision);

    /** {@return the decisions about a domain, oldest first} */
    List<WarmupDecision> decisions(String account, String domain);
}
