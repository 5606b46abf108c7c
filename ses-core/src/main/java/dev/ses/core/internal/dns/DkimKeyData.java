package dev.ses.core.internal.dns;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the {@code p=} of a DKIM key record (RFC 6376 section 3.6.1) far enough to tell a value that is no key at
 * all from a key that is merely another one: a record of the first kind is broken, one of the second belongs to
 * someone else or to an earlier setup.
 */
final class DkimKeyData {
    /** The DER of the AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private DkimKeyData() {
    }

    /**
     * What is wrong with a {@code p=} value, or empty when it is a public key of the type.
     *
     * @param keyType the record's {@code k=}: {@code rsa} or {@code ed25519}; other types are not judged
     * @param base64 the value without whitespace, not empty
     */
    static Optional<String> problem(String keyType, String base64) {
        byte[] data;
        try {
            data = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return Optional.of("p= is not valid base64");
        }
        switch (keyType.toLowerCase(Locale.ROOT)) {
            case "ed25519":
                return data.length == 32 ? Optional.empty()
                        : Optional.of("p= holds " + data.length + " bytes, and an Ed25519 key is 32 (RFC 8463)");
            case "rsa":
                // Most records carry a SubjectPublicKeyInfo, as ses publishes; RFC 6376 also allows the bare
                // RSAPublicKey of PKCS#1, which verifiers accept too.
                return isRsaKey(data) || isRsaKey(asSubjectPublicKeyInfo(data)) ? Optional.empty()
                        : Optional.of("p= is base64, but not of an RSA public key");
            default:
                return Optional.empty();
        }
    }

    private static boolean isRsaKey(byte[] der) {
        KeyFactory rsa;
        try {
            rsa = KeyFactory.getInstance("RSA");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no RSA key factory", e);
        }
        try {
            rsa.generatePublic(new X509EncodedKeySpec(der));
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** A PKCS#1 RSAPublicKey wrapped in the SubjectPublicKeyInfo that Java's key factory reads. */
    private static byte[] asSubjectPublicKeyInfo(byte[] pkcs1) {
        ByteArrayOutputStream bitString = new ByteArrayOutputStream();
        bitString.write(0x03);
        writeLength(bitString, pkcs1.length + 1);
        bitString.write(0); // no unused bits
        bitString.writeBytes(pkcs1);
        ByteArrayOutputStream spki = new ByteArrayOutputStream();
        spki.write(0x30);
        writeLength(spki, RSA_ALGORITHM.length + bitString.size());
        spki.writeBytes(RSA_ALGORITHM);
        spki.writeBytes(bitString.toByteArray());
        return spki.toByteArray();
    }

    /** A DER length: short form below 128, else the number of length bytes and the bytes, big-endian. */
    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }
}
