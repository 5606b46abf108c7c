package dev.ses.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the return path {@code bounce+<token>=<signature>@<sender domain>}, so that a report about a
 * message ses did not send, or one whose token was altered, changes nothing. The signature is the first 8 bytes of
 * HMAC-SHA256 over the token and the sender domain, in hex: 64 bits, enough that guessing one takes longer than
 * anyone sends reports. It proves the report is about a message ses sent to that path; a message shared by several
 * recipients has one path, so its recipients can be told apart only by the report's own recipient field.
 * Thread-safe.
 */
public final class ReturnPaths {
    private static final String PREFIX = "bounce+";
    private static final int SIGNATURE_BYTES = 8;

    /** What an address says about a return path. */
    public enum Verdict {
        /** Not a return path of ses. */
        NONE,
        /** A return path ses signed: the token is ses's. */
        SIGNED,
        /** Looks like a return path of ses, but its signature is missing or wrong. */
        FORGED
    }

    /**
     * What an address was found to be.
     *
     * @param verdict none, signed or forged
     * @param token the token, for a signed one
     */
    public record Check(Verdict verdict, Optional<MessageToken> token) {
    }

    private final SecretKeySpec key;

    /**
     * A signer with this key.
     *
     * @throws IllegalArgumentException if shorter than 16 bytes
     */
    public ReturnPaths(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("returnPathKey must be at least 16 bytes: " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The envelope sender that bounces for a message come back to. */
    public String returnPath(MessageToken token, String senderDomain) {
        return PREFIX + token.text() + "=" + signature(token.text(), senderDomain) + "@" + senderDomain;
    }

    /** Checks an address ({@code bounce+...@domain}, with or without angle brackets). */
    public Check check(String address) {
        String a = address.strip();
        if (a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1);
        }
        int at = a.lastIndexOf('@');
        if (at < 0 || !a.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return new Check(Verdict.NONE, Optional.empty());
        }
        String local = a.substring(PREFIX.length(), at);
        String domain = a.substring(at + 1).toLowerCase(Locale.ROOT);
        int eq = local.lastIndexOf('=');
        if (eq < 0) {
            return new Check(Verdict.FORGED, Optional.empty());
        }
        String text = local.substring(0, eq);
        Optional<MessageToken> token = MessageToken.parse(text);
        byte[] expected = signature(text, domain).getBytes(StandardCharsets.US_ASCII);
        byte[] given = local.substring(eq + 1).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (token.isEmpty() || !MessageDigest.isEqual(expected, given)) {
            return new Check(Verdict.FORGED, Optional.empty());
        }
        return new Check(Verdict.SIGNED, token);
    }

    private String signature(String token, String senderDomain) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] sum = mac.doFinal((token + "@" + senderDomain.toLowerCase(Locale.ROOT))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sum, 0, SIGNATURE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
