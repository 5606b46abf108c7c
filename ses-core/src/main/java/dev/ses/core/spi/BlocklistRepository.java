package dev.ses.core.spi;

import dev.ses.core.BlocklistEntry;
import dev.ses.core.Unsubscription;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Blocklisted addresses (hard bounces and custom entries) and unsubscriptions, per account. */
public interface BlocklistRepository {
    /**
     * Adds or replaces the entry with the same account, address and source.
     *
     * @param entry the entry to store
     */
    void put(BlocklistEntry entry);

    /**
     * {@return the account's entries for one address, any source, expired or not}
     *
     * @param account the account's name
     * @param address the recipient's email address
     */
    List<BlocklistEntry> find(String account, String address);

    /**
     * {@return the account's entries, filtered, newest first}
     *
     * @param account the account's name
     * @param addressContains a substring of the address, case-insensitive
     * @param addedFrom the first instant of addition, inclusive
     * @param addedTo the last instant of addition, exclusive
     * @param source one source only
     */
    List<BlocklistEntry> list(String account, Optional<String> addressContains, Optional<Instant> addedFrom,
                              Optional<Instant> addedTo, Optional<BlocklistEntry.Source> source);

    /**
     * Removes the entries of these addresses, of one source or all; returns how many went.
     *
     * @param account the account's name
     * @param addresses the recipients' email addresses
     * @param source the one source to remove, or empty for every source
     * @return how many entries were removed
     */
    int remove(String account, Collection<String> addresses, Optional<BlocklistEntry.Source> source);

    /**
     * {@return those of the addresses that an entry blocks at {@code now}} One query for a whole chunk.
     *
     * @param account the account's name
     * @param addresses the recipients' email addresses to check
     * @param now the instant to judge at
     */
    Set<String> blocked(String account, Collection<String> addresses, Instant now);

    /**
     * Records that an address unsubscribed from a sender domain.
     *
     * @param account the account's name
     * @param senderDomain the sender domain
     * @param address the recipient's email address
     * @param at when the unsubscription happened
     */
    void unsubscribe(String account, String senderDomain, String address, Instant at);

    /**
     * {@return those of the addresses that unsubscribed from a sender domain}
     *
     * @param account the account's name
     * @param senderDomain the sender domain
     * @param addresses the recipients' email addresses to check
     */
    Set<String> unsubscribed(String account, String senderDomain, Collection<String> addresses);

    /**
     * {@return up to {@code limit} unsubscriptions the filter selects that come after {@code after} (from the first if
     * empty), by sender domain then address: one page read through the table's key}
     *
     * @param filter which unsubscriptions
     * @param after the last unsubscription of the page before, or empty for the first page
     * @param limit the most to return
     */
    List<Unsubscription> unsubscriptions(UnsubscriptionFilter filter, Optional<Unsubscription> after, int limit);

    /**
     * Withdraws an address's unsubscription from a sender domain, so that the domain may mail it again.
     *
     * @param account the account's name
     * @param senderDomain the sender domain
     * @param address the recipient's email address
     * @return false if there was none
     */
    boolean withdrawUnsubscription(String account, String senderDomain, String address);
}
