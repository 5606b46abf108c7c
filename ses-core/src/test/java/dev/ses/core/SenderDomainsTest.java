package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.DnsAnswer;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.MxRecord;
import dev.ses.core.spi.TxtRecord;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.ManualClock;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SenderDomainsTest {
    private final StaticDnsResolver dns = new StaticDnsResolver();
    private final ManualClock clock = ManualClock.at("2026-02-02T10:00:00Z");
    private final Ses ses = Ses.builder().transport(MailboxSimulator.create()).dns(dns).clock(clock).workers(0)
            .domainPolicy(DomainPolicy.defaults().withSpfMechanism("include:spf.relay.test").withMxHost("mx.relay.test"))
            .limits(SesLimits.defaults().withMaxDomainsPerAccount(3)).build();
    private final SenderDomains domains = ses.account("acme").domains();

    @AfterEach
    void close() {
        ses.close();
    }

    private static SesException code(Throwable t) {
        return (SesException) t;
    }

    @Test
    void createReturnsThePendingDomainWithExactRecordsAndAnRsa2048Key() throws Exception {
        SenderDomain d = domains.create("Mail.Acme.TEST");

        assertThat(d.name()).isEqualTo("mail.acme.test");
        assertThat(d.status()).isEqualTo(DomainStatus.PENDING);
        assertThat(d.canSend()).isFalse();
        assertThat(d.createdAt()).isEqualTo(clock.instant());
        String dkimName = d.dkimSelector() + "._domainkey.mail.acme.test";
        assertThat(d.records()).extracting(DnsRecord::purpose, DnsRecord::name, DnsRecord::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(DnsRecord.Purpose.SPF, "mail.acme.test", DnsRecordType.TXT),
                        org.assertj.core.groups.Tuple.tuple(DnsRecord.Purpose.DKIM, dkimName, DnsRecordType.TXT),
                        org.assertj.core.groups.Tuple.tuple(DnsRecord.Purpose.DMARC, "_dmarc.mail.acme.test",
                                DnsRecordType.TXT),
                        org.assertj.core.groups.Tuple.tuple(DnsRecord.Purpose.MX, "mail.acme.test", DnsRecordType.MX));
        assertThat(d.records().get(0).value()).isEqualTo("v=spf1 include:spf.relay.test ~all");
        assertThat(d.records().get(2).value()).isEqualTo("v=DMARC1; p=none");
        assertThat(d.records().get(3).value()).isEqualTo("mx.relay.test");
        assertThat(d.records().get(3).priority()).isEqualTo(10);

        String dkim = d.records().get(1).value();
        assertThat(dkim).startsWith("v=DKIM1; k=rsa; p=");
        byte[] der = Base64.getDecoder().decode(dkim.substring(dkim.indexOf("p=") + 2));
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void ed25519KeysCanBeChosen() {
        try (Ses other = Ses.builder().transport(MailboxSimulator.create()).workers(0)
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256)).build()) {
            SenderDomain d = other.defaultAccount().domains().create("mail.ed.test");
            String dkim = d.records().get(1).value();
            assertThat(dkim).startsWith("v=DKIM1; k=ed25519; p=");
            assertThat(Base64.getDecoder().decode(dkim.substring(dkim.indexOf("p=") + 2))).hasSize(32);
        }
    }

    @Test
    void internationalNamesBecomePunycode() {
        assertThat(domains.create("Mail.Bücher.TEST").name()).isEqualTo("mail.xn--bcher-kva.test");
        assertThat(domains.find("mail.bücher.test")).isPresent();
    }

    @Test
    void invalidNamesAreRefusedWithTheValue() {
        for (String bad : new String[] {"", "localhost", "-bad.test", "bad-.test", "a..b.test", "under_score.test",
                "1.2.3.4", "x".repeat(64) + ".test", "spa ce.test"}) {
            assertThatThrownBy(() -> domains.create(bad)).as(bad).isInstanceOf(SesException.class)
                    .satisfies(e -> assertThat(code(e).code()).isEqualTo(ErrorCode.INVALID_DOMAIN))
                    .hasMessageContaining("domain");
        }
        assertThat(domains.list(PageRequest.first()).total()).isZero();
    }

    @Test
    void duplicatesAndTheLimitAreRefused() {
        domains.create("a.acme.test");
        assertThatThrownBy(() -> domains.create("A.acme.test.")).isInstanceOf(SesException.class)
                .satisfies(e -> assertThat(code(e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                .hasMessageContaining("a.acme.test");
        domains.create("b.acme.test");
        domains.create("c.acme.test");
        assertThatThrownBy(() -> domains.create("d.acme.test")).isInstanceOf(SesException.class)
                .satisfies(e -> assertThat(code(e).code()).isEqualTo(ErrorCode.DOMAIN_LIMIT_REACHED))
                .hasMessageContaining("3");
        assertThat(domains.list(PageRequest.first()).total()).isEqualTo(3);
    }

    @Test
    void theDefaultLimitIsTenPerAccount() {
        try (Ses other = Ses.builder().transport(MailboxSimulator.create()).workers(0)
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256)).build()) {
            SenderDomains ds = other.defaultAccount().domains();
            for (int i = 0; i < 10; i++) {
                ds.create("d" + i + ".acme.test");
            }
            assertThatThrownBy(() -> ds.create("d10.acme.test"))
                    .satisfies(e -> assertThat(code(e).code()).isEqualTo(ErrorCode.DOMAIN_LIMIT_REACHED));
            assertThat(other.account("other").domains().create("d10.acme.test")).isNotNull();
        }
    }

    @Test
    void listIsPaged() {
        domains.create("a.acme.test");
        domains.create("b.acme.test");
        domains.create("c.acme.test");
        Page<SenderDomain> first = domains.list(new PageRequest(0, 2));
        assertThat(first.items()).extracting(SenderDomain::name).containsExactly("a.acme.test", "b.acme.test");
        assertThat(first.hasMore()).isTrue();
        assertThat(domains.list(new PageRequest(2, 2)).items()).extracting(SenderDomain::name)
                .containsExactly("c.acme.test");
    }

    @Test
    void verificationPassesWhenTheRecordsArePublished() {
        SenderDomain d = domains.create("mail.acme.test");
        DomainVerification missing = domains.verify("mail.acme.test");
        assertThat(missing.status()).isEqualTo(DomainStatus.PENDING);
        assertThat(missing.checks()).hasSize(4);
        assertThat(missing.checks()).filteredOn(c -> c.purpose() == DnsRecord.Purpose.DKIM).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(CheckStatus.MISSING));

        dns.publish(d);
        clock.advance(java.time.Duration.ofMinutes(10));
        DomainVerification ok = domains.verify("mail.acme.test");
        assertThat(ok.status()).isEqualTo(DomainStatus.VERIFIED);
        assertThat(ok.checks()).allSatisfy(c -> assertThat(c.status()).isEqualTo(CheckStatus.OK));
        assertThat(domains.get("mail.acme.test").verifiedAt()).contains(clock.instant());
        assertThat(domains.get("mail.acme.test").canSend()).isTrue();
    }

    @Test
    void aVerifiedDomainWhoseDkimDisappearsFails() {
        SenderDomain d = domains.create("mail.acme.test");
        dns.publish(d);
        domains.verify("mail.acme.test");
        dns.remove(d.dkimSelector() + "._domainkey.mail.acme.test");
        DomainVerification result = domains.verify("mail.acme.test");
        assertThat(result.status()).isEqualTo(DomainStatus.FAILED);
        assertThat(domains.get("mail.acme.test").canSend()).isFalse();
    }

    @Test
    void aKeyWhoseSelectorHasCapitalsIsActivatedByItsSelectorInAnyCase() {
        InMemoryStore store = new InMemoryStore();
        StaticDnsResolver records = new StaticDnsResolver();
        try (Ses own = Ses.builder().store(store).transport(MailboxSimulator.create()).dns(records).clock(clock)
                .workers(0).domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256)).build()) {
            SenderDomains ds = own.account("acme").domains();
            SenderDomain d = ds.create("mail.acme.test");
            records.publish(d);
            ds.verify("mail.acme.test");
            // A key as a store filled by other means may hold it: its selector written with capitals.
            DkimKey mixed = dev.ses.core.internal.DkimKeys.generate(d.id(), "Rotated2026", DkimKey.ED25519_SHA256,
                    2048, clock.instant()).withActive(false);
            store.domains().saveKey(mixed);
            records.txt("rotated2026._domainkey.mail.acme.test", mixed.recordValue());

            for (String spelling : new String[] {"Rotated2026", "ROTATED2026", "rotated2026"}) {
                SenderDomain rotated = ds.activateKey("mail.acme.test", spelling);

                assertThat(rotated.dkimSelector()).as(spelling).isEqualTo("Rotated2026");
                assertThat(ds.keys("mail.acme.test")).filteredOn(DkimKeyInfo::active)
                        .extracting(DkimKeyInfo::selector).containsExactly("Rotated2026");
            }
            assertThatThrownBy(() -> ds.activateKey("mail.acme.test", "nosuchkey"))
                    .isInstanceOf(SesException.class)
                    .satisfies(e -> assertThat(code(e).code()).isEqualTo(ErrorCode.NOT_FOUND))
                    .hasMessageContaining("nosuchkey");
            assertThatThrownBy(() -> ds.activateKey("mail.acme.test", " "))
                    .isInstanceOf(SesException.class)
                    .satisfies(e -> assertThat(code(e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageStartingWith("selector");
        }
    }

    @Test
    void aDomainThatReceivesMailElsewhereIsGivenItsSpfExtendedAndNoMx() {
        dns.txt("corp.test", "v=spf1 include:_spf.mailhost.test ~all")
                .txt("_spf.mailhost.test", "v=spf1 ip4:192.0.2.0/24 ~all")
                .mx("corp.test", 10, "inbound.mailhost.test");

        SenderDomain d = domains.create("corp.test");

        assertThat(d.records()).extracting(DnsRecord::purpose)
                .containsExactly(DnsRecord.Purpose.SPF, DnsRecord.Purpose.DKIM, DnsRecord.Purpose.DMARC);
        assertThat(d.records().get(0).value())
                .isEqualTo("v=spf1 include:spf.relay.test include:_spf.mailhost.test ~all");
        assertThat(domains.get("corp.test").records()).isEqualTo(d.records());
        RecordCheck spf = domains.verify("corp.test").checks().get(0);
        assertThat(spf.expected()).isEqualTo(d.records().get(0).value());
    }

    @Test
    void theDefaultPlaceholdersAreNeverHandedOutForRealMailWithoutAResolver() {
        MailTransport outbound = mail -> List.of();
        try (Ses real = Ses.builder().transport(outbound).workers(0).build()) {
            assertThatThrownBy(() -> real.defaultAccount().domains().create("mail.acme.test"))
                    .isInstanceOf(SesException.class)
                    .satisfies(e -> assertThat(code(e).code()).isEqualTo(ErrorCode.INVALID_STATE))
                    .hasMessageStartingWith("domainPolicy: spfMechanism 'include:spf.ses.invalid' and mxHost"
                            + " 'mx.ses.invalid' are placeholders")
                    .hasMessageContaining(".withSpfMechanism(").hasMessageContaining(".withMxHost(");
            assertThat(real.defaultAccount().domains().list(PageRequest.first()).total()).isZero();
        }
        try (Ses real = Ses.builder().transport(outbound).workers(0)
                .domainPolicy(DomainPolicy.defaults().withSpfMechanism("include:spf.relay.test")
                        .withMxHost("mx.relay.test").withDkimAlgorithm(DkimKey.ED25519_SHA256)).build()) {
            assertThat(real.defaultAccount().domains().create("mail.acme.test").records())
                    .noneSatisfy(r -> assertThat(r.value()).contains(".invalid"));
        }
    }

    @Test
    void aRealResolverWithThePlaceholdersRefusesToBuildNamingWhatToSet() {
        DnsResolver real = new DnsResolver() {
            @Override
            public DnsAnswer<TxtRecord> txt(String name) {
                return DnsAnswer.none(DnsAnswer.Status.NXDOMAIN);
            }

            @Override
            public DnsAnswer<MxRecord> mx(String name) {
                return DnsAnswer.none(DnsAnswer.Status.NXDOMAIN);
            }

            @Override
            public DnsAnswer<String> cname(String name) {
                return DnsAnswer.none(DnsAnswer.Status.NXDOMAIN);
            }

            @Override
            public DnsAnswer<java.net.InetAddress> addresses(String name) {
                return DnsAnswer.none(DnsAnswer.Status.NXDOMAIN);
            }

            @Override
            public String toString() {
                return "CompanyResolver";
            }
        };
        Ses.Builder builder = Ses.builder().transport(MailboxSimulator.create()).dns(real).workers(0);

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("domainPolicy: spfMechanism 'include:spf.ses.invalid' and mxHost"
                        + " 'mx.ses.invalid' are placeholders")
                .hasMessageContaining("real DNS (CompanyResolver)")
                .hasMessageContaining("Ses.builder().domainPolicy(DomainPolicy.defaults().withSpfMechanism(");
        assertThatThrownBy(() -> builder.domainPolicy(DomainPolicy.defaults().withMxHost("mx.relay.test")).build())
                .hasMessageStartingWith("domainPolicy: spfMechanism 'include:spf.ses.invalid' is a placeholder");
        builder.domainPolicy(DomainPolicy.defaults().withMxHost("mx.relay.test")
                .withSpfMechanism("include:spf.relay.test")).build().close();
        assertThat(DomainPolicy.defaults().usesPlaceholders()).isTrue();
        assertThat(DomainPolicy.defaults().withSpfMechanism("ip4:192.0.2.1").withMxHost("mx.relay.test")
                .usesPlaceholders()).isFalse();
    }

    @Test
    void deleteIsRefusedWhileAddressesUseTheDomain() {
        domains.create("mail.acme.test");
        ses.account("acme").addresses().create("mail.acme.test", "noreply", "Acme");
        assertThatThrownBy(() -> domains.delete("mail.acme.test"))
                .satisfies(e -> assertThat(code(e).code()).isEqualTo(ErrorCode.IN_USE))
                .hasMessageContaining("mail.acme.test");
        ses.account("acme").addresses().delete("noreply@mail.acme.test");
        domains.delete("mail.acme.test");
        assertThat(domains.find("mail.acme.test")).isEmpty();
        assertThatThrownBy(() -> domains.get("mail.acme.test"))
                .satisfies(e -> assertThat(code(e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void anotherAccountCannotSeeUseOrDeleteTheDomain() {
        domains.create("mail.acme.test");
        SenderDomains other = ses.account("other").domains();
        assertThat(other.find("mail.acme.test")).isEmpty();
        assertThat(other.list(PageRequest.first()).items()).isEmpty();
        assertThatThrownBy(() -> other.verify("mail.acme.test"))
                .satisfies(e -> assertThat(code(e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> other.delete("mail.acme.test"))
                .satisfies(e -> assertThat(code(e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> ses.account("other").addresses().create("mail.acme.test", "x", ""))
                .satisfies(e -> assertThat(code(e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(domains.find("mail.acme.test")).isPresent();
    }
}
