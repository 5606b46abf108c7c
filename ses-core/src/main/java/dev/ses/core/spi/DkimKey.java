package dev.ses.core.spi;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A DKIM signing key of a sender domain. The private key is a secret: {@link #toString()} shows nothing of it.
 *
 * @param domainId the sender domain
 * @param selector the selector, the record lives at {@code selector._domainkey.domain}
 * @param algorithm {@code rsa-sha256} or {@code ed25519-sha256}
 * @param privateKey the private key, PKCS#8 DER (copied in and out)
 * @param publicKey the public key as published in {@code p=}, base64 of its DER SubjectPublicKeyInfo for RSA,
 *                  of the raw 32 bytes for Ed25519
 * @param active whether messages are signed with it now
 * @param createdAt when it was generated
 */
public record DkimKey(long domainId, String selector, String algorithm, byte[] privateKey, String publicKey,
                      boolean active, Instant createdAt) {
    /** RSA with SHA-256, RFC 6376. */
    public static final String RSA_SHA256 = "rsa-sha256";
    /** Ed25519 with SHA-256, RFC 8463. */
    public static final String ED25519_SHA256 = "ed25519-sha256";

    /**
     * Checks and copies the fields.
     *
     * @param domainId the sender domain
     * @param selector the selector, the record lives at {@code selector._domainkey.domain}
     * @param algorithm {@code rsa-sha256} or {@code ed25519-sha256}
     * @param privateKey the private key, PKCS#8 DER (copied in and out)
     * @param publicKey the public key as published in {@code p=}, base64 of its DER SubjectPublicKeyInfo for RSA,
     *                  of the raw 32 bytes for Ed25519
     * @param active whether messages are signed with it now
     * @param createdAt when it was generated
     */
    public DkimKey {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(algorithm, "algorithm");
        privateKey = privateKey.clone();
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** {@return a copy of the private key} */
    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    /** {@return the {@code k=} tag of the published record} */
    public String keyType() {
        return ED25519_SHA256.equals(algorithm) ? "ed25519" : "rsa";
    }

    /** {@return the TXT value to publish at {@code selector._domainkey.domain}} */
    public String recordValue() {
        return "v=DKIM1; k=" + keyType() + "; p=" + publicKey;
    }

    /** {@return a copy without the private key, for code that needs only the public part} */
    public DkimKey withoutSecret() {
        return new DkimKey(domainId, selector, algorithm, new byte[0], publicKey, active, createdAt);
    }

    /**
     * {@return a copy that is active or not}
     *
     * @param isActive whether the key signs new mail
     */
    public DkimKey withActive(boolean isActive) {
        return new DkimKey(domainId, selector, algorithm, privateKey, publicKey, isActive, createdAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DkimKey k && k.domainId == domainId && k.selector.equals(selector)
                && k.algorithm.equals(algorithm) && Arrays.equals(k.privateKey, privateKey)
                && k.publicKey.equals(publicKey) && k.active == active && k.createdAt.equals(createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domainId, selector, algorithm, publicKey, active, createdAt);
    }

    @Override
    public String toString() {
        return "DkimKey[domainId=" + domainId + ", selector=" + selector + ", algorithm=" + algorithm
                + ", privateKey=(secret), active=" + active + "]";
    }
}
