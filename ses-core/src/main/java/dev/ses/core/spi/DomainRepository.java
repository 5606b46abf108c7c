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
     * @param domain the domain to insert, with id 0
     * @return the domain as stored, with its new id
     * @throws SesException ALREADY_EXISTS if the account has a domain of this name
     */
    SenderDomain insert(SenderDomain domain);

    /**
     * Replaces a stored domain (same id and account).
     *
     * @param domain the domain as it now stands
     */
    void update(SenderDomain domain);

    /**
     * {@return the domain with this id in this account}
     *
     * @param account the account's name
     * @param id the domain's id
     */
    Optional<SenderDomain> get(String account, long id);

    /**
     * {@return the domain with this name in this account}
     *
     * @param account the account's name
     * @param name the domain's name, in lower case
     */
    Optional<SenderDomain> byName(String account, String name);

    /**
     * {@return the domains of this name in every account, by id: what a report that came back to the name is about}
     * An index lookup, not a scan.
     *
     * @param name the domain's name, in lower case
     */
    List<SenderDomain> withName(String name);

    /**
     * {@return the account's domains, by id}
     *
     * @param account the account's name
     */
    List<SenderDomain> list(String account);

    /** {@return every domain of every account, by id; for the verification scheduler} */
    List<SenderDomain> all();

    /**
     * Deletes the domain and its keys; false if there was none.
     *
     * @param account the account's name
     * @param id the domain's id
     * @return whether there was a domain to delete
     */
    boolean delete(String account, long id);

    /**
     * Stores a DKIM key; a key with the same domain and selector is replaced.
     *
     * @param key the key to store
     */
    void saveKey(DkimKey key);

    /**
     * {@return the domain's keys, oldest first}
     *
     * @param domainId the sender domain's id
     */
    List<DkimKey> keys(long domainId);
}
