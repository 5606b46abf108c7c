package dev.ses.core.spi;

import dev.ses.core.SenderDomain;
import dev.ses.core.SesException;
import java.util.List;
import java.util.Optional;

/** Sender domains and their DKIM keys. Every lookup is scoped to one account. */
public interface DomainRepository {
    /**
     * Inserts a new domain and returns it with its identifier. The name is unique per account.
     *
     * @throws SesException ALREADY_EXISTS if the account has a domain of this name
     */
    SenderDomain insert(SenderDomain domain);

    /** Replaces a stored domain (same id and account). */
    void update(SenderDomain domain);

    /** {@return the domain with this id in this account} */
    Optional<SenderDomain> get(String account, long id);

    /** {@return the domain with this name in this account} */
    Optional<SenderDomain> byName(String account, String name);

    /**
     * {@return the domains of this name in every account, by id: what a report that came back to the name is about}
     * An index lookup, not a scan.
     */
    List<SenderDomain> withName(String name);

    /** {@return the account's domains, by id} */
    List<SenderDomain> list(String account);

    /** {@return every domain of every account, by id; for the verification scheduler} */
    List<SenderDomain> all();

    /** Deletes the domain and its keys; false if there was none. */
    boolean delete(String account, long id);

    /** Stores a DKIM key; a key with the same domain and selector is replaced. */
    void saveKey(DkimKey key);

    /** {@return the domain's keys, oldest first} */
    List<DkimKey> keys(long domainId);
}
