package dev.ses.core.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.ErrorCode;
import dev.ses.core.SesException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyCipherTest {
    private static final byte[] CONTEXT = "dkim:1:s1".getBytes(StandardCharsets.UTF_8);

    private final byte[] appKey = randomKey();
    private final KeyCipher cipher = new KeyCipher(appKey);

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static byte[] privateKey() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();
    }

    @Test
    void roundTrip() throws Exception {
        byte[] secret = privateKey();

        byte[] sealed = cipher.encrypt(secret, CONTEXT);

        assertThat(sealed[0]).isEqualTo(KeyCipher.VERSION);
        assertThat(sealed).hasSize(1 + 12 + secret.length + 16);
        assertThat(cipher.decrypt(sealed, CONTEXT)).isEqualTo(secret);
        assertThat(new KeyCipher(appKey.clone()).decrypt(sealed, CONTEXT)).isEqualTo(secret);
    }

    @Test
    void eachEncryptionUsesAFreshIv() throws Exception {
        byte[] secret = privateKey();

        byte[] a = cipher.encrypt(secret, CONTEXT);
        byte[] b = cipher.encrypt(secret, CONTEXT);

        assertThat(Arrays.copyOfRange(a, 1, 13)).isNotEqualTo(Arrays.copyOfRange(b, 1, 13));
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void ciphertextDoesNotContainThePlaintext() throws Exception {
        byte[] secret = privateKey();

        String sealed = HexFormat.of().formatHex(cipher.encrypt(secret, CONTEXT));

        assertThat(sealed).doesNotContain(HexFormat.of().formatHex(Arrays.copyOfRange(secret, 16, 32)));
    }

    @Test
    void anyChangedByteIsDetected() throws Exception {
        byte[] sealed = cipher.encrypt(privateKey(), CONTEXT);
        for (int i = 1; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.decrypt(tampered, CONTEXT))
                    .as("byte %d changed", i)
                    .isInstanceOf(SesException.class)
                    .hasMessageContaining("does not authenticate")
                    .satisfies(e -> assertThat(((SesException) e).code()).isEqualTo(ErrorCode.STORE_ERROR));
        }
    }

    @Test
    void truncatedOrUnknownVersionIsRefused() throws Exception {
        byte[] sealed = cipher.encrypt(privateKey(), CONTEXT);

        assertThatThrownBy(() -> cipher.decrypt(Arrays.copyOf(sealed, 20), CONTEXT))
                .isInstanceOf(SesException.class).hasMessageContaining("too short");
        byte[] v2 = sealed.clone();
        v2[0] = 2;
        assertThatThrownBy(() -> cipher.decrypt(v2, CONTEXT))
                .isInstanceOf(SesException.class).hasMessageContaining("unknown format version: 2");
    }

    @Test
    void wrongKeyFails() throws Exception {
        byte[] sealed = cipher.encrypt(privateKey(), CONTEXT);

        assertThatThrownBy(() -> new KeyCipher(randomKey()).decrypt(sealed, CONTEXT))
                .isInstanceOf(SesException.class).hasMessageContaining("wrong key");
    }

    @Test
    void ciphertextMovedToAnotherContextFails() throws Exception {
        byte[] sealed = cipher.encrypt(privateKey(), CONTEXT);

        assertThatThrownBy(() -> cipher.decrypt(sealed, "dkim:2:s1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SesException.class);
    }

    @Test
    void keyMustBe256Bits() {
        assertThatThrownBy(() -> new KeyCipher(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key must be 32 bytes (AES-256): 16 bytes");
    }

    @Test
    void toStringShowsNothingOfTheKey() {
        assertThat(cipher.toString()).doesNotContain(HexFormat.of().formatHex(appKey))
                .contains("(secret)");
    }
}
