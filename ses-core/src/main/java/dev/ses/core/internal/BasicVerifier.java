package dev.ses.core.internal;

import dev.ses.core.CheckStatus;
import dev.ses.core.DnsRecord;
import dev.ses.core.DomainStatus;
import dev.ses.core.DomainVerification;
import dev.ses.core.RecordCheck;
import dev.ses.core.SenderDomain;
import dev.ses.core.spi.DnsAnswer;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.MxRecord;
import dev.ses.core.spi.TxtRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks that each record a domain was asked to publish is there with its value. SPF and DKIM are required;
 * DMARC and MX give warnings.
 */
public final class BasicVerifier {
    private final DnsResolver dns;

    public BasicVerifier(DnsResolver dns) {
        this.dns = dns;
    }

    /** Checks every record of the domain. */
    public DomainVerification verify(SenderDomain domain, Instant now) {
        List<RecordCheck> checks = new ArrayList<>();
        for (DnsRecord r : domain.records()) {
            checks.add(check(r));
        }
        boolean passed = checks.stream().allMatch(RecordCheck::passes);
        DomainStatus status = passed ? DomainStatus.VERIFIED : domain.status() == DomainStatus.VERIFIED
                ? DomainStatus.FAILED : domain.status();
        return new DomainVerification(domain.name(), status, checks, now);
    }

    private RecordCheck check(DnsRecord r) {
        boolean required = r.purpose() == DnsRecord.Purpose.SPF || r.purpose() == DnsRecord.Purpose.DKIM;
        if (r.type() == dev.ses.core.DnsRecordType.MX) {
            DnsAnswer<MxRecord> answer = dns.mx(r.name());
            String found = String.join(", ", answer.records().stream().map(MxRecord::host).toList());
            boolean ok = answer.records().stream().anyMatch(mx -> mx.host().equalsIgnoreCase(r.value()));
            return result(r, found, answer, ok, required);
        }
        DnsAnswer<TxtRecord> answer = dns.txt(r.name());
        List<String> texts = answer.records().stream().map(TxtRecord::text).toList();
        String prefix = r.value().substring(0, r.value().indexOf(';') > 0 ? r.value().indexOf(';') : 6)
                .toLowerCase(Locale.ROOT);
        List<String> relevant = texts.stream().filter(t -> t.toLowerCase(Locale.ROOT).startsWith(prefix)).toList();
        boolean ok = relevant.stream().anyMatch(t -> normal(t).equals(normal(r.value())));
        return result(r, String.join(" | ", relevant), answer, ok, required);
    }

    private static String normal(String value) {
        return value.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }

    private static RecordCheck result(DnsRecord r, String found, DnsAnswer<?> answer, boolean ok, boolean required) {
        CheckStatus status;
        String advice;
        if (ok) {
            status = CheckStatus.OK;
            advice = "Found as expected.";
        } else if (answer.failed()) {
            status = CheckStatus.ERROR;
            advice = "The lookup failed (" + answer.status() + "); try again later.";
        } else if (found.isEmpty()) {
            status = required ? CheckStatus.MISSING : CheckStatus.WARNING;
            advice = "Publish a " + r.type() + " record at " + r.name() + " with the value shown.";
        } else {
            status = required ? CheckStatus.MISMATCH : CheckStatus.WARNING;
            advice = "The record at " + r.name() + " differs from the value shown; replace it.";
        }
        return new RecordCheck(r.purpose(), r.name(), r.type(), r.value(), found, status, required, advice);
    }
}
