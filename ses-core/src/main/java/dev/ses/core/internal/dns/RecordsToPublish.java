package dev.ses.core.internal.dns;

import dev.ses.core.DnsRecord;
import dev.ses.core.DnsRecordType;
import dev.ses.core.DomainPolicy;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.DnsAnswer;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.MxRecord;
import dev.ses.core.spi.TxtRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The records a new sender domain is told to publish, fitted to what its DNS holds today, so that following the
 * advice never breaks mail the domain sends or receives already:
 * <ul>
 *   <li>SPF: an existing record is extended with ses's mechanism, never replaced (a second SPF record would be a
 *       permanent error, a replacement would fail every other sender of the domain); a record that already authorises
 *       ses is offered as it is.</li>
 *   <li>DMARC: a valid record at the domain is offered as it is (the default {@code p=none} would weaken a stricter
 *       policy); none is asked for when the organizational domain's policy already applies.</li>
 *   <li>MX: asked for only when the domain provably receives no mail elsewhere: no MX, a null MX (RFC 7505), or one
 *       at ses's host already. An MX for ses at a domain that receives mail at other hosts would take part of that
 *       mail; when the lookup fails, nothing is asked for rather than risk it.</li>
 * </ul>
 * Without a resolver the records are the policy's defaults. Thread-safe; blocks on the resolver's lookups.
 */
public final class RecordsToPublish {
    private RecordsToPublish() {
    }

    /**
     * The records to publish for a domain and its active DKIM key.
     *
     * @param domain the domain, normalized
     * @param key the DKIM key that will sign
     * @param policy what ses needs the records to say
     * @param dns the resolver to read the domain's current records with, if any
     * @return SPF, DKIM, then DMARC and MX where they are to be published, in that order
     */
    public static List<DnsRecord> forDomain(String domain, DkimKey key, DomainPolicy policy,
                                            Optional<DnsResolver> dns) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(dns, "dns");
        List<DnsRecord> records = new ArrayList<>(4);
        records.add(new DnsRecord(DnsRecord.Purpose.SPF, domain, DnsRecordType.TXT,
                dns.flatMap(r -> existingSpf(r, domain, policy.spfMechanism()))
                        .orElse("v=spf1 " + policy.spfMechanism() + " ~all"), 0));
        records.add(dkim(domain, key));
        Optional<String> dmarc = dns.isEmpty() ? Optional.of("v=DMARC1; p=" + policy.dmarcPolicy())
                : dmarcToPublish(dns.get(), domain, policy);
        dmarc.ifPresent(v -> records.add(new DnsRecord(DnsRecord.Purpose.DMARC, "_dmarc." + domain,
                DnsRecordType.TXT, v, 0)));
        if (dns.isEmpty() || mayPointMxAtSes(dns.get().mx(domain), policy.mxHost())) {
            records.add(new DnsRecord(DnsRecord.Purpose.MX, domain, DnsRecordType.MX, policy.mxHost(), 10));
        }
        return List.copyOf(records);
    }

    /** The DKIM record of a key. */
    public static DnsRecord dkim(String domain, DkimKey key) {
        return new DnsRecord(DnsRecord.Purpose.DKIM, key.selector() + "._domainkey." + domain, DnsRecordType.TXT,
                key.recordValue(), 0);
    }

    /** The domain's one SPF record, extended with the mechanism unless it authorises it already. */
    private static Optional<String> existingSpf(DnsResolver dns, String domain, String mechanism) {
        DnsAnswer<TxtRecord> answer = dns.txt(domain);
        List<String> records = SpfEvaluator.spfRecords(answer.records());
        if (records.size() != 1) {
            // None: the default is right. Several: no single record to extend; verification says to merge them.
            return Optional.empty();
        }
        SpfEvaluator.Result result = SpfEvaluator.evaluate(dns, domain, mechanism);
        if (result.outcome() == SpfEvaluator.Outcome.PASS && !result.plusAll()) {
            return Optional.of(records.get(0));
        }
        return Optional.of(SpfEvaluator.withMechanism(records.get(0), mechanism));
    }

    private static Optional<String> dmarcToPublish(DnsResolver dns, String domain, DomainPolicy policy) {
        String fallback = "v=DMARC1; p=" + policy.dmarcPolicy();
        Optional<String> own = validDmarc(dns.txt("_dmarc." + domain));
        if (own.isPresent()) {
            return own;
        }
        String organizational = DnsNames.organizationalDomain(domain);
        if (!organizational.equals(domain) && validDmarc(dns.txt("_dmarc." + organizational)).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(fallback);
    }

    private static Optional<String> validDmarc(DnsAnswer<TxtRecord> answer) {
        List<String> valid = answer.records().stream().map(TxtRecord::text)
                .filter(t -> DomainVerifier.dmarcProblem(TagList.parse(t)).isEmpty()).toList();
        return valid.size() == 1 ? Optional.of(valid.get(0)) : Optional.empty();
    }

    private static boolean mayPointMxAtSes(DnsAnswer<MxRecord> answer, String host) {
        if (answer.failed()) {
            return false;
        }
        List<MxRecord> exchanges = answer.records().stream().filter(r -> !r.nullMx()).toList();
        return exchanges.isEmpty() || exchanges.stream().anyMatch(r -> DnsNames.same(r.host(), host));
    }
}
