package dev.ses.core.internal.crypto;

import dev.ses.core.ErrorCode;
import dev.ses.core.SesException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (DKIM private keys in the store) with AES-256-GCM under a key the application
 * supplies.
 *
 * <p>Format, version 1: one byte {@code 0x01}, the 12-byte random IV, then the ciphertext followed by the 16-byte
 * authentication tag. The version byte and the caller's associated data (for example the domain and selector a key
 * belongs to, so that a ciphertext copied to another row does not decrypt) are authenticated too. A random IV per
 * message is safe for far more than the number of keys a store will ever hold under one key (NIST SP 800-38D
 * section 8.3 allows 2^32).
 *
 * <p>Thread-safe: a {@link Cipher} is made per call. {@link #toString()} shows nothing of the key.
 */
public final class KeyCipher {
    /** The format version written by {@link #encrypt}. */
    public static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKeySpec key;
    private final SecureRandom random;

    /**
     * A cipher under a 256-bit AES key.
     *
     * @param key the 32 key bytes (copied)
     * @throws IllegalArgumentException if the key is not 32 bytes long
     */
    public KeyCipher(byte[] key) {
        this(key, new SecureRandom());
    }

    KeyCipher(byte[] key, SecureRandom random) {
        Objects.requireNonNull(key, "key");
        if (key.length != 32) {
            throw new IllegalArgumentException("key must be 32 bytes (AES-256): " + key.length + " bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Encrypts a secret.
     *
     * @param plaintext the secret
     * @param associatedData data that is not stored in the result but must be given again to decrypt it
     * @return version, IV, ciphertext and tag
     */
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(new byte[] {VERSION});
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + IV_BYTES + sealed.length).put(VERSION).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            // AES-GCM is mandatory in every Java SE implementation; this only fails on a broken runtime.
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Decrypts what {@link #encrypt} produced.
     *
     * @param ciphertext version, IV, ciphertext and tag
     * @param associatedData the data given to {@link #encrypt}
     * @return the secret
     * @throws SesException with {@link ErrorCode#STORE_ERROR} if the data is not in a known format, was changed,
     *                      or was encrypted under another key or with other associated data
     */
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (ciphertext.length < 1 + IV_BYTES + TAG_BITS / 8) {
            throw new SesException(ErrorCode.STORE_ERROR,
                    "encrypted secret is too short: " + ciphertext.length + " bytes");
        }
        if (ciphertext[0] != VERSION) {
            throw new SesException(ErrorCode.STORE_ERROR,
                    "encrypted secret has an unknown format version: " + ciphertext[0]);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 1, IV_BYTES));
            cipher.updateAAD(new byte[] {VERSION});
            cipher.updateAAD(associatedData);
            return cipher.doFinal(ciphertext, 1 + IV_BYTES, ciphertext.length - 1 - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new SesException(ErrorCode.STORE_ERROR,
                    "encrypted secret does not authenticate: wrong key, or the data was changed", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    @Override
    public String toString() {
        return "KeyCipher[AES-256-GCM, v" + VERSION + ", key=(secret)]";
    }
}
