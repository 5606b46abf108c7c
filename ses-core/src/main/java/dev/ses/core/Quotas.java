package dev.ses.core;

import dev.ses.core.internal.Engine;
import java.util.List;

/**
 * An account's sending quotas: each sender domain's warm-up level, today's limit and what is left, and the
 * warm-up decisions taken with their reasons. Thread-safe. Obtain through {@link SesAccount#quotas()}.
 */
public final class Quotas {
    private final Engine engine;
    private final String account;

    Quotas(Engine engine, String account) {
        this.engine = engine;
        this.account = account;
    }

    /**
     * {@return a sender domain's quota today}
     *
     * @param domain one of the account's sender domains
     * @throws SesException NOT_FOUND
     */
    public QuotaStatus status(String domain) {
        SenderDomain d = new SenderDomains(engine, account).get(domain);
        return new dev.ses.core.internal.Quotas(engine).status(account, d.name(), engine.clock().instant());
    }

    /**
     * {@return the warm-up decisions about a sender domain, oldest first, e.g. {@code up to level 2: sent 500 of 500}}
     *
     * @param domain one of the account's sender domains
     * @throws SesException NOT_FOUND
     */
    public List<WarmupDecision> decisions(String domain) {
        SenderDomain d = new SenderDomains(engine, account).get(domain);
        new dev.ses.core.internal.Quotas(engine).state(account, d.name(), engine.clock().instant());
        return engine.store().warmups().decisions(account, d.name());
    }
}
