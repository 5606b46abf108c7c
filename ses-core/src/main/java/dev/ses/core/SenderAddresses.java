package dev.ses.core;

import dev.ses.core.internal.Engine;
import dev.ses.core.internal.Mailboxes;
import java.util.Locale;
import java.util.Optional;

/**
 * An account's sender addresses. Thread-safe. Obtain through {@link SesAccount#addresses()}.
 */
public final class SenderAddresses {
    private static final int MAX_DISPLAY_NAME = 256;

    private final Engine engine;
    private final String account;

    SenderAddresses(Engine engine, String account) {
        this.engine = engine;
        this.account = account;
    }

    /**
     * Creates a sender address on one of the account's domains. Mail can be sent from it once the domain is
     * verified.
     *
     * @param domain the sender domain's name
     * @param localPart the part before {@code @}, an RFC 5322 dot-atom of at most 64 characters
     * @param displayName the name recipients see; may be empty; no line breaks, at most 256 characters
     * @return the new address
     * @throws SesException NOT_FOUND (domain), INVALID_SENDER_ADDRESS, ALREADY_EXISTS, or ADDRESS_LIMIT_REACHED
     *                      (10 per domain by default)
     */
    public SenderAddress create(String domain, String localPart, String displayName) {
        SenderDomain d = new SenderDomains(engine, account).get(domain);
        String local = Mailboxes.localPart(localPart);
        String name = Mailboxes.headerText(ErrorCode.INVALID_SENDER_ADDRESS, "displayName",
                displayName == null ? "" : displayName.strip(), MAX_DISPLAY_NAME);
        return engine.store().inTransaction(() -> {
            String email = local + "@" + d.name();
            if (engine.store().addresses().byEmail(account, email).isPresent()) {
                throw new SesException(ErrorCode.ALREADY_EXISTS, taken(email));
            }
            int count = engine.store().addresses().countByDomain(d.id());
            if (count >= engine.limits().maxAddressesPerDomain()) {
                throw new SesException(ErrorCode.ADDRESS_LIMIT_REACHED, "domain: '" + d.name() + "' already has "
                        + count + " sender addresses, the limit is " + engine.limits().maxAddressesPerDomain());
            }
            try {
                return engine.store().addresses().insert(new SenderAddress(0, account, d.id(), d.name(), local, name,
                        engine.clock().instant()));
            } catch (SesException e) {
                // Another call created the address since the check above: the same refusal, later.
                throw e.code() == ErrorCode.ALREADY_EXISTS ? new SesException(e.code(), taken(email), e) : e;
            }
        });
    }

    private String taken(String email) {
        return "localPart: '" + email + "' already exists in account " + account;
    }

    /**
     * {@return the address with this mailbox ({@code local@domain}), if the account has it}
     *
     * @param email the mailbox, {@code local@domain}
     */
    public Optional<SenderAddress> find(String email) {
        if (email == null) {
            return Optional.empty();
        }
        String e = email.strip();
        int at = e.lastIndexOf('@');
        if (at <= 0) {
            return Optional.empty();
        }
        return engine.store().addresses().byEmail(account, e.substring(0, at) + "@"
                + e.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * {@return the address with this mailbox}
     *
     * @param email the mailbox, {@code local@domain}
     * @throws SesException NOT_FOUND
     */
    public SenderAddress get(String email) {
        return find(email).orElseThrow(() -> new SesException(ErrorCode.NOT_FOUND, "from: no sender address '"
                + email + "' in account " + account));
    }

    /**
     * The address to send from and its domain, which must be verified: the check every send and task makes first.
     *
     * @throws SesException NOT_FOUND or DOMAIN_NOT_VERIFIED, naming the field {@code from}
     */
    SenderDomain requireSendable(SenderAddress address) {
        SenderDomain domain = engine.store().domains().get(account, address.domainId())
                .orElseThrow(() -> new SesException(ErrorCode.NOT_FOUND, "from: the domain of '" + address.email()
                        + "' no longer exists"));
        if (!domain.canSend()) {
            throw new SesException(ErrorCode.DOMAIN_NOT_VERIFIED, "from: domain '" + domain.name() + "' is "
                    + domain.status() + ", not VERIFIED; publish its records and verify it");
        }
        return domain;
    }

    /**
     * {@return one page of the account's addresses, oldest first}
     *
     * @param page which page, and how many addresses on it
     */
    public Page<SenderAddress> list(PageRequest page) {
        return Page.of(engine.store().addresses().list(account), page);
    }

    /**
     * Deletes an address. Mail already queued from it is still sent.
     *
     * @param email the mailbox, {@code local@domain}
     * @throws SesException NOT_FOUND
     */
    public void delete(String email) {
        SenderAddress a = get(email);
        engine.store().addresses().delete(account, a.id());
    }
}
