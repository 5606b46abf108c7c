package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.CheckStatus;
import dev.ses.core.DnsRecord;
import dev.ses.core.DnsRecordType;
import dev.ses.core.DomainPolicy;
import dev.ses.core.DomainStatus;
import dev.ses.core.DomainVerification;
import dev.ses.core.RecordCheck;
import dev.ses.core.SenderDomain;
import dev.ses.core.Ses;
import dev.ses.core.VerificationOptions;
import dev.ses.core.internal.dns.DomainVerifier;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.testing.MailboxSimulator;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The verification rules of ses-core, fed by real DNS answers from a server on 127.0.0.1. */
class DomainVerificationOverDnsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void publishedRecordsVerifyTheDomainThroughDnsjava() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        DkimKey key = new DkimKey(1, "s1", DkimKey.RSA_SHA256, pair.getPrivate().getEncoded(),
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()), true, NOW);
        DomainPolicy policy = DomainPolicy.defaults().withSpfMechanism("include:spf.relay.test")
                .withMxHost("mx.relay.test");
        SenderDomain domain = new SenderDomain(1, "acme", "mail.acme.test", DomainStatus.PENDING, "s1", List.of(
                new DnsRecord(DnsRecord.Purpose.DKIM, "s1._domainkey.mail.acme.test", DnsRecordType.TXT,
                        key.recordValue(), 0)), NOW, Optional.empty(), Optional.empty());
        String value = key.recordValue();

        try (TestDnsServer server = TestDnsServer.start()) {
            server.txt("mail.acme.test", 300, "v=spf1 include:spf.relay.test ~all")
                    .txt("spf.relay.test", 300, "v=spf1 ip4:192.0.2.0/24 -all")
                    // The key as DNS hosting panels store it: split into strings of at most 255 characters.
                    .txt("s1._domainkey.mail.acme.test", 300, value.substring(0, 255), value.substring(255))
                    .txt("_dmarc.mail.acme.test", 300, "v=DMARC1; p=quarantine")
                    .mx("mail.acme.test", 300, 10, "MX.RELAY.TEST");
            DnsJavaResolver resolver = DnsJavaResolver.builder().server(server.address()).port(server.port())
                    .timeout(Duration.ofSeconds(2)).build();

            DomainVerification v = new DomainVerifier(resolver)
                    .verify(domain, List.of(key), policy, VerificationOptions.defaults(), NOW);

            assertThat(v.checks()).extracting(RecordCheck::status).containsOnly(CheckStatus.OK);
            assertThat(v.status()).isEqualTo(DomainStatus.VERIFIED);
        }
    }

    private static final DomainPolicy POLICY = DomainPolicy.defaults().withSpfMechanism("include:spf.relay.test")
            .withMxHost("mx.relay.test").withDkimAlgorithm(DkimKey.ED25519_SHA256);

    private static DnsJavaResolver resolver(TestDnsServer server) {
        return DnsJavaResolver.builder().server(server.address()).port(server.port())
                .timeout(Duration.ofSeconds(2)).retries(0).build();
    }

    private static SenderDomain pending(String name) {
        return new SenderDomain(1, "acme", name, DomainStatus.PENDING, "s1", List.of(), NOW, Optional.empty(),
                Optional.empty());
    }

    private static RecordCheck check(DomainVerification v, DnsRecord.Purpose purpose) {
        return v.checks().stream().filter(c -> c.purpose() == purpose).findFirst().orElseThrow();
    }

    @Test
    void aNullMxServedByDnsIsNamedAsADomainThatReceivesNoMail() throws Exception {
        try (TestDnsServer server = TestDnsServer.start()) {
            server.mx("parked.acme.test", 300, 0, ".").txt("parked.acme.test", 300, "v=spf1 -all");

            DomainVerification v = new DomainVerifier(resolver(server))
                    .verify(pending("parked.acme.test"), List.of(), POLICY, VerificationOptions.defaults(), NOW);

            List<RecordCheck> mx = v.checks().stream().filter(c -> c.purpose() == DnsRecord.Purpose.MX).toList();
            assertThat(mx).singleElement().satisfies(c -> {
                assertThat(c.found()).isEqualTo("0 .");
                assertThat(c.advice()).startsWith("parked.acme.test publishes a null MX (0 ., RFC 7505): it declares"
                        + " that it receives no mail").doesNotContain("point at ,").doesNotContain("mail at ,")
                        .doesNotContain("already receives mail");
            });
        }
    }

    @Test
    void aNameThatDoesNotExistInDnsIsSaidSo() throws Exception {
        try (TestDnsServer server = TestDnsServer.start()) {
            server.mx("exists.acme.test", 300, 10, "mx.relay.test");

            DnsJavaResolver dns = resolver(server);
            DomainVerification missing = new DomainVerifier(dns)
                    .verify(pending("typo.acme.test"), List.of(), POLICY, VerificationOptions.defaults(), NOW);
            DomainVerification existing = new DomainVerifier(dns)
                    .verify(pending("exists.acme.test"), List.of(), POLICY, VerificationOptions.defaults(), NOW);

            assertThat(check(missing, DnsRecord.Purpose.SPF).advice())
                    .startsWith("The name typo.acme.test does not exist in DNS (NXDOMAIN)");
            assertThat(check(missing, DnsRecord.Purpose.DMARC).advice())
                    .startsWith("The name _dmarc.typo.acme.test does not exist in DNS (NXDOMAIN)");
            assertThat(check(existing, DnsRecord.Purpose.SPF).advice())
                    .startsWith("exists.acme.test has no SPF record").doesNotContain("NXDOMAIN");
        }
    }

    @Test
    void aServerThatIsDownIsNamedInTheAdvice() throws Exception {
        TestDnsServer server = TestDnsServer.start();
        DnsJavaResolver dns = resolver(server);
        server.close();

        DomainVerification v = new DomainVerifier(dns)
                .verify(pending("mail.acme.test"), List.of(), POLICY, VerificationOptions.defaults(), NOW);

        assertThat(check(v, DnsRecord.Purpose.SPF).advice()).contains("connection refused")
                .doesNotContain("null").contains("will be repeated");
        assertThat(v.status()).isEqualTo(DomainStatus.PENDING);
    }

    @Test
    void aDomainThatReceivesMailElsewhereIsGivenItsSpfExtendedAndNoMxThroughRealLookups() throws Exception {
        try (TestDnsServer server = TestDnsServer.start();
             Ses ses = Ses.builder().transport(MailboxSimulator.create()).dns(resolver(server)).domainPolicy(POLICY)
                     .workers(0).build()) {
            server.txt("corp.test", 300, "v=spf1 include:_spf.mailhost.test -all")
                    .txt("_spf.mailhost.test", 300, "v=spf1 ip4:192.0.2.0/24 -all")
                    .mx("corp.test", 300, 10, "inbound.mailhost.test")
                    .txt("spf.relay.test", 300, "v=spf1 ip4:203.0.113.0/24 -all");

            SenderDomain corp = ses.defaultAccount().domains().create("corp.test");

            assertThat(corp.records()).extracting(DnsRecord::purpose).containsExactly(DnsRecord.Purpose.SPF,
                    DnsRecord.Purpose.DKIM, DnsRecord.Purpose.DMARC);
            assertThat(corp.records().get(0).value())
                    .isEqualTo("v=spf1 include:spf.relay.test include:_spf.mailhost.test -all");
            RecordCheck mx = check(ses.defaultAccount().domains().verify("corp.test"), DnsRecord.Purpose.MX);
            assertThat(mx.advice()).contains("Do not add an MX record for mx.relay.test at corp.test")
                    .contains("mail.corp.test");
        }
    }

    @Test
    void aSesThatChecksDomainsInRealDnsRefusesThePlaceholderPolicy() throws Exception {
        try (TestDnsServer server = TestDnsServer.start();
             SmtpTransport smtp = SmtpTransport.relay("127.0.0.1", 2525).build()) {
            Ses.Builder builder = Ses.builder().transport(smtp).dns(resolver(server)).workers(0);

            assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("domainPolicy: spfMechanism 'include:spf.ses.invalid' and mxHost"
                            + " 'mx.ses.invalid' are placeholders")
                    .hasMessageContaining("DnsJavaResolver[/" + server.address().getHostAddress())
                    .hasMessageContaining("withSpfMechanism(").hasMessageContaining("withMxHost(");
            try (Ses ses = builder.domainPolicy(POLICY).build()) {
                assertThat(ses.defaultAccount().domains().create("mail.acme.test").records())
                        .noneSatisfy(r -> assertThat(r.value()).contains(".invalid"));
            }
        }
    }
}
