package dev.ses.core.internal;

import dev.ses.core.spi.DkimKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/** Generates DKIM key pairs with the JDK. */
public final class DkimKeys {
    private DkimKeys() {
    }

    /**
     * A new key for a domain.
     *
     * @param algorithm {@link DkimKey#RSA_SHA256} or {@link DkimKey#ED25519_SHA256}
     * @param rsaBits the RSA key size, ignored for Ed25519
     */
    public static DkimKey generate(long domainId, String selector, String algorithm, int rsaBits, Instant now) {
        try {
            KeyPair pair;
            String publicKey;
            if (DkimKey.ED25519_SHA256.equals(algorithm)) {
                pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                byte[] spki = pair.getPublic().getEncoded();
                // RFC 8463 publishes the raw 32-byte key, the tail of the SubjectPublicKeyInfo.
                publicKey = Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(rsaBits);
                pair = generator.generateKeyPair();
                publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
            }
            return new DkimKey(domainId, selector, algorithm, pair.getPrivate().getEncoded(), publicKey, true, now);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a " + algorithm + " key", e);
        }
    }
}
