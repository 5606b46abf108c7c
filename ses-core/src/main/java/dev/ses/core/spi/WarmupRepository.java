package dev.ses.core.spi;

import dev.ses.core.WarmupDecision;
import java.util.List;
import java.util.Optional;

/** The warm-up state of sender domains and the decisions taken about them. */
public interface WarmupRepository {
    /**
     * {@return the state of a domain, if it has one}
     *
     * @param account the account's name
     * @param domain the sender domain
     */
    Optional<WarmupState> get(String account, String domain);

    /**
     * Stores a state if the stored one still has {@code expectedVersion} (or, for -1, if there is none yet). The new
     * state's version must be higher.
     *
     * @param state the new state
     * @param expectedVersion the stored state's version, or -1 if there is none yet
     * @return whether it was stored
     */
    boolean save(WarmupState state, long expectedVersion);

    /**
     * Records a decision.
     *
     * @param decision the decision to record
     */
    void addDecision(WarmupDecision decision);

    /**
     * {@return the decisions about a domain, oldest first}
     *
     * @param account the account's name
     * @param domain the sender domain
     */
    List<WarmupDecision> decisions(String account, String domain);
}
