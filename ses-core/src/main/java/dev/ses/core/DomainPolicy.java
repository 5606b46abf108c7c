package dev.ses.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    /**
     * Checks the fields.
     *
     * @param spfMechanism the SPF mechanism that authorises the sending path, e.g. {@code include:spf.relay.example}
     *                     or {@code ip4:203.0.113.7}
     * @param mxHost the host that receives bounces for the return path (the domain's MX)
     * @param dmarcPolicy the DMARC policy to publish: {@code none}, {@code quarantine} or {@code reject}
     * @param dkimAlgorithm the algorithm of generated DKIM keys: {@code rsa-sha256} or {@code ed25519-sha256}
     * @param rsaKeyBits the RSA key size, 1024 or 2048 (or more)
     */
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

    /**
     * {@return the defaults: {@code include:spf.ses.invalid}, MX {@code mx.ses.invalid}, DMARC {@code none}, RSA-2048}
     *
     * <p>The SPF mechanism and the MX host are placeholders ({@link #usesPlaceholders()}): right for tests and demos,
     * never for real domains. Set both with {@link #withSpfMechanism} and {@link #withMxHost} for real use: a
     * {@code Ses} whose resolver is not a {@code StaticDnsResolver} refuses to build with them, and one without a
     * resolver whose transport is not the {@code MailboxSimulator} refuses to create a domain with them, so that
     * nobody is told to publish them.
     */
    public static DomainPolicy defaults() {
        return new DomainPolicy("include:spf.ses.invalid", "mx.ses.invalid", "none", "rsa-sha256", 2048);
    }

    /**
     * {@return whether the SPF mechanism or the MX host names a host under {@code .invalid}, as {@link #defaults()}
     * does: that top-level domain is reserved never to exist (RFC 6761 section 6.4), so a domain owner told to publish
     * it could never verify, and mail would never be authorised}
     */
    public boolean usesPlaceholders() {
        return !placeholders().isEmpty();
    }

    /** The fields that name a placeholder, each as {@code field 'value'}, for messages. */
    List<String> placeholders() {
        List<String> fields = new ArrayList<>(2);
        if (isPlaceholder(spfMechanism.substring(spfMechanism.indexOf(':') + 1))) {
            fields.add("spfMechanism '" + spfMechanism + "'");
        }
        if (isPlaceholder(mxHost)) {
            fields.add("mxHost '" + mxHost + "'");
        }
        return fields;
    }

    /**
     * The refusal of a {@code Ses} or a domain whose records would name placeholders: which fields, why they cannot
     * be used there, and what to set instead.
     */
    String placeholderRefusal(String why) {
        List<String> fields = placeholders();
        return "domainPolicy: " + String.join(" and ", fields)
                + (fields.size() == 1 ? " is a placeholder" : " are placeholders") + " under .invalid that no DNS can"
                + " hold, and " + why + ": set Ses.builder().domainPolicy(DomainPolicy.defaults()"
                + ".withSpfMechanism(\"include:<the SPF domain of your relay>\")"
                + ".withMxHost(\"<the host that receives your bounces>\"))";
    }

    private static boolean isPlaceholder(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.equals("invalid") || h.endsWith(".invalid");
    }

    /**
     * {@return a copy with another SPF mechanism}
     *
     * @param mechanism the mechanism new domains' SPF records include, e.g. {@code include:spf.example.org}
     */
    public DomainPolicy withSpfMechanism(String mechanism) {
        return new DomainPolicy(mechanism, mxHost, dmarcPolicy, dkimAlgorithm, rsaKeyBits);
    }

    /**
     * {@return a copy with another MX host}
     *
     * @param host the MX host new domains point to
     */
    public DomainPolicy withMxHost(String host) {
        return new DomainPolicy(spfMechanism, host, dmarcPolicy, dkimAlgorithm, rsaKeyBits);
    }

    /**
     * {@return a copy with another DMARC policy}
     *
     * @param policy the DMARC policy new domains publish: {@code none}, {@code quarantine} or {@code reject}
     */
    public DomainPolicy withDmarcPolicy(String policy) {
        return new DomainPolicy(spfMechanism, mxHost, policy, dkimAlgorithm, rsaKeyBits);
    }

    /**
     * {@return a copy with another DKIM algorithm}
     *
     * @param algorithm the algorithm of new DKIM keys
     */
    public DomainPolicy withDkimAlgorithm(String algorithm) {
        return new DomainPolicy(spfMechanism, mxHost, dmarcPolicy, algorithm, rsaKeyBits);
    }

    /**
     * {@return a copy with another RSA key size}
     *
     * @param bits the size of new RSA keys
     */
    public DomainPolicy withRsaKeyBits(int bits) {
        return new DomainPolicy(spfMechanism, mxHost, dmarcPolicy, dkimAlgorithm, bits);
    }
}
