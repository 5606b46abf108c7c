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
     * @throws SesException ALREADY_EXISTS if the account has an address with this mailbox
     */
    SenderAddress insert(SenderAddress address);

    /** {@return the address with this id in this account} */
    Optional<SenderAddress> get(String account, long id);

    /** {@return the address with this mailbox ({@code local@domain}, domain in lower case) in this account} */
    Optional<SenderAddress> byEmail(String account, String email);

    /** {@return the account's addresses, by id} */
    List<SenderAddress> list(String account);

    /** {@return how many addresses a domain has} */
    int countByDomain(long domainId);

    /** Deletes the address; false if there was none. */
    boolean delete(String account, long id);
}
