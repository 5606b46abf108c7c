package dev.ses.core.internal.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The console's credential, encoded so that the secret itself is never kept: a token as {@code sha256$<digest>}
 * (a token is long and random, so a fast digest is enough), a password as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (people pick guessable passwords, so the hash is slow on purpose).
 * Comparisons take the same time whatever matches.
 */
public final class Credentials {
    private static final String TOKEN = "sha256$";
    private static final String PBKDF2 = "pbkdf2-sha256$";
    private static final int ITERATIONS = 310_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {
    }

    /** The encoded form of a token. */
    public static String token(String token) {
        if (token.length() < 16) {
            throw new IllegalArgumentException("token must be at least 16 characters: " + token.length());
        }
        return TOKEN + Base64.getEncoder().encodeToString(sha256(token));
    }

    /** A PBKDF2 hash of a password with a new salt. */
    public static String hashPassword(String password) {
        if (password == null || password.length() < 8) {
            throw new IllegalArgumentException("password must be at least 8 characters");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return PBKDF2 + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(password, salt, ITERATIONS));
    }

    /** Whether a string is an encoded token or password hash. */
    public static boolean isEncoded(String encoded) {
        return isPasswordHash(encoded) || encoded.startsWith(TOKEN) && decodes(encoded.substring(TOKEN.length()), 32);
    }

    /** Whether a string is a password hash this class wrote. */
    public static boolean isPasswordHash(String encoded) {
        if (!encoded.startsWith(PBKDF2)) {
            return false;
        }
        String[] parts = encoded.substring(PBKDF2.length()).split("\\$", -1);
        if (parts.length != 3 || !parts[0].matches("[0-9]{1,8}")) {
            return false;
        }
        int n = Integer.parseInt(parts[0]);
        return n >= 1_000 && n <= MAX_ITERATIONS && decodes(parts[1], -1) && decodes(parts[2], 32);
    }

    private static boolean decodes(String b64, int length) {
        try {
            byte[] bytes = Base64.getDecoder().decode(b64);
            return length < 0 ? bytes.length >= 8 : bytes.length == length;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether what someone typed matches the encoded credential. */
    public static boolean matches(String encoded, String typed) {
        if (encoded.startsWith(TOKEN)) {
            return MessageDigest.isEqual(Base64.getDecoder().decode(encoded.substring(TOKEN.length())),
                    sha256(typed));
        }
        String[] parts = encoded.substring(PBKDF2.length()).split("\\$", -1);
        int iterations = Integer.parseInt(parts[0]);
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        byte[] expected = Base64.getDecoder().decode(parts[2]);
        return MessageDigest.isEqual(expected, pbkdf2(typed, salt, iterations));
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
