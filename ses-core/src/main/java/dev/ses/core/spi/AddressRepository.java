package dev.ses.core.spi;

import dev.ses.core.SenderAddress;
import dev.ses.core.SesException;
import java.util.List;
import java.util.Optional;

/** Sender addresses. Every lookup is scoped to one account. */
public interface AddressRepository {
    /**
     * Inserts a new address and returns it with its identifier. The mailbox is unique per account.
     *
     * @param address the address to insert, with id 0
     * @return the address as stored, with its new id
     * @throws SesException ALREADY_EXISTS if the account has an address with this mailbox
     */
    SenderAddress insert(SenderAddress address);

    /**
     * {@return the address with this id in this account}
     *
     * @param account the account's name
     * @param id the address's id
     */
    Optional<SenderAddress> get(String account, long id);

    /**
     * {@return the address with this mailbox ({@code local@domain}, domain in lower case) in this account}
     *
     * @param account the account's name
     * @param email the mailbox, {@code local@domain}
     */
    Optional<SenderAddress> byEmail(String account, String email);

    /**
     * {@return the account's addresses, by id}
     *
     * @param account the account's name
     */
    List<SenderAddress> list(String account);

    /**
     * {@return how many addresses a domain has}
     *
     * @param domainId the sender domain's id
     */
    int countByDomain(long domainId);

    /**
     * Deletes the address; false if there was none.
     *
     * @param account the account's name
     * @param id the address's id
     * @return whether there was an address to delete
     */
    boolean delete(String account, long id);
}
