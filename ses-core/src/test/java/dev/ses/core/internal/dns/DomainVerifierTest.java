package dev.ses.core.internal.dns;

import static dev.ses.core.internal.dns.DomainFixtures.POLICY;
import static dev.ses.core.internal.dns.DomainFixtures.RELAY_SPF;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.CheckStatus;
import dev.ses.core.DnsRecord.Purpose;
import dev.ses.core.DnsRecordType;
import dev.ses.core.DomainPolicy;
import dev.ses.core.DomainStatus;
import dev.ses.core.DomainVerification;
import dev.ses.core.RecordCheck;
import dev.ses.core.SenderDomain;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.VerificationOptions;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.DnsAnswer;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.MxRecord;
import dev.ses.core.spi.TxtRecord;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DomainVerifierTest {
    private static final String NAME = "mail.acme.com";
    private static final Instant NOW = Instant.parse("2026-03-01T10:30:00Z");

    private final DkimKey key = DomainFixtures.rsaKey("s1", DomainFixtures.rsa(), true);
    private final SenderDomain domain = DomainFixtures.domain(NAME, key);
    private final StaticDnsResolver dns = new StaticDnsResolver().txt("spf.relay.example", RELAY_SPF);

    private DomainVerification verify() {
        return verify(domain, VerificationOptions.defaults());
    }

    private DomainVerification verify(SenderDomain d, VerificationOptions options) {
        return new DomainVerifier(dns).verify(d, List.of(key), POLICY, options, NOW);
    }

    private static RecordCheck check(DomainVerification v, Purpose purpose) {
        return v.checks().stream().filter(c -> c.purpose() == purpose).findFirst().orElseThrow();
    }

    @Test
    void goodRecordsVerifyTheDomain() {
        dns.publish(domain);

        DomainVerification v = verify();

        assertThat(v.status()).isEqualTo(DomainStatus.VERIFIED);
        assertThat(v.passed()).isTrue();
        assertThat(v.checkedAt()).isEqualTo(NOW);
        assertThat(v.checks()).extracting(RecordCheck::purpose)
                .containsExactly(Purpose.SPF, Purpose.DKIM, Purpose.DMARC, Purpose.MX);
        assertThat(v.checks()).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(CheckStatus.OK);
            assertThat(c.advice()).isNotBlank();
        });
        assertThat(check(v, Purpose.SPF).required()).isTrue();
        assertThat(check(v, Purpose.DKIM).required()).isTrue();
        assertThat(check(v, Purpose.DMARC).required()).isFalse();
        assertThat(check(v, Purpose.MX).required()).isFalse();
        assertThat(check(v, Purpose.DKIM).name()).isEqualTo("s1._domainkey." + NAME);
        assertThat(check(v, Purpose.DKIM).found()).isEqualTo(key.recordValue());
        assertThat(check(v, Purpose.DMARC).advice()).contains("aligns through both DKIM and SPF");
    }

    @Test
    void nothingPublishedLeavesThePendingDomainPendingWithEveryRecordListed() {
        DomainVerification v = verify();

        assertThat(v.status()).isEqualTo(DomainStatus.PENDING);
        assertThat(check(v, Purpose.SPF).status()).isEqualTo(CheckStatus.MISSING);
        assertThat(check(v, Purpose.SPF).advice()).contains("v=spf1 include:spf.relay.example ~all");
        assertThat(check(v, Purpose.DKIM).status()).isEqualTo(CheckStatus.MISSING);
        assertThat(check(v, Purpose.DKIM).advice()).contains(key.recordValue());
        assertThat(check(v, Purpose.DMARC).status()).isEqualTo(CheckStatus.WARNING);
        assertThat(check(v, Purpose.MX).status()).isEqualTo(CheckStatus.WARNING);
    }

    @Nested
    class Spf {
        @Test
        void twoSpfRecordsAreAnErrorNamedAsSuch() {
            dns.publish(domain).txt(NAME, "v=spf1 include:_spf.other.example ~all");

            DomainVerification v = verify();

            RecordCheck spf = check(v, Purpose.SPF);
            assertThat(spf.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(spf.advice()).contains("2 SPF records").contains("merge them into one");
            assertThat(spf.found()).contains("include:spf.relay.example").contains("include:_spf.other.example");
            assertThat(v.status()).isEqualTo(DomainStatus.PENDING);
        }

        @Test
        void otherTxtRecordsAtTheDomainAreNotSpf() {
            dns.publish(domain).txt(NAME, "google-site-verification=abc").txt(NAME, "v=spf10 nonsense");

            assertThat(check(verify(), Purpose.SPF).status()).isEqualTo(CheckStatus.OK);
        }

        @Test
        void includeChainIsFollowed() {
            dns.publish(domain).remove(NAME, DnsRecordType.TXT)
                    .txt(NAME, "v=spf1 mx include:_spf.acme.com -all")
                    .txt("_spf.acme.com", "v=spf1 ip4:198.51.100.0/24 include:_relays.acme.com ~all")
                    .txt("_relays.acme.com", "v=spf1 include:spf.relay.example -all");

            RecordCheck spf = check(verify(), Purpose.SPF);

            assertThat(spf.status()).isEqualTo(CheckStatus.OK);
            assertThat(spf.advice()).contains("include:_spf.acme.com -> include:_relays.acme.com -> "
                    + "include:spf.relay.example").contains("4 of 10 lookups");
        }

        @Test
        void redirectIsFollowed() {
            dns.publish(domain).remove(NAME, DnsRecordType.TXT)
                    .txt(NAME, "v=spf1 redirect=_spf.acme.com")
                    .txt("_spf.acme.com", "v=spf1 include:spf.relay.example -all");

            assertThat(check(verify(), Purpose.SPF).status()).isEqualTo(CheckStatus.OK);
        }

        @Test
        void redirectIsIgnoredWhenTheRecordHasAnAllMechanism() {
            dns.publish(domain).remove(NAME, DnsRecordType.TXT)
                    .txt(NAME, "v=spf1 -all redirect=_spf.acme.com")
                    .txt("_spf.acme.com", "v=spf1 include:spf.relay.example -all");

            assertThat(check(verify(), Purpose.SPF).status()).isEqualTo(CheckStatus.MISMATCH);
        }

        @Test
        void moreThanTenLookupsIsAnError() {
            chainOfIncludes(11);

            DomainVerification v = verify();

            RecordCheck spf = check(v, Purpose.SPF);
            assertThat(spf.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(spf.advice()).contains("more than 10 DNS lookups");
            assertThat(v.status()).isEqualTo(DomainStatus.PENDING);
        }

        @Test
        void exactlyTenLookupsIsAllowed() {
            chainOfIncludes(10);

            assertThat(check(verify(), Purpose.SPF).status()).isEqualTo(CheckStatus.OK);
        }

        /** The domain's record includes l1, which includes l2, ..., the last of which includes the relay. */
        private void chainOfIncludes(int lookups) {
            dns.publish(domain).remove(NAME, DnsRecordType.TXT).txt(NAME, "v=spf1 include:l1.acme.com -all");
            for (int i = 1; i < lookups - 1; i++) {
                dns.txt("l" + i + ".acme.com", "v=spf1 include:l" + (i + 1) + ".acme.com ~all");
            }
            dns.txt("l" + (lookups - 1) + ".acme.com", "v=spf1 include:spf.relay.example ~all");
        }

        @Test
        void plusAllIsAnUnsafeError() {
            dns.publish(domain).remove(NAME, DnsRecordType.TXT).txt(NAME, "v=spf1 +all");

            DomainVerification v = verify();

            RecordCheck spf = check(v, Purpose.SPF);
            assertThat(spf.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(spf.advice()).contains("+all").contains("any host on the internet").contains("~all or -all");
            assertThat(v.status()).isEqualTo(DomainStatus.PENDING);
        }

        @Test
        void plusAllAfterOurMechanismIsStillUnsafe() {
            dns.publish(domain).remove(NAME, DnsRecordType.TXT).txt(NAME, "v=spf1 include:spf.relay.example +all");

            assertThat(check(verify(), Purpose.SPF).status()).isEqualTo(CheckStatus.ERROR);
        }

        @Test
        void bareAllCountsAsPlusAll() {
            dns.publish(domain).remove(NAME, DnsRecordType.TXT).txt(NAME, "v=spf1 mx all");

            assertThat(check(verify(), Purpose.SPF).status()).isEqualTo(CheckStatus.ERROR);
        }

        @Test
        void anIncludeThatEndsWithPlusAllIsAlsoUnsafe() {
            dns.publish(domain).remove(NAME, DnsRecordType.TXT).txt(NAME, "v=spf1 include:lax.example -all")
                    .txt("lax.example", "v=spf1 +all");

            assertThat(check(verify(), Purpose.SPF).status()).isEqualTo(CheckStatus.ERROR);
        }

        @Test
        void recordWithoutOurMechanismIsAMismatchWithTheRecordToPublish() {
            dns.publish(domain).remove(NAME, DnsRecordType.TXT).txt(NAME, "v=spf1 include:_spf.google.com ~all")
                    .txt("_spf.google.com", "v=spf1 ip4:192.0.2.0/24 ~all");

            RecordCheck spf = check(verify(), Purpose.SPF);

            assertThat(spf.status()).isEqualTo(CheckStatus.MISMATCH);
            assertThat(spf.advice())
                    .contains("\"v=spf1 include:spf.relay.example include:_spf.google.com ~all\"");
        }

        @Test
        void ourMechanismAfterAllIsNeverReached() {
            dns.publish(domain).remove(NAME, DnsRecordType.TXT).txt(NAME, "v=spf1 -all include:spf.relay.example");

            assertThat(check(verify(), Purpose.SPF).status()).isEqualTo(CheckStatus.MISMATCH);
        }

        @Test
        void ourMechanismWithAFailQualifierDoesNotAuthorise() {
            dns.publish(domain).remove(NAME, DnsRecordType.TXT).txt(NAME, "v=spf1 -include:spf.relay.example ~all");

            RecordCheck spf = check(verify(), Purpose.SPF);
            assertThat(spf.status()).isEqualTo(CheckStatus.MISMATCH);
            assertThat(spf.advice()).contains("qualifier -");
        }

        @Test
        void includeOfADomainWithoutSpfIsAPermanentError() {
            dns.publish(domain).remove(NAME, DnsRecordType.TXT)
                    .txt(NAME, "v=spf1 include:gone.example include:spf.relay.example ~all");

            RecordCheck spf = check(verify(), Purpose.SPF);
            assertThat(spf.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(spf.advice()).contains("gone.example").contains("without SPF record");
        }

        @Test
        void ip4PathIsAuthorisedByACoveringNetwork() {
            DomainPolicy ipPolicy = POLICY.withSpfMechanism("ip4:203.0.113.7");
            dns.publish(domain).remove(NAME, DnsRecordType.TXT).txt(NAME, "v=spf1 ip4:203.0.113.0/24 -all");
            DomainVerifier verifier = new DomainVerifier(dns);

            assertThat(check(verifier.verify(domain, List.of(key), ipPolicy, VerificationOptions.defaults(), NOW),
                    Purpose.SPF).status()).isEqualTo(CheckStatus.OK);

            dns.remove(NAME, DnsRecordType.TXT).txt(NAME, "v=spf1 ip4:203.0.114.0/24 -all");
            assertThat(check(verifier.verify(domain, List.of(key), ipPolicy, VerificationOptions.defaults(), NOW),
                    Purpose.SPF).status()).isEqualTo(CheckStatus.MISMATCH);
        }

        @Test
        void ip6PathIsAuthorisedByACoveringNetwork() {
            DomainPolicy ipPolicy = POLICY.withSpfMechanism("ip6:2001:db8:5::25");
            dns.publish(domain).remove(NAME, DnsRecordType.TXT).txt(NAME, "v=spf1 ip6:2001:db8::/32 -all");

            DomainVerification v = new DomainVerifier(dns)
                    .verify(domain, List.of(key), ipPolicy, VerificationOptions.defaults(), NOW);

            assertThat(check(v, Purpose.SPF).status()).isEqualTo(CheckStatus.OK);
        }

        @Test
        void unknownMechanismIsAnError() {
            dns.publish(domain).remove(NAME, DnsRecordType.TXT).txt(NAME, "v=spf1 inclde:spf.relay.example ~all");

            RecordCheck spf = check(verify(), Purpose.SPF);
            assertThat(spf.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(spf.advice()).contains("inclde:spf.relay.example");
        }
    }

    @Nested
    class Dkim {
        @Test
        void recordSplitInto255ByteStringsIsJoinedBeforeItIsRead() {
            dns.publish(domain).remove("s1._domainkey." + NAME);
            String value = key.recordValue();
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < value.length(); i += 255) {
                parts.add(value.substring(i, Math.min(value.length(), i + 255)));
            }
            assertThat(parts).hasSizeGreaterThan(1);
            dns.txt("s1._domainkey." + NAME, parts.toArray(String[]::new));

            RecordCheck dkim = check(verify(), Purpose.DKIM);

            assertThat(dkim.status()).isEqualTo(CheckStatus.OK);
            assertThat(dkim.found()).isEqualTo(value);
        }

        @Test
        void whitespaceInsideTheKeyAndAroundTagsIsIgnored() {
            dns.publish(domain).remove("s1._domainkey." + NAME);
            String p = key.publicKey();
            dns.txt("s1._domainkey." + NAME, "v=DKIM1 ;  k=rsa ; p=" + p.substring(0, 100) + " "
                    + p.substring(100) + " ;");

            assertThat(check(verify(), Purpose.DKIM).status()).isEqualTo(CheckStatus.OK);
        }

        @Test
        void recordReachedThroughACnameIsAccepted() {
            dns.publish(domain).remove("s1._domainkey." + NAME)
                    .cname("s1._domainkey." + NAME, "s1.acme.dkim.provider.example")
                    .txt("s1.acme.dkim.provider.example", key.recordValue());

            RecordCheck dkim = check(verify(), Purpose.DKIM);

            assertThat(dkim.status()).isEqualTo(CheckStatus.OK);
            assertThat(dkim.advice()).contains("through the CNAME to s1.acme.dkim.provider.example");
        }

        @Test
        void cnameToNothingIsMissingAndSaysWhereToPublish() {
            dns.publish(domain).remove("s1._domainkey." + NAME)
                    .cname("s1._domainkey." + NAME, "s1.acme.dkim.provider.example");

            RecordCheck dkim = check(verify(), Purpose.DKIM);

            assertThat(dkim.status()).isEqualTo(CheckStatus.MISSING);
            assertThat(dkim.advice()).contains("s1.acme.dkim.provider.example");
        }

        @Test
        void anotherKeyIsAMismatchNotAnInvalidRecord() {
            DkimKey other = DomainFixtures.rsaKey("s1", DomainFixtures.generate("RSA", 2048), true);
            dns.publish(domain).remove("s1._domainkey." + NAME).txt("s1._domainkey." + NAME, other.recordValue());

            DomainVerification v = verify();

            RecordCheck dkim = check(v, Purpose.DKIM);
            assertThat(dkim.status()).isEqualTo(CheckStatus.MISMATCH);
            assertThat(dkim.advice()).contains("holds a valid rsa key, but not the key ses signs with")
                    .contains(key.recordValue()).doesNotContain("invalid").doesNotContain("cut");
            assertThat(v.status()).isEqualTo(DomainStatus.PENDING);
        }

        @Test
        void truncatedKeyIsInvalidAndSaysItMayBeCut() {
            dns.publish(domain).remove("s1._domainkey." + NAME)
                    .txt("s1._domainkey." + NAME, key.recordValue().substring(0, 255));

            RecordCheck dkim = check(verify(), Purpose.DKIM);
            assertThat(dkim.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(dkim.advice()).contains("invalid").contains("cut");
        }

        @Test
        void keyThatIsNotBase64IsInvalidNotAnotherKey() {
            dns.publish(domain).remove("s1._domainkey." + NAME)
                    .txt("s1._domainkey." + NAME, "v=DKIM1; k=rsa; p=MIIB!not*base64");

            DomainVerification v = verify();

            RecordCheck dkim = check(v, Purpose.DKIM);
            assertThat(dkim.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(dkim.found()).isEqualTo("v=DKIM1; k=rsa; p=MIIB!not*base64");
            assertThat(dkim.advice()).contains("is invalid").contains("p= is not valid base64")
                    .doesNotContain("not the key ses signs with").contains(key.recordValue());
            assertThat(v.status()).isEqualTo(DomainStatus.PENDING);
        }

        @Test
        void base64ThatIsNotAKeyIsInvalidNotAnotherKey() {
            String notAKey = java.util.Base64.getEncoder().encodeToString(
                    "this is text, not a public key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            dns.publish(domain).remove("s1._domainkey." + NAME)
                    .txt("s1._domainkey." + NAME, "v=DKIM1; k=rsa; p=" + notAKey);

            RecordCheck dkim = check(verify(), Purpose.DKIM);

            assertThat(dkim.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(dkim.advice()).contains("is invalid").contains("not of an RSA public key")
                    .doesNotContain("not the key ses signs with");
        }

        @Test
        void ed25519ValueOfTheWrongLengthIsInvalid() {
            DkimKey ed = DomainFixtures.ed25519Key("e1");
            SenderDomain edDomain = DomainFixtures.domain(NAME, ed);
            dns.publish(edDomain).remove("e1._domainkey." + NAME).txt("e1._domainkey." + NAME,
                    "v=DKIM1; k=ed25519; p=" + java.util.Base64.getEncoder().encodeToString(new byte[31]));

            RecordCheck dkim = check(new DomainVerifier(dns)
                    .verify(edDomain, List.of(ed), POLICY, VerificationOptions.defaults(), NOW), Purpose.DKIM);

            assertThat(dkim.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(dkim.advice()).contains("31 bytes").contains("32");
        }

        @Test
        void anotherValidKeyIsAMismatchAlsoInPkcs1Form() throws Exception {
            java.security.interfaces.RSAPublicKey other = (java.security.interfaces.RSAPublicKey)
                    DomainFixtures.generate("RSA", 1024).getPublic();
            // The bare RSAPublicKey of PKCS#1 (SEQUENCE of modulus and exponent), which RFC 6376 also allows.
            byte[] modulus = other.getModulus().toByteArray();
            byte[] exponent = other.getPublicExponent().toByteArray();
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.write(0x02);
            body.write(0x81);
            body.write(modulus.length);
            body.write(modulus);
            body.write(0x02);
            body.write(exponent.length);
            body.write(exponent);
            java.io.ByteArrayOutputStream pkcs1 = new java.io.ByteArrayOutputStream();
            pkcs1.write(0x30);
            pkcs1.write(0x81);
            pkcs1.write(body.size());
            pkcs1.write(body.toByteArray());
            dns.publish(domain).remove("s1._domainkey." + NAME).txt("s1._domainkey." + NAME,
                    "v=DKIM1; k=rsa; p=" + java.util.Base64.getEncoder().encodeToString(pkcs1.toByteArray()));

            RecordCheck dkim = check(verify(), Purpose.DKIM);

            assertThat(dkim.status()).isEqualTo(CheckStatus.MISMATCH);
            assertThat(dkim.advice()).contains("holds a valid rsa key, but not the key ses signs with");
        }

        @Test
        void revokedKeyFails() {
            dns.publish(domain).remove("s1._domainkey." + NAME).txt("s1._domainkey." + NAME, "v=DKIM1; k=rsa; p=");

            DomainVerification v = verify();

            RecordCheck dkim = check(v, Purpose.DKIM);
            assertThat(dkim.status()).isEqualTo(CheckStatus.MISMATCH);
            assertThat(dkim.advice()).contains("revoked");
            assertThat(v.status()).isEqualTo(DomainStatus.PENDING);
        }

        @Test
        void wrongKeyTypeIsAMismatch() {
            dns.publish(domain).remove("s1._domainkey." + NAME)
                    .txt("s1._domainkey." + NAME, "v=DKIM1; k=ed25519; p=" + key.publicKey());

            RecordCheck dkim = check(verify(), Purpose.DKIM);
            assertThat(dkim.status()).isEqualTo(CheckStatus.MISMATCH);
            assertThat(dkim.advice()).contains("k=ed25519").contains("k=rsa");
        }

        @Test
        void versionMustComeFirstAndBeDkim1() {
            dns.publish(domain).remove("s1._domainkey." + NAME)
                    .txt("s1._domainkey." + NAME, "k=rsa; v=DKIM1; p=" + key.publicKey());
            assertThat(check(verify(), Purpose.DKIM).status()).isEqualTo(CheckStatus.MISMATCH);

            dns.remove("s1._domainkey." + NAME).txt("s1._domainkey." + NAME, "v=DKIM2; p=" + key.publicKey());
            assertThat(check(verify(), Purpose.DKIM).status()).isEqualTo(CheckStatus.MISMATCH);
        }

        @Test
        void missingVersionIsOnlyAWarning() {
            dns.publish(domain).remove("s1._domainkey." + NAME)
                    .txt("s1._domainkey." + NAME, "k=rsa; p=" + key.publicKey());

            DomainVerification v = verify();
            assertThat(check(v, Purpose.DKIM).status()).isEqualTo(CheckStatus.WARNING);
            assertThat(v.status()).isEqualTo(DomainStatus.VERIFIED);
        }

        @Test
        void duplicateTagMakesTheRecordInvalid() {
            dns.publish(domain).remove("s1._domainkey." + NAME)
                    .txt("s1._domainkey." + NAME, key.recordValue() + "; p=" + key.publicKey());

            RecordCheck dkim = check(verify(), Purpose.DKIM);
            assertThat(dkim.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(dkim.advice()).contains("p= appears twice");
        }

        @Test
        void ed25519KeyIsCheckedWithItsKeyType() {
            DkimKey ed = DomainFixtures.ed25519Key("e1");
            SenderDomain edDomain = DomainFixtures.domain(NAME, ed);
            dns.publish(edDomain);

            DomainVerification v = new DomainVerifier(dns)
                    .verify(edDomain, List.of(ed), POLICY, VerificationOptions.defaults(), NOW);

            assertThat(check(v, Purpose.DKIM).status()).isEqualTo(CheckStatus.OK);
            assertThat(check(v, Purpose.DKIM).found()).startsWith("v=DKIM1; k=ed25519; p=");
        }

        @Test
        void aRotatedInKeyIsReportedButNotRequiredUntilItIsActive() {
            DkimKey next = DomainFixtures.rsaKey("s2", DomainFixtures.generate("RSA", 2048), false);
            dns.publish(domain);
            DomainVerifier verifier = new DomainVerifier(dns);

            DomainVerification before = verifier.verify(domain, List.of(key, next), POLICY,
                    VerificationOptions.defaults(), NOW);

            assertThat(before.status()).isEqualTo(DomainStatus.VERIFIED);
            RecordCheck nextCheck = before.checks().stream()
                    .filter(c -> c.name().equals("s2._domainkey." + NAME)).findFirst().orElseThrow();
            assertThat(nextCheck.status()).isEqualTo(CheckStatus.MISSING);
            assertThat(nextCheck.required()).isFalse();

            dns.txt("s2._domainkey." + NAME, next.recordValue());
            DomainVerification after = verifier.verify(domain, List.of(key, next), POLICY,
                    VerificationOptions.defaults(), NOW);
            assertThat(after.checks()).filteredOn(c -> c.purpose() == Purpose.DKIM)
                    .extracting(RecordCheck::status).containsExactly(CheckStatus.OK, CheckStatus.OK);

            // Activating s2 makes its record the required one; the old key's record may then go.
            SenderDomain rotated = domain.withDkim("s2", domain.records());
            dns.remove("s1._domainkey." + NAME);
            DomainVerification activated = verifier.verify(rotated, List.of(key.withActive(false),
                    next.withActive(true)), POLICY, VerificationOptions.defaults(), NOW);
            assertThat(activated.status()).isEqualTo(DomainStatus.VERIFIED);
            assertThat(activated.checks()).filteredOn(c -> c.purpose() == Purpose.DKIM)
                    .extracting(RecordCheck::name, RecordCheck::required)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("s2._domainkey." + NAME, true),
                            org.assertj.core.groups.Tuple.tuple("s1._domainkey." + NAME, false));
        }

        @Test
        void selectorsMatchInAnyCase() {
            SenderDomain shouting = domain.withDkim("S1", domain.records());
            dns.publish(domain);

            DomainVerification v = new DomainVerifier(dns)
                    .verify(shouting, List.of(key), POLICY, VerificationOptions.defaults(), NOW);

            assertThat(v.checks()).filteredOn(c -> c.purpose() == Purpose.DKIM).singleElement().satisfies(c -> {
                assertThat(c.status()).isEqualTo(CheckStatus.OK);
                assertThat(c.name()).isEqualTo("s1._domainkey." + NAME);
                assertThat(c.required()).isTrue();
            });
        }

        @Test
        void noKeyForTheActiveSelectorIsAnError() {
            dns.publish(domain);

            DomainVerification v = new DomainVerifier(dns)
                    .verify(domain, List.of(), POLICY, VerificationOptions.defaults(), NOW);

            assertThat(check(v, Purpose.DKIM).status()).isEqualTo(CheckStatus.ERROR);
            assertThat(v.status()).isEqualTo(DomainStatus.PENDING);
        }
    }

    @Nested
    class Dmarc {
        @Test
        void missingDmarcIsAWarningByDefault() {
            dns.publish(domain).remove("_dmarc." + NAME);

            DomainVerification v = verify();

            RecordCheck dmarc = check(v, Purpose.DMARC);
            assertThat(dmarc.status()).isEqualTo(CheckStatus.WARNING);
            assertThat(dmarc.advice()).contains("_dmarc." + NAME).contains("v=DMARC1; p=none");
            assertThat(v.status()).isEqualTo(DomainStatus.VERIFIED);
        }

        @Test
        void missingDmarcFailsWhenRequired() {
            dns.publish(domain).remove("_dmarc." + NAME);

            DomainVerification v = verify(domain, VerificationOptions.defaults().withDmarcRequired(true));

            assertThat(check(v, Purpose.DMARC).status()).isEqualTo(CheckStatus.MISSING);
            assertThat(v.status()).isEqualTo(DomainStatus.PENDING);
        }

        @Test
        void invalidPolicyIsAnError() {
            dns.publish(domain).remove("_dmarc." + NAME).txt("_dmarc." + NAME, "v=DMARC1; p=maybe");

            DomainVerification v = verify();

            RecordCheck dmarc = check(v, Purpose.DMARC);
            assertThat(dmarc.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(dmarc.advice()).contains("p=maybe is not none, quarantine or reject");
            assertThat(v.status()).as("DMARC is not required by default").isEqualTo(DomainStatus.VERIFIED);
            assertThat(verify(domain, VerificationOptions.defaults().withDmarcRequired(true)).status())
                    .isEqualTo(DomainStatus.PENDING);
        }

        @Test
        void recordWithoutPolicyOrWithAnotherVersionIsInvalid() {
            dns.publish(domain).remove("_dmarc." + NAME).txt("_dmarc." + NAME, "v=DMARC1; rua=mailto:d@acme.com");
            assertThat(check(verify(), Purpose.DMARC).advice()).contains("p= is missing");

            dns.remove("_dmarc." + NAME).txt("_dmarc." + NAME, "v=DMARC2; p=none");
            assertThat(check(verify(), Purpose.DMARC).status()).isEqualTo(CheckStatus.ERROR);
        }

        @Test
        void dmarcWithTheVersionNotFirstIsFoundAndInvalidNotMissing() {
            dns.publish(domain).remove("_dmarc." + NAME).txt("_dmarc." + NAME, "p=reject; v=DMARC1");

            RecordCheck dmarc = check(verify(), Purpose.DMARC);

            assertThat(dmarc.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(dmarc.found()).isEqualTo("p=reject; v=DMARC1");
            assertThat(dmarc.advice()).contains("is invalid").contains("its first tag is p=")
                    .contains("v=DMARC1 must come first").doesNotContain("Publish").doesNotContain("NXDOMAIN");
        }

        @Test
        void dmarcWithoutTheSeparatorAfterTheVersionIsFoundAndInvalid() {
            dns.publish(domain).remove("_dmarc." + NAME).txt("_dmarc." + NAME, "v=DMARC1 p=quarantine");

            RecordCheck dmarc = check(verify(), Purpose.DMARC);

            assertThat(dmarc.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(dmarc.found()).isEqualTo("v=DMARC1 p=quarantine");
            assertThat(dmarc.advice()).contains("a ';' is missing after v=DMARC1");
        }

        @Test
        void dmarcWithABadPolicyAndNoVersionIsFoundAndInvalid() {
            dns.publish(domain).remove("_dmarc." + NAME).txt("_dmarc." + NAME, "p=block; rua=mailto:d@acme.com");

            RecordCheck dmarc = check(verify(), Purpose.DMARC);

            assertThat(dmarc.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(dmarc.found()).isEqualTo("p=block; rua=mailto:d@acme.com");
            assertThat(dmarc.advice()).contains("it does not start with v=DMARC1");
        }

        @Test
        void aBrokenRecordBesideAValidOneIsIgnoredByReceiversAndReportedForRemoval() {
            dns.publish(domain).remove("_dmarc." + NAME).txt("_dmarc." + NAME, "v=DMARC1; p=reject")
                    .txt("_dmarc." + NAME, "p=none; v=DMARC1");

            RecordCheck dmarc = check(verify(), Purpose.DMARC);

            assertThat(dmarc.status()).isEqualTo(CheckStatus.WARNING);
            assertThat(dmarc.advice()).contains("DMARC p=reject is published").contains("\"p=none; v=DMARC1\"")
                    .contains("is ignored: remove it").doesNotContain("receivers apply none");
        }

        @Test
        void otherTxtRecordsAtTheDmarcNameAreNotDmarc() {
            dns.publish(domain).txt("_dmarc." + NAME, "some-verification=abc");

            assertThat(check(verify(), Purpose.DMARC).status()).isEqualTo(CheckStatus.OK);
        }

        @Test
        void presentDmarcReportsItsAlignment() {
            dns.publish(domain).remove("_dmarc." + NAME)
                    .txt("_dmarc." + NAME, "v=DMARC1; p=reject; adkim=s; aspf=r; rua=mailto:d@acme.com");

            RecordCheck dmarc = check(verify(), Purpose.DMARC);

            assertThat(dmarc.status()).isEqualTo(CheckStatus.OK);
            assertThat(dmarc.advice()).contains("p=reject").contains("aligns through both DKIM and SPF");
        }

        @Test
        void alignmentFollowsTheDkimAndSpfChecks() {
            dns.publish(domain).remove("s1._domainkey." + NAME);

            RecordCheck dmarc = check(verify(), Purpose.DMARC);

            assertThat(dmarc.status()).isEqualTo(CheckStatus.OK);
            assertThat(dmarc.advice()).contains("aligns through SPF; DKIM does not pass");
        }

        @Test
        void policyOfTheOrganizationalDomainApplies() {
            dns.publish(domain).remove("_dmarc." + NAME).txt("_dmarc.acme.com", "v=DMARC1; p=reject; sp=quarantine");

            RecordCheck dmarc = check(verify(), Purpose.DMARC);

            assertThat(dmarc.status()).isEqualTo(CheckStatus.OK);
            assertThat(dmarc.advice()).contains("p=quarantine (inherited from acme.com)");
        }

        @Test
        void twoDmarcRecordsAreAnError() {
            dns.publish(domain).txt("_dmarc." + NAME, "v=DMARC1; p=reject");

            assertThat(check(verify(), Purpose.DMARC).status()).isEqualTo(CheckStatus.ERROR);
        }

        @Test
        void organizationalDomainIsApproximated() {
            assertThat(DnsNames.organizationalDomain("mail.acme.com")).isEqualTo("acme.com");
            assertThat(DnsNames.organizationalDomain("a.b.acme.co.uk")).isEqualTo("acme.co.uk");
            assertThat(DnsNames.organizationalDomain("acme.com")).isEqualTo("acme.com");
            assertThat(DnsNames.organizationalDomain("MAIL.Acme.COM.")).isEqualTo("acme.com");
        }
    }

    @Nested
    class Mx {
        @Test
        void missingMxIsAWarningUnlessRequired() {
            dns.publish(domain).remove(NAME, DnsRecordType.MX);

            DomainVerification v = verify();
            assertThat(check(v, Purpose.MX).status()).isEqualTo(CheckStatus.WARNING);
            assertThat(check(v, Purpose.MX).advice()).contains("mx.relay.example");
            assertThat(v.status()).isEqualTo(DomainStatus.VERIFIED);

            DomainVerification strict = verify(domain, VerificationOptions.defaults().withMxRequired(true));
            assertThat(check(strict, Purpose.MX).status()).isEqualTo(CheckStatus.MISSING);
            assertThat(strict.status()).isEqualTo(DomainStatus.PENDING);
        }

        @Test
        void mxElsewhereIsAMismatchWhenRequired() {
            dns.publish(domain).remove(NAME, DnsRecordType.MX).mx(NAME, 10, "mx.other.example");

            DomainVerification strict = verify(domain, VerificationOptions.defaults().withMxRequired(true));

            assertThat(check(strict, Purpose.MX).status()).isEqualTo(CheckStatus.MISMATCH);
            assertThat(check(strict, Purpose.MX).found()).isEqualTo("10 mx.other.example");
        }

        @Test
        void ourMxBehindAnotherPreferredHostIsAWarning() {
            dns.publish(domain).remove(NAME, DnsRecordType.MX).mx(NAME, 20, "mx.relay.example")
                    .mx(NAME, 5, "mx.other.example");

            DomainVerification strict = verify(domain, VerificationOptions.defaults().withMxRequired(true));
            assertThat(check(strict, Purpose.MX).status()).isEqualTo(CheckStatus.WARNING);
            assertThat(strict.status()).isEqualTo(DomainStatus.VERIFIED);
        }

        @Test
        void corporateDomainThatReceivesMailElsewhereGetsTheSubdomainAdvice() {
            DkimKey corpKey = DomainFixtures.rsaKey("s1", DomainFixtures.rsa(), true);
            SenderDomain corp = DomainFixtures.domain("acme.com", corpKey);
            dns.txt("acme.com", "v=spf1 include:_spf.google.com ~all")
                    .txt("_spf.google.com", "v=spf1 ip4:192.0.2.0/24 ~all")
                    .mx("acme.com", 1, "aspmx.l.google.com")
                    .mx("acme.com", 5, "alt1.aspmx.l.google.com")
                    .txt("s1._domainkey.acme.com", corpKey.recordValue());

            DomainVerification v = new DomainVerifier(dns)
                    .verify(corp, List.of(corpKey), POLICY, VerificationOptions.defaults(), NOW);

            List<RecordCheck> mx = v.checks().stream().filter(c -> c.purpose() == Purpose.MX).toList();
            assertThat(mx).hasSize(2);
            RecordCheck warning = mx.get(1);
            assertThat(warning.status()).isEqualTo(CheckStatus.WARNING);
            assertThat(warning.required()).isFalse();
            assertThat(warning.advice()).contains("aspmx.l.google.com").contains("mail.acme.com");
        }

        @Test
        void nullMxIsNamedAsADomainThatReceivesNoMail() {
            dns.publish(domain).remove(NAME, DnsRecordType.MX).mx(NAME, 0, ".");

            DomainVerification v = verify();

            List<RecordCheck> mx = v.checks().stream().filter(c -> c.purpose() == Purpose.MX).toList();
            assertThat(mx).singleElement().satisfies(c -> {
                assertThat(c.status()).isEqualTo(CheckStatus.WARNING);
                assertThat(c.found()).isEqualTo("0 .");
                assertThat(c.advice()).contains("null MX").contains("receives no mail")
                        .contains("bounces to its return path cannot come back").contains("RFC 7505")
                        .contains("Replace the null MX with an MX record pointing at mx.relay.example")
                        .doesNotContain("point at ,").doesNotContain("point at  ").doesNotContain("at ,")
                        .doesNotContain("receives its mail at").doesNotContain("already receives mail");
            });
            assertThat(check(verify(domain, VerificationOptions.defaults().withMxRequired(true)), Purpose.MX)
                    .status()).isEqualTo(CheckStatus.MISMATCH);
        }

        @Test
        void nullMxOfADomainWhoseSpfMustChangeGetsNoCorporateWarning() {
            dns.publish(domain).remove(NAME, DnsRecordType.MX).remove(NAME, DnsRecordType.TXT)
                    .mx(NAME, 0, ".").txt(NAME, "v=spf1 -all");

            List<RecordCheck> mx = verify().checks().stream().filter(c -> c.purpose() == Purpose.MX).toList();

            assertThat(mx).hasSize(1);
            assertThat(mx.get(0).advice()).doesNotContain("already receives mail at");
        }

        @Test
        void nullMxBesideARealOneIsToBeRemoved() {
            dns.publish(domain).mx(NAME, 0, ".");

            RecordCheck mx = check(verify(), Purpose.MX);

            assertThat(mx.status()).isEqualTo(CheckStatus.WARNING);
            assertThat(mx.found()).isEqualTo("0 ., 10 mx.relay.example");
            assertThat(mx.advice()).contains("reach mx.relay.example").contains("Remove the null MX (0 .)");
        }

        @Test
        void aDomainThatReceivesMailElsewhereIsNeverAskedForAnMxForSes() {
            String corp = "eu.corp.example";
            DkimKey corpKey = DomainFixtures.rsaKey("s1", DomainFixtures.rsa(), true);
            SenderDomain corpDomain = DomainFixtures.domain(corp, corpKey);
            StaticDnsResolver corpDns = new StaticDnsResolver().txt("spf.relay.example", RELAY_SPF)
                    .txt(corp, "v=spf1 include:spf.protection.outlook.example -all")
                    .txt("spf.protection.outlook.example", "v=spf1 ip4:198.51.100.0/24 -all")
                    .mx(corp, 10, "corp-example.mail.protection.outlook.example")
                    .txt("s1._domainkey." + corp, corpKey.recordValue());

            for (VerificationOptions options : List.of(VerificationOptions.defaults(),
                    VerificationOptions.defaults().withMxRequired(true))) {
                DomainVerification v = new DomainVerifier(corpDns)
                        .verify(corpDomain, List.of(corpKey), POLICY, options, NOW);

                List<RecordCheck> mx = v.checks().stream().filter(c -> c.purpose() == Purpose.MX).toList();
                assertThat(mx).hasSize(2).allSatisfy(c -> {
                    assertThat(c.expected()).as("no MX value to publish").isEmpty();
                    assertThat(c.advice()).doesNotContainIgnoringCase("add an MX record pointing at")
                            .doesNotContainIgnoringCase("publish an MX").doesNotContain("lowest preference")
                            .contains("mail." + corp).doesNotContain("mail.corp.example ");
                });
                assertThat(mx.get(0).advice()).contains("corp-example.mail.protection.outlook.example")
                        .contains("Do not add an MX record for mx.relay.example at " + corp);
                RecordCheck spf = check(v, Purpose.SPF);
                assertThat(spf.status()).isEqualTo(CheckStatus.MISMATCH);
                assertThat(spf.expected()).isEqualTo(
                        "v=spf1 include:spf.relay.example include:spf.protection.outlook.example -all");
                assertThat(spf.advice()).contains("add include:spf.relay.example to it")
                        .contains(spf.expected());
            }
        }

        @Test
        void ourMxBehindTheCompanysOwnIsNotToBeMovedAheadOfIt() {
            dns.publish(domain).remove(NAME, DnsRecordType.MX).mx(NAME, 20, "mx.relay.example")
                    .mx(NAME, 5, "inbound.acme.example");

            RecordCheck mx = check(verify(), Purpose.MX);

            assertThat(mx.status()).isEqualTo(CheckStatus.WARNING);
            assertThat(mx.advice()).contains("go first to inbound.acme.example")
                    .contains("If they receive mail for " + NAME + ", keep them")
                    .contains("send from a subdomain such as send." + NAME);
        }

        @Test
        void theSuggestedSubdomainIsBelowTheDomainNeverBesideIt() {
            assertThat(DomainVerifier.subdomain("corp.example")).isEqualTo("mail.corp.example");
            assertThat(DomainVerifier.subdomain("eu.corp.example")).isEqualTo("mail.eu.corp.example");
            assertThat(DomainVerifier.subdomain("Mail.Corp.Example.")).isEqualTo("send.mail.corp.example");
            assertThat(DomainVerifier.subdomain("corp.co.uk")).isEqualTo("mail.corp.co.uk");
        }

        @Test
        void noCorporateWarningWhenSpfAlreadyAuthorisesUs() {
            dns.publish(domain).remove(NAME, DnsRecordType.MX).mx(NAME, 10, "mx.other.example");

            assertThat(verify().checks()).filteredOn(c -> c.purpose() == Purpose.MX).hasSize(1);
        }
    }

    @Nested
    class Names {
        @Test
        void upperCaseNamesInAnswersCompareCaseInsensitively() {
            StaticDnsResolver lower = new StaticDnsResolver()
                    .txt(NAME, "V=SPF1 INCLUDE:SPF.Relay.Example ~ALL")
                    .txt("SPF.RELAY.EXAMPLE", "v=spf1 ip4:203.0.113.0/24 -all")
                    .cname("S1._DOMAINKEY.MAIL.ACME.COM", "S1.KEYS.PROVIDER.EXAMPLE")
                    .txt("s1.keys.provider.example", key.recordValue())
                    .txt("_DMARC.MAIL.ACME.COM", "v=DMARC1; P=Reject")
                    .mx(NAME, 10, "mx.relay.example");
            DnsResolver shouting = new UpperCaseAnswers(lower);

            DomainVerification v = new DomainVerifier(shouting)
                    .verify(domain, List.of(key), POLICY, VerificationOptions.defaults(), NOW);

            assertThat(v.checks()).extracting(RecordCheck::status).containsOnly(CheckStatus.OK);
            assertThat(v.status()).isEqualTo(DomainStatus.VERIFIED);
        }
    }

    @Nested
    class Failures {
        @Test
        void aNameThatDoesNotExistIsSaidSo() {
            DomainVerification v = verify();

            assertThat(check(v, Purpose.SPF).advice())
                    .startsWith("The name " + NAME + " does not exist in DNS (NXDOMAIN): publish a TXT record");
            assertThat(check(v, Purpose.DKIM).advice())
                    .startsWith("The name s1._domainkey." + NAME + " does not exist in DNS (NXDOMAIN)");
            assertThat(check(v, Purpose.DMARC).advice())
                    .startsWith("The name _dmarc." + NAME + " does not exist in DNS (NXDOMAIN)");
            assertThat(check(v, Purpose.MX).advice()).startsWith("The name " + NAME + " does not exist in DNS");
        }

        @Test
        void aNameThatExistsWithoutTheRecordIsNotCalledNonExistent() {
            dns.txt(NAME, "google-site-verification=abc")
                    .cname("s1._domainkey." + NAME, "s1.keys.provider.example")
                    .mx("s1.keys.provider.example", 10, "mx.provider.example");

            DomainVerification v = verify();

            assertThat(check(v, Purpose.SPF).advice()).startsWith(NAME + " has no SPF record: publish")
                    .doesNotContain("NXDOMAIN");
            assertThat(check(v, Purpose.DKIM).advice()).startsWith("s1._domainkey." + NAME
                    + " is a CNAME to s1.keys.provider.example, which has no TXT record: publish a TXT record at"
                    + " s1.keys.provider.example");
            assertThat(check(v, Purpose.MX).advice()).startsWith(NAME + " has no MX record");
        }

        @Test
        void aCnameToANameThatDoesNotExistIsSaidSo() {
            dns.publish(domain).remove("s1._domainkey." + NAME)
                    .cname("s1._domainkey." + NAME, "s1.gone.provider.example");

            assertThat(check(verify(), Purpose.DKIM).advice()).contains("is a CNAME to s1.gone.provider.example,"
                    + " which does not exist in DNS (NXDOMAIN)");
        }

        @Test
        void serverFailureIsAnErrorNotMissing() {
            dns.publish(domain).fail(NAME, DnsAnswer.Status.SERVFAIL);

            DomainVerification v = verify();

            RecordCheck spf = check(v, Purpose.SPF);
            assertThat(spf.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(spf.advice()).contains("SERVFAIL").contains("will be repeated");
            assertThat(check(v, Purpose.MX).status()).isEqualTo(CheckStatus.ERROR);
            assertThat(v.status()).isEqualTo(DomainStatus.PENDING);
        }

        @Test
        void timeoutIsAnErrorNotMissing() {
            dns.publish(domain).fail("s1._domainkey." + NAME, DnsAnswer.Status.TIMEOUT);

            RecordCheck dkim = check(verify(), Purpose.DKIM);

            assertThat(dkim.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(dkim.advice()).contains("no DNS server answered in time");
        }

        @Test
        void failureInsideAnIncludeIsAnError() {
            dns.publish(domain).fail("spf.relay.example", DnsAnswer.Status.TIMEOUT);

            RecordCheck spf = check(verify(), Purpose.SPF);
            assertThat(spf.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(spf.advice()).contains("spf.relay.example").contains("TIMEOUT");
        }

        @Test
        void lookupFailuresDoNotFailAVerifiedDomain() {
            SenderDomain verified = DomainFixtures.domain(NAME, key, DomainStatus.VERIFIED);
            dns.publish(verified).fail(NAME, DnsAnswer.Status.TIMEOUT)
                    .fail("s1._domainkey." + NAME, DnsAnswer.Status.SERVFAIL);

            assertThat(verify(verified, VerificationOptions.defaults()).status()).isEqualTo(DomainStatus.VERIFIED);
        }

        @Test
        void aVerifiedDomainWhoseDkimDisappearsFails() {
            SenderDomain verified = DomainFixtures.domain(NAME, key, DomainStatus.VERIFIED);
            dns.publish(verified).remove("s1._domainkey." + NAME);

            DomainVerification v = verify(verified, VerificationOptions.defaults());

            assertThat(v.status()).isEqualTo(DomainStatus.FAILED);
            assertThat(check(v, Purpose.DKIM).status()).isEqualTo(CheckStatus.MISSING);
        }

        @Test
        void aVerifiedDomainWhoseSpfDisappearsFails() {
            SenderDomain verified = DomainFixtures.domain(NAME, key, DomainStatus.VERIFIED);
            dns.publish(verified).remove(NAME, DnsRecordType.TXT);

            assertThat(verify(verified, VerificationOptions.defaults()).status()).isEqualTo(DomainStatus.FAILED);
        }

        @Test
        void aFailedDomainWhoseRecordsAreBackIsVerifiedAgain() {
            SenderDomain failed = DomainFixtures.domain(NAME, key, DomainStatus.FAILED);
            dns.publish(failed);

            assertThat(verify(failed, VerificationOptions.defaults()).status()).isEqualTo(DomainStatus.VERIFIED);
        }
    }

    /** Answers as some servers write them: host names in upper case with a trailing dot. */
    private record UpperCaseAnswers(DnsResolver delegate) implements DnsResolver {
        @Override
        public DnsAnswer<TxtRecord> txt(String name) {
            return delegate.txt(name.toUpperCase(Locale.ROOT));
        }

        @Override
        public DnsAnswer<MxRecord> mx(String name) {
            DnsAnswer<MxRecord> a = delegate.mx(name.toUpperCase(Locale.ROOT));
            return new DnsAnswer<>(a.status(), a.records().stream()
                    .map(r -> new MxRecord(r.preference(), r.host().toUpperCase(Locale.ROOT) + "."))
                    .toList(), a.error());
        }

        @Override
        public DnsAnswer<String> cname(String name) {
            DnsAnswer<String> a = delegate.cname(name.toUpperCase(Locale.ROOT));
            return new DnsAnswer<>(a.status(), a.records().stream().map(t -> t.toUpperCase(Locale.ROOT) + ".")
                    .toList(), a.error());
        }

        @Override
        public DnsAnswer<InetAddress> addresses(String name) {
            return delegate.addresses(name);
        }
    }
}
