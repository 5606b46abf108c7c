package dev.ses.core;

import dev.ses.core.internal.DkimKeys;
import dev.ses.core.internal.DomainChecks;
import dev.ses.core.internal.Engine;
import dev.ses.core.internal.Mailboxes;
import dev.ses.core.internal.dns.RecordsToPublish;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.testing.MailboxSimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An account's sender domains: create one, publish the records it returns, verify it, send from it.
 * Thread-safe. Obtain through {@link SesAccount#domains()}.
 */
public final class SenderDomains {
    private final Engine engine;
    private final String account;

    SenderDomains(Engine engine, String account) {
        this.engine = engine;
        this.account = account;
    }

    /**
     * Creates a domain in status {@link DomainStatus#PENDING}, generates its DKIM key (RSA-2048 by default, see
     * {@link DomainPolicy}) and returns it with the records to publish: SPF, DKIM, DMARC and MX.
     *
     * <p>With a DNS resolver configured, the records fit what the domain publishes today, so that following them
     * breaks no mail it sends or receives already: an existing SPF record comes back extended with the policy's
     * mechanism (never as a replacement), a valid DMARC record as it is, and no MX record is asked for when the
     * domain receives mail at other hosts (one for ses would take part of that mail; send from a subdomain such as
     * {@code mail.<domain>} to have bounces come back). This costs a few DNS lookups.
     *
     * @param name the domain; lower-cased, IDN converted to punycode. A subdomain such as {@code mail.example.com}
     *             is the safer choice than a domain that already receives mail
     * @return the new domain, with the records to publish
     * @throws SesException INVALID_DOMAIN, ALREADY_EXISTS, DOMAIN_LIMIT_REACHED (10 per account by default), or
     *         INVALID_STATE when the domain policy still names the placeholder hosts of
     *         {@link DomainPolicy#defaults()}, no DNS resolver is configured and the transport is not the
     *         {@code MailboxSimulator}: the records would ask the owner to publish hosts that do not exist. With a
     *         {@link StaticDnsResolver} or the simulator (tests, demos) they are allowed.
     */
    public SenderDomain create(String name) {
        String domain = Mailboxes.domain(name);
        Instant now = engine.clock().instant();
        DomainPolicy policy = engine.domainPolicy();
        if (policy.usesPlaceholders() && engine.dns().isEmpty() && !(engine.transport() instanceof MailboxSimulator)) {
            // Real mail and no resolver: the records returned here are all the owner is told, so they must be real.
            // (A real resolver with placeholders is refused when the Ses is built.)
            throw new SesException(ErrorCode.INVALID_STATE, policy.placeholderRefusal("this Ses sends real mail"
                    + " and has no DNS resolver, so the records of " + domain + " would go to its owner as they are")
                    + ", or, in a test, Ses.builder().dns(new StaticDnsResolver())");
        }
        DkimKey key = DkimKeys.generate(0, selector(now), policy.dkimAlgorithm(), policy.rsaKeyBits(), now);
        // Looked up before the transaction: it must not hold the store while DNS answers.
        List<DnsRecord> records = RecordsToPublish.forDomain(domain, key, policy, engine.dns());
        return engine.store().inTransaction(() -> {
            if (engine.store().domains().byName(account, domain).isPresent()) {
                throw new SesException(ErrorCode.ALREADY_EXISTS, taken(domain));
            }
            int count = engine.store().domains().list(account).size();
            if (count >= engine.limits().maxDomainsPerAccount()) {
                throw new SesException(ErrorCode.DOMAIN_LIMIT_REACHED, "domain: account " + account + " already has "
                        + count + " sender domains, the limit is " + engine.limits().maxDomainsPerAccount());
            }
            SenderDomain created;
            try {
                created = engine.store().domains().insert(new SenderDomain(0, account, domain, DomainStatus.PENDING,
                        key.selector(), records, now, Optional.empty(), Optional.empty()));
            } catch (SesException e) {
                // Another call created the domain since the check above: the same refusal, later.
                throw e.code() == ErrorCode.ALREADY_EXISTS ? new SesException(e.code(), taken(domain), e) : e;
            }
            engine.store().domains().saveKey(engine.seal(new DkimKey(created.id(), key.selector(), key.algorithm(),
                    key.privateKey(), key.publicKey(), true, now)));
            return created;
        });
    }

    private String taken(String domain) {
        return "domain: '" + domain + "' already exists in account " + account;
    }

    private static String selector(Instant now) {
        return "ses" + Long.toString(now.toEpochMilli(), 36);
    }

    /**
     * {@return the domain with this name, if the account has it}
     *
     * @param name the domain's name
     */
    public Optional<SenderDomain> find(String name) {
        String domain;
        try {
            domain = Mailboxes.domain(name);
        } catch (SesException e) {
            return Optional.empty();
        }
        return engine.store().domains().byName(account, domain);
    }

    /**
     * {@return the domain with this name}
     *
     * @param name the domain's name
     * @throws SesException NOT_FOUND
     */
    public SenderDomain get(String name) {
        return find(name).orElseThrow(() -> new SesException(ErrorCode.NOT_FOUND, "domain: '" + name
                + "' does not exist in account " + account));
    }

    /**
     * {@return one page of the account's domains, oldest first}
     *
     * @param page which page, and how many domains on it
     */
    public Page<SenderDomain> list(PageRequest page) {
        return Page.of(engine.store().domains().list(account), page);
    }

    /**
     * Looks up the domain's records through the configured {@code DnsResolver} and updates its status: VERIFIED when
     * every required record is right (SPF authorising the configured path, the active DKIM key, and by default a
     * DMARC and MX only warned about); a VERIFIED domain whose required records are wrong becomes FAILED. ses also
     * re-checks domains by itself on the schedule of {@link VerificationOptions}.
     *
     * @param name the domain's name
     * @return one check per record, passing or not
     * @throws SesException NOT_FOUND
     * @throws IllegalStateException if no DNS resolver was configured
     */
    public DomainVerification verify(String name) {
        return new DomainChecks(engine).verify(get(name));
    }

    /**
     * Starts a DKIM key rotation: generates a new key (inactive) and returns the record to publish for it. Signing
     * goes on with the current key until {@link #activateKey(String, String)}.
     *
     * @param name the domain's name
     * @return the DKIM TXT record of the new key
     * @throws SesException NOT_FOUND
     */
    public DnsRecord addKey(String name) {
        SenderDomain domain = get(name);
        Instant now = engine.clock().instant();
        DomainPolicy policy = engine.domainPolicy();
        DkimKey key = DkimKeys.generate(domain.id(), selector(now), policy.dkimAlgorithm(), policy.rsaKeyBits(), now)
                .withActive(false);
        engine.store().domains().saveKey(engine.seal(key));
        return dkimRecord(domain.name(), key);
    }

    /**
     * {@return the DKIM keys of a domain, oldest first, without their private parts}
     *
     * @param name the domain's name
     */
    public java.util.List<DkimKeyInfo> keys(String name) {
        SenderDomain domain = get(name);
        return engine.store().domains().keys(domain.id()).stream()
                .map(k -> new DkimKeyInfo(k.selector(), k.algorithm(), dkimRecord(domain.name(), k), k.active(),
                        k.createdAt())).toList();
    }

    /**
     * Makes a key added by {@link #addKey(String)} the one that signs, once its record is published: the check of
     * that record must pass. The previous key stays, inactive, so mail signed with it still verifies until its
     * record is removed.
     *
     * @param name the domain's name
     * @param selector the key's selector, in any case (DNS names are case-insensitive)
     * @return the domain with its new selector and records to publish
     * @throws SesException NOT_FOUND (domain or selector), or INVALID_STATE if the new key's record is not right yet
     */
    public SenderDomain activateKey(String name, String selector) {
        if (selector == null || selector.isBlank()) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "selector: must not be empty: '" + selector + "'");
        }
        SenderDomain domain = get(name);
        // The key's own spelling of the selector is used from here on: it is what signing looks the key up by.
        DkimKey key = engine.store().domains().keys(domain.id()).stream()
                .filter(k -> k.selector().equalsIgnoreCase(selector.strip())).findFirst()
                .orElseThrow(() -> new SesException(ErrorCode.NOT_FOUND, "selector: '" + selector
                        + "' is not a key of domain " + domain.name()));
        String dkimName = key.selector() + "._domainkey." + domain.name();
        List<DnsRecord> records = new ArrayList<>();
        for (DnsRecord r : domain.records()) {
            records.add(r.purpose() == DnsRecord.Purpose.DKIM ? dkimRecord(domain.name(), key) : r);
        }
        if (records.stream().noneMatch(r -> r.purpose() == DnsRecord.Purpose.DKIM)) {
            records.add(Math.min(1, records.size()), dkimRecord(domain.name(), key));
        }
        SenderDomain candidate = domain.withDkim(key.selector(), records);
        DomainVerification check = new DomainChecks(engine).checkOnly(candidate);
        RecordCheck dkim = check.checks().stream().filter(c -> c.purpose() == DnsRecord.Purpose.DKIM
                && c.name().equalsIgnoreCase(dkimName)).findFirst()
                .orElseThrow(() -> new SesException(ErrorCode.INVALID_STATE, "selector: the record of '"
                        + key.selector() + "' at " + dkimName + " was not checked"));
        if (dkim.status() != CheckStatus.OK) {
            throw new SesException(ErrorCode.INVALID_STATE, "selector: the record of '" + key.selector() + "' is "
                    + dkim.status() + ": " + dkim.advice());
        }
        return engine.store().inTransaction(() -> {
            for (DkimKey k : engine.store().domains().keys(domain.id())) {
                engine.store().domains().saveKey(k.withActive(k.selector().equals(key.selector())));
            }
            engine.store().domains().update(candidate);
            return candidate;
        });
    }

    private static DnsRecord dkimRecord(String domain, DkimKey key) {
        return RecordsToPublish.dkim(domain, key);
    }

    /**
     * Deletes a domain and its keys. Mail already queued from it will not be sent.
     *
     * @param name the domain's name
     * @throws SesException NOT_FOUND, or IN_USE while sender addresses use it
     */
    public void delete(String name) {
        SenderDomain domain = get(name);
        engine.store().inTransaction(() -> {
            int addresses = engine.store().addresses().countByDomain(domain.id());
            if (addresses > 0) {
                throw new SesException(ErrorCode.IN_USE, "domain: '" + domain.name() + "' still has " + addresses
                        + " sender address(es); delete them first");
            }
            return engine.store().domains().delete(account, domain.id());
        });
    }
}
