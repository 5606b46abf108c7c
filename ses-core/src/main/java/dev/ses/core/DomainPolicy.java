package dev.ses.core;

import java.util.Objects;

/**
 * What the DNS records of a sender domain must say for the way this application sends mail.
 *
 * @param spfMechanism the SPF mechanism that authorises the sending path, e.g. {@code include:spf.relay.example}
 *                     or {@code ip4:203.0.113.7}
 * @param mxHost the host that receives bounces for the return path (the domain's MX)
 * @param dmarcPolicy the DMARC policy to publish: {@code none}, {@code quarantine} or {@code reject}
 * @param dkimAlgorithm the algorithm of generated DKIM keys: {@code rsa-sha256} or {@code ed25519-sha256}
 * @param rsaKeyBits the RSA key size, 1024 or 2048 (or more)
 */
public record DomainPolicy(String spfMechanism, String mxHost, String dmarcPolicy, String dkimAlgorithm,
                           int rsaKeyBits) {
    /** Checks the fields. */
    public DomainPolicy {
        Objects.requireNonNull(spfMechanism, "spfMechanism");
        Objects.requireNonNull(mxHost, "mxHost");
        Objects.requireNonNull(dmarcPolicy, "dmarcPolicy");
        Objects.requireNonNull(dkimAlgorithm, "dkimAlgorithm");
        if (!spfMechanism.matches("(include:|ip4:|ip6:|a:|mx:)\\S+")) {
            throw new IllegalArgumentException(
                    "spfMechanism must be include:, ip4:, ip6:, a: or mx: followed by a value: " + spfMechanism);
        }
        if (!dmarcPolicy.matches("none|quarantine|reject")) {
            throw new IllegalArgumentException("dmarcPolicy must be none, quarantine or reject: " + dmarcPolicy);
        }
        if (!dkimAlgorithm.equals("rsa-sha256") && !dkimAlgorithm.equals("ed25519-sha256")) {
            throw new IllegalArgumentException("dkimAlgorithm must be rsa-sha256 or ed25519-sha256: " + dkimAlgorithm);
        }
        if (rsaKeyBits < 1024 || rsaKeyBits > 4096) {
            throw new IllegalArgumentException("rsaKeyBits must be 1024..4096: " + rsaKeyBits);
        }
    }

    /** Defaults: {@code include:spf.ses.invalid}, MX {@code mx.ses.invalid}, DMARC {@code none}, RSA-2048. */
    public static DomainPolicy defaults() {
        return new DomainPolicy("include:spf.ses.invalid", "mx.ses.invalid", "none", "rsa-sha256", 2048);
    }

    /** A copy with another SPF mechanism. */
    public DomainPolicy withSpfMechanism(String mechanism) {
        return new DomainPolicy(mechanism, mxHost, dmarcPolicy, dkimAlgorithm, rsaKeyBits);
    }

    /** A copy with another MX host. */
    public DomainPolicy withMxHost(String host) {
        return new DomainPolicy(spfMechanism, host, dmarcPolicy, dkimAlgorithm, rsaKeyBits);
    }

    /** A copy with another DMARC policy. */
    public DomainPolicy withDmarcPolicy(String policy) {
        return new DomainPolicy(spfMechanism, mxHost, policy, dkimAlgorithm, rsaKeyBits);
    }

    /** A copy with another DKIM algorithm. */
    public DomainPolicy withDkimAlgorithm(String algorithm) {
        return new DomainPolicy(spfMechanism, mxHost, dmarcPolicy, algorithm, rsaKeyBits);
    }

    /** A copy with another RSA key size. */
    public DomainPolicy withRsaKeyBits(int bits) {
        return new DomainPolicy(spfMechanism, mxHost, dmarcPolicy, dkimAlgorithm, bits);
    }
}
