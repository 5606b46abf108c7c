package dev.ses.core.internal.dns;

import dev.ses.core.DnsRecord;
import dev.ses.core.DnsRecordType;
import dev.ses.core.DomainPolicy;
import dev.ses.core.DomainStatus;
import dev.ses.core.SenderDomain;
import dev.ses.core.spi.DkimKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Sender domains and real DKIM keys for the verification tests. */
final class DomainFixtures {
    static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");
    static final DomainPolicy POLICY = DomainPolicy.defaults()
            .withSpfMechanism("include:spf.relay.example")
            .withMxHost("mx.relay.example");
    /** The relay's own SPF policy, which the include reaches. */
    static final String RELAY_SPF = "v=spf1 ip4:203.0.113.0/24 -all";

    private static final KeyPair RSA = generate("RSA", 2048);

    private DomainFixtures() {
    }

    static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The shared RSA-2048 key pair, generated once because generation is slow. */
    static KeyPair rsa() {
        return RSA;
    }

    /** A DKIM key as the domain service would store it: {@code p=} is the base64 SubjectPublicKeyInfo for RSA. */
    static DkimKey rsaKey(String selector, KeyPair pair, boolean active) {
        return new DkimKey(1, selector, DkimKey.RSA_SHA256, pair.getPrivate().getEncoded(),
                Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()), active, CREATED);
    }

    /** An Ed25519 DKIM key: {@code p=} is the base64 of the raw 32-byte public key (RFC 8463). */
    static DkimKey ed25519Key(String selector) {
        KeyPair pair = generate("Ed25519", 0);
        byte[] spki = pair.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        return new DkimKey(1, selector, DkimKey.ED25519_SHA256, pair.getPrivate().getEncoded(),
                Base64.getEncoder().encodeToString(raw), true, CREATED);
    }

    /** A pending domain whose records ask for exactly what {@link #POLICY} and the key need. */
    static SenderDomain domain(String name, DkimKey key) {
        return domain(name, key, DomainStatus.PENDING);
    }

    static SenderDomain domain(String name, DkimKey key, DomainStatus status) {
        List<DnsRecord> records = List.of(
                new DnsRecord(DnsRecord.Purpose.SPF, name, DnsRecordType.TXT,
                        "v=spf1 " + POLICY.spfMechanism() + " ~all", 0),
                new DnsRecord(DnsRecord.Purpose.DKIM, key.selector() + "._domainkey." + name, DnsRecordType.TXT,
                        key.recordValue(), 0),
                new DnsRecord(DnsRecord.Purpose.DMARC, "_dmarc." + name, DnsRecordType.TXT,
                        "v=DMARC1; p=" + POLICY.dmarcPolicy(), 0),
                new DnsRecord(DnsRecord.Purpose.MX, name, DnsRecordType.MX, POLICY.mxHost(), 10));
        return new SenderDomain(1, "acme", name, status, key.selector(), records, CREATED,
                status == DomainStatus.VERIFIED ? Optional.of(CREATED) : Optional.empty(), Optional.empty());
    }
}
