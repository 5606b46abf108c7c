package dev.ses.core;

import dev.ses.core.internal.BasicVerifier;
import dev.ses.core.internal.DkimKeys;
import dev.ses.core.internal.Engine;
import dev.ses.core.internal.Mailboxes;
import dev.ses.core.spi.DkimKey;
import java.time.Instant;
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
     * @param name the domain; lower-cased, IDN converted to punycode. A subdomain such as {@code mail.example.com}
     *             is the safer choice than a domain that already receives mail
     * @throws SesException INVALID_DOMAIN, ALREADY_EXISTS, or DOMAIN_LIMIT_REACHED (10 per account by default)
     */
    public SenderDomain create(String name) {
        String domain = Mailboxes.domain(name);
        Instant now = engine.clock().instant();
        DomainPolicy policy = engine.domainPolicy();
        String selector = "ses" + Long.toString(now.getEpochSecond(), 36);
        DkimKey key = DkimKeys.generate(0, selector, policy.dkimAlgorithm(), policy.rsaKeyBits(), now);
        return engine.store().inTransaction(() -> {
            if (engine.store().domains().byName(account, domain).isPresent()) {
                throw new SesException(ErrorCode.ALREADY_EXISTS, "domain: '" + domain + "' already exists in account "
                        + account);
            }
            int count = engine.store().domains().list(account).size();
            if (count >= engine.limits().maxDomainsPerAccount()) {
                throw new SesException(ErrorCode.DOMAIN_LIMIT_REACHED, "domain: account " + account + " already has "
                        + count + " sender domains, the limit is " + engine.limits().maxDomainsPerAccount());
            }
            SenderDomain created = engine.store().domains().insert(new SenderDomain(0, account, domain,
                    DomainStatus.PENDING, selector, records(domain, key, policy), now, Optional.empty(),
                    Optional.empty()));
            engine.store().domains().saveKey(new DkimKey(created.id(), key.selector(), key.algorithm(),
                    key.privateKey(), key.publicKey(), true, now));
            return created;
        });
    }

    static List<DnsRecord> records(String domain, DkimKey key, DomainPolicy policy) {
        return List.of(
                new DnsRecord(DnsRecord.Purpose.SPF, domain, DnsRecordType.TXT,
                        "v=spf1 " + policy.spfMechanism() + " ~all", 0),
                new DnsRecord(DnsRecord.Purpose.DKIM, key.selector() + "._domainkey." + domain, DnsRecordType.TXT,
                        key.recordValue(), 0),
                new DnsRecord(DnsRecord.Purpose.DMARC, "_dmarc." + domain, DnsRecordType.TXT,
                        "v=DMARC1; p=" + policy.dmarcPolicy(), 0),
                new DnsRecord(DnsRecord.Purpose.MX, domain, DnsRecordType.MX, policy.mxHost(), 10));
    }

    /** The domain with this name, if the account has it. */
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
     * The domain with this name.
     *
     * @throws SesException NOT_FOUND
     */
    public SenderDomain get(String name) {
        return find(name).orElseThrow(() -> new SesException(ErrorCode.NOT_FOUND, "domain: '" + name
                + "' does not exist in account " + account));
    }

    /** One page of the account's domains, oldest first. */
    public Page<SenderDomain> list(PageRequest page) {
        return Page.of(engine.store().domains().list(account), page);
    }

    /**
     * Looks up the domain's records through the configured {@code DnsResolver} and updates its status: VERIFIED when
     * every required record is right; a VERIFIED domain whose required records are gone becomes FAILED.
     *
     * @return one check per record, passing or not
     * @throws SesException NOT_FOUND
     * @throws IllegalStateException if no DNS resolver was configured
     */
    public DomainVerification verify(String name) {
        SenderDomain domain = get(name);
        var resolver = engine.dns().orElseThrow(() -> new IllegalStateException(
                "no DNS resolver configured: set Ses.builder().dns(...)"));
        Instant now = engine.clock().instant();
        DomainVerification result = new BasicVerifier(resolver).verify(domain, now);
        Optional<Instant> verifiedAt = result.status() == DomainStatus.VERIFIED ? Optional.of(now)
                : domain.verifiedAt();
        engine.store().domains().update(domain.withStatus(result.status(), verifiedAt, now));
        return result;
    }

    /**
     * Deletes a domain and its keys. Mail already queued from it will not be sent.
     *
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
