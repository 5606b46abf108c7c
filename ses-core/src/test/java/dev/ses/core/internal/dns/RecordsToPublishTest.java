package dev.ses.core.internal.dns;

import static dev.ses.core.internal.dns.DomainFixtures.POLICY;
import static dev.ses.core.internal.dns.DomainFixtures.RELAY_SPF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ses.core.DnsRecord;
import dev.ses.core.DnsRecord.Purpose;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.DnsAnswer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordsToPublishTest {
    private static final String NAME = "corp.example";

    private final DkimKey key = DomainFixtures.ed25519Key("s1");
    private final StaticDnsResolver dns = new StaticDnsResolver().txt("spf.relay.example", RELAY_SPF);

    private List<DnsRecord> records() {
        return RecordsToPublish.forDomain(NAME, key, POLICY, Optional.of(dns));
    }

    private static Optional<DnsRecord> record(List<DnsRecord> records, Purpose purpose) {
        return records.stream().filter(r -> r.purpose() == purpose).findFirst();
    }

    @Test
    void aDomainWithNothingPublishedGetsTheDefaults() {
        List<DnsRecord> records = records();

        assertThat(records).extracting(DnsRecord::purpose, DnsRecord::name, DnsRecord::value).containsExactly(
                tuple(Purpose.SPF, NAME, "v=spf1 include:spf.relay.example ~all"),
                tuple(Purpose.DKIM, "s1._domainkey." + NAME, key.recordValue()),
                tuple(Purpose.DMARC, "_dmarc." + NAME, "v=DMARC1; p=none"),
                tuple(Purpose.MX, NAME, "mx.relay.example"));
        assertThat(RecordsToPublish.forDomain(NAME, key, POLICY, Optional.empty())).isEqualTo(records);
    }

    @Test
    void aDomainThatReceivesMailElsewhereGetsItsSpfExtendedAndNoMx() {
        dns.txt(NAME, "v=spf1 mx include:_spf.google.com ~all").txt("_spf.google.com", "v=spf1 ip4:192.0.2.0/24 ~all")
                .txt(NAME, "google-site-verification=abc")
                .mx(NAME, 1, "aspmx.l.google.com").mx(NAME, 5, "alt1.aspmx.l.google.com");

        List<DnsRecord> records = records();

        assertThat(record(records, Purpose.SPF)).get().extracting(DnsRecord::value)
                .isEqualTo("v=spf1 include:spf.relay.example mx include:_spf.google.com ~all");
        assertThat(record(records, Purpose.MX)).isEmpty();
        assertThat(records).extracting(DnsRecord::purpose).containsExactly(Purpose.SPF, Purpose.DKIM, Purpose.DMARC);
    }

    @Test
    void anSpfRecordThatAuthorisesSesAlreadyIsOfferedAsItIs() {
        dns.txt(NAME, "v=spf1 include:_spf.corp.example -all")
                .txt("_spf.corp.example", "v=spf1 include:spf.relay.example ip4:198.51.100.7 -all");

        assertThat(record(records(), Purpose.SPF)).get().extracting(DnsRecord::value)
                .isEqualTo("v=spf1 include:_spf.corp.example -all");
    }

    @Test
    void anSpfRecordWhereSesIsUnreachedGetsItMovedFirstAndPlusAllBecomesSoftFail() {
        dns.txt(NAME, "v=spf1 a -all include:spf.relay.example");
        assertThat(record(records(), Purpose.SPF)).get().extracting(DnsRecord::value)
                .isEqualTo("v=spf1 include:spf.relay.example a -all");

        dns.remove(NAME).txt(NAME, "v=spf1 ip4:198.51.100.7 +all");
        assertThat(record(records(), Purpose.SPF)).get().extracting(DnsRecord::value)
                .isEqualTo("v=spf1 include:spf.relay.example ip4:198.51.100.7 ~all");

        dns.remove(NAME).txt(NAME, "v=spf1");
        assertThat(record(records(), Purpose.SPF)).get().extracting(DnsRecord::value)
                .isEqualTo("v=spf1 include:spf.relay.example ~all");
    }

    @Test
    void twoSpfRecordsCannotBeExtendedSoTheDefaultIsOffered() {
        dns.txt(NAME, "v=spf1 a -all").txt(NAME, "v=spf1 mx -all");

        assertThat(record(records(), Purpose.SPF)).get().extracting(DnsRecord::value)
                .isEqualTo("v=spf1 include:spf.relay.example ~all");
    }

    @Test
    void aNullMxOrOurOwnMxKeepsTheMxRecord() {
        dns.mx(NAME, 0, ".");
        assertThat(record(records(), Purpose.MX)).get().extracting(DnsRecord::value).isEqualTo("mx.relay.example");

        dns.remove(NAME).mx(NAME, 10, "MX.Relay.Example.").mx(NAME, 20, "backup.corp.example");
        assertThat(record(records(), Purpose.MX)).isPresent();
    }

    @Test
    void anMxLookupThatFailsAsksForNoMx() {
        dns.fail(NAME, DnsAnswer.Status.TIMEOUT);

        List<DnsRecord> records = records();

        assertThat(record(records, Purpose.MX)).isEmpty();
        assertThat(record(records, Purpose.SPF)).get().extracting(DnsRecord::value)
                .isEqualTo("v=spf1 include:spf.relay.example ~all");
    }

    @Test
    void aValidDmarcRecordIsKeptAndAnInheritedPolicyAsksForNone() {
        dns.txt("_dmarc." + NAME, "v=DMARC1; p=reject; rua=mailto:dmarc@corp.example");
        assertThat(record(records(), Purpose.DMARC)).get().extracting(DnsRecord::value)
                .isEqualTo("v=DMARC1; p=reject; rua=mailto:dmarc@corp.example");

        List<DnsRecord> sub = RecordsToPublish.forDomain("mail." + NAME, key, POLICY, Optional.of(dns));
        assertThat(record(sub, Purpose.DMARC)).isEmpty();

        dns.remove("_dmarc." + NAME).txt("_dmarc." + NAME, "p=reject; v=DMARC1");
        assertThat(record(records(), Purpose.DMARC)).get().extracting(DnsRecord::value)
                .isEqualTo("v=DMARC1; p=none");
    }
}
