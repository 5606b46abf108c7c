package dev.ses.core;

import dev.ses.core.internal.Engine;
import dev.ses.core.internal.Mailboxes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * An account's blocklist: addresses that hard-bounced (kept 180 days by default) and addresses the account added
 * itself, with an optional expiry. Mail to a listed address is settled as REJECTED without reaching the transport.
 * Thread-safe. Obtain through {@link SesAccount#blocklist()}.
 */
public final class Blocklist {
    private static final int MAX_REASON = 1000;

    private final Engine engine;
    private final String account;

    Blocklist(Engine engine, String account) {
        this.engine = engine;
        this.account = account;
    }

    /**
     * {@return one page of the entries in force now, newest first}
     *
     * @param query which entries
     * @param page which page, and how many entries on it
     */
    public Page<BlocklistEntry> list(BlocklistQuery query, PageRequest page) {
        Instant now = engine.clock().instant();
        List<BlocklistEntry> all = engine.store().blocklist().list(account, query.address(), query.addedFrom(),
                query.addedTo(), query.source()).stream().filter(e -> e.activeAt(now)).toList();
        return Page.of(all, page);
    }

    /**
     * {@return whether mail to this address is blocked now}
     *
     * @param address the recipient's email address
     */
    public boolean isBlocked(String address) {
        String a = Mailboxes.mailbox("address", address);
        return !engine.store().blocklist().blocked(account, List.of(a), engine.clock().instant()).isEmpty();
    }

    /**
     * {@return the entries in force now for one address (a bounce entry, a custom one, or both)}
     *
     * @param address the recipient's email address
     */
    public List<BlocklistEntry> find(String address) {
        String a = Mailboxes.mailbox("address", address);
        Instant now = engine.clock().instant();
        return engine.store().blocklist().find(account, a).stream().filter(e -> e.activeAt(now)).toList();
    }

    /**
     * Adds an address to the custom blocklist, or changes the reason and expiry of its custom entry.
     *
     * @param address the recipient's email address
     * @param reason a note for people, may be empty
     * @param expiresAt when the entry ends by itself; empty means never
     * @return the custom entry as it now stands
     * @throws SesException INVALID_EMAIL_ADDRESS, or INVALID_ARGUMENT for an expiry in the past
     */
    public BlocklistEntry add(String address, String reason, Optional<Instant> expiresAt) {
        String a = Mailboxes.mailbox("address", address);
        Instant now = engine.clock().instant();
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "expiresAt: " + expiresAt.get()
                    + " is not in the future");
        }
        String r = Mailboxes.headerText(ErrorCode.INVALID_ARGUMENT, "reason", reason == null ? "" : reason,
                MAX_REASON);
        BlocklistEntry entry = new BlocklistEntry(account, a, BlocklistEntry.Source.CUSTOM, r, now, expiresAt);
        engine.store().blocklist().put(entry);
        return entry;
    }

    /**
     * Changes the expiry of an address's custom entry.
     *
     * @param address the recipient's email address
     * @param expiresAt when the entry ends by itself; empty means never
     * @return the custom entry as it now stands
     * @throws SesException NOT_FOUND if the address has no custom entry in force
     */
    public BlocklistEntry update(String address, Optional<Instant> expiresAt) {
        String a = Mailboxes.mailbox("address", address);
        BlocklistEntry current = find(a).stream().filter(e -> e.source() == BlocklistEntry.Source.CUSTOM)
                .findFirst().orElseThrow(() -> new SesException(ErrorCode.NOT_FOUND, "address: '" + address
                        + "' is not on the custom blocklist"));
        return add(a, current.reason(), expiresAt);
    }

    /**
     * Removes addresses from the blocklist (bounce and custom entries alike).
     *
     * @param addresses the recipients' email addresses
     * @return how many entries were removed
     * @throws SesException INVALID_EMAIL_ADDRESS for a malformed address; nothing is removed then
     */
    public int remove(Collection<String> addresses) {
        List<String> checked = new ArrayList<>(addresses.size());
        for (String a : addresses) {
            checked.add(Mailboxes.mailbox("addresses", a));
        }
        return engine.store().blocklist().remove(account, checked, Optional.empty());
    }

    /**
     * Removes addresses from the blocklist.
     *
     * @param addresses the recipients' email addresses
     * @return how many entries were removed
     * @see #remove(Collection)
     */
    public int remove(String... addresses) {
        return remove(List.of(addresses));
    }
}
