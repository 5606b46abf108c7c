package dev.ses.smtp.internal;

import dev.ses.core.spi.DkimKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs finished RFC 5322 messages with DKIM (RFC 6376), {@code relaxed/relaxed}, with {@code rsa-sha256} or
 * {@code ed25519-sha256} (RFC 8463). The message must use CRLF line ends (as {@link MimeWriter} writes it);
 * the signature header is put in front of the unchanged bytes, so the bytes sent after it must be exactly these.
 *
 * <p>Thread-safe. Parsed private keys are cached.
 */
public final class DkimSigner {
    /** The headers signed when present, in this order. */
    public static final List<String> SIGNED_HEADERS = List.of("From", "To", "Cc", "Reply-To", "Subject", "Date",
            "Message-ID", "MIME-Version", "Content-Type", "List-Unsubscribe", "List-Unsubscribe-Post");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MAX_CACHED_KEYS = 1024;

    private final Map<DkimKey, PrivateKey> keys = new ConcurrentHashMap<>();

    /** A signer with an empty key cache. */
    public DkimSigner() {
    }

    /**
     * Signs a message.
     *
     * @param message the complete message with CRLF line ends
     * @param key the key, its selector and algorithm
     * @param domain the signing domain ({@code d=}), usually the domain of the From address
     * @param time the signature timestamp ({@code t=})
     * @return the message with a {@code DKIM-Signature} header in front
     * @throws IllegalArgumentException if the key's algorithm is unknown or its private key cannot be read
     */
    public byte[] sign(byte[] message, DkimKey key, String domain, Instant time) {
        int bodyStart = bodyStart(message);
        int headerEnd = bodyStart < 0 ? message.length : bodyStart;
        List<String> fields = headerFields(message, headerEnd);
        try {
            String bodyHash = Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(relaxedBody(message, bodyStart)));

            // RFC 6376 5.4.2: each name listed takes the last instance not yet used, counting from the bottom.
            List<String> signedNames = new ArrayList<>();
            StringBuilder canonical = new StringBuilder(1024);
            Map<String, Integer> used = new HashMap<>();
            for (String name : SIGNED_HEADERS) {
                String lower = name.toLowerCase(Locale.ROOT);
                int from = used.getOrDefault(lower, fields.size());
                for (int i = from - 1; i >= 0; i--) {
                    if (fieldName(fields.get(i)).equalsIgnoreCase(name)) {
                        canonical.append(relaxedHeader(fields.get(i))).append("\r\n");
                        signedNames.add(lower);
                        used.put(lower, i);
                        break;
                    }
                }
            }
            String algorithm = key.algorithm();
            String keyAlgorithm = switch (algorithm) {
                case DkimKey.RSA_SHA256 -> "RSA";
                case DkimKey.ED25519_SHA256 -> "Ed25519";
                default -> throw new IllegalArgumentException("DKIM algorithm is not supported: " + algorithm);
            };
            String tags = "v=1; a=" + algorithm + "; c=relaxed/relaxed; d=" + domain + "; s=" + key.selector()
                    + "; t=" + time.getEpochSecond() + "; h=" + String.join(":", signedNames) + "; bh=" + bodyHash
                    + "; b=";
            canonical.append(relaxedHeader("DKIM-Signature: " + tags));
            byte[] signature = signature(algorithm, privateKey(key, keyAlgorithm),
                    canonical.toString().getBytes(StandardCharsets.UTF_8));
            String header = "DKIM-Signature: " + fold(tags, Base64.getEncoder().encodeToString(signature)) + "\r\n";
            byte[] head = header.getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[head.length + message.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(message, 0, out, head.length, message.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("DKIM key " + key.selector() + " cannot sign: " + e.getMessage(), e);
        }
    }

    /**
     * Signs the canonical header data (RFC 6376 3.7): RSA signs the data, Ed25519 the SHA-256 hash of it, which is
     * what RFC 8463 section 3 defines (PureEdDSA over the hash, not over the data). Both are deterministic: one key
     * and one input give one signature, which is what lets a test compare it with a published example.
     */
    static byte[] signature(String algorithm, PrivateKey key, byte[] data) throws GeneralSecurityException {
        if (DkimKey.ED25519_SHA256.equals(algorithm)) {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(key);
            ed.update(MessageDigest.getInstance("SHA-256").digest(data));
            return ed.sign();
        }
        if (DkimKey.RSA_SHA256.equals(algorithm)) {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(data);
            return rsa.sign();
        }
        throw new IllegalArgumentException("DKIM algorithm is not supported: " + algorithm);
    }

    private PrivateKey privateKey(DkimKey key, String keyAlgorithm) throws GeneralSecurityException {
        PrivateKey cached = keys.get(key);
        if (cached != null) {
            return cached;
        }
        PrivateKey parsed = KeyFactory.getInstance(keyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(key.privateKey()));
        if (keys.size() >= MAX_CACHED_KEYS) {
            keys.clear();
        }
        keys.put(key, parsed);
        return parsed;
    }

    /**
     * Breaks the header value at tag boundaries and inside {@code b=}. A fold replaces the single space after a
     * {@code ;}, which relaxed canonicalization turns back into that space; whitespace inside {@code b=} is
     * removed by the verifier with the value. So the folded header canonicalizes to what was signed.
     */
    private static String fold(String tags, String signature) {
        StringBuilder out = new StringBuilder(tags.length() + signature.length() + 32);
        int lineLength = "DKIM-Signature: ".length();
        String[] parts = tags.split("; ");
        for (int i = 0; i < parts.length; i++) {
            String part = i < parts.length - 1 ? parts[i] + ";" : parts[i];
            if (i > 0) {
                if (lineLength + 1 + part.length() > 76) {
                    out.append("\r\n\t");
                    lineLength = 1;
                } else {
                    out.append(' ');
                    lineLength++;
                }
            }
            out.append(part);
            lineLength += part.length();
        }
        for (int i = 0; i < signature.length(); i += 72) {
            if (i > 0 || lineLength + 72 > 78) {
                out.append("\r\n\t");
            }
            out.append(signature, i, Math.min(signature.length(), i + 72));
        }
        return out.toString();
    }

    /** The index of the first body byte, or -1 when the message has no empty line (and so no body). */
    static int bodyStart(byte[] m) {
        if (m.length >= 2 && m[0] == '\r' && m[1] == '\n') {
            return 2;
        }
        for (int i = 0; i + 3 < m.length; i++) {
            if (m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /** The header fields, each with its folding CRLFs but without its final CRLF. */
    static List<String> headerFields(byte[] m, int end) {
        // Header bytes are ASCII or, with SMTPUTF8, UTF-8; ISO-8859-1 keeps every byte as one char either way.
        String block = new String(m, 0, end, StandardCharsets.ISO_8859_1);
        List<String> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String line : block.split("\r\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append("\r\n").append(line);
            } else {
                if (current != null) {
                    fields.add(current.toString());
                }
                current = new StringBuilder(line);
            }
        }
        if (current != null) {
            fields.add(current.toString());
        }
        return fields;
    }

    private static String fieldName(String field) {
        int colon = field.indexOf(':');
        return (colon < 0 ? field : field.substring(0, colon)).strip();
    }

    /** RFC 6376 3.4.2. */
    static String relaxedHeader(String field) {
        int colon = field.indexOf(':');
        String name = field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = field.substring(colon + 1).replace("\r\n", "").replaceAll("[ \t]+", " ").strip();
        return name + ":" + value;
    }

    /**
     * RFC 6376 3.4.4, over {@code m[start..]}; an absent body ({@code start < 0}) is empty. One pass into one array:
     * relaxed output is never longer than its input plus a final CRLF, and the empty lines held back (they count only
     * when a non-empty line follows) are put in front of a line by moving it, which stays within what was read.
     */
    static byte[] relaxedBody(byte[] m, int start) {
        if (start < 0 || start >= m.length) {
            return new byte[0];
        }
        byte[] out = new byte[m.length - start + 2];
        int o = 0;
        int emptyLines = 0;
        int i = start;
        while (i < m.length) {
            int lineStart = o;
            boolean inSpace = false;
            while (i < m.length && !(m[i] == '\r' && i + 1 < m.length && m[i + 1] == '\n')) {
                byte b = m[i++];
                if (b == ' ' || b == '\t') {
                    inSpace = true;
                } else {
                    if (inSpace) {
                        out[o++] = ' ';
                        inSpace = false;
                    }
                    out[o++] = b;
                }
            }
            // Whitespace at the end of a line is dropped: inSpace still true here is simply not written.
            i += 2;
            if (o == lineStart) {
                emptyLines++;
                continue;
            }
            if (emptyLines > 0) {
                int length = o - lineStart;
                System.arraycopy(out, lineStart, out, lineStart + 2 * emptyLines, length);
                for (int k = 0; k < emptyLines; k++) {
                    out[lineStart + 2 * k] = '\r';
                    out[lineStart + 2 * k + 1] = '\n';
                }
                o += 2 * emptyLines;
                emptyLines = 0;
            }
            out[o++] = '\r';
            out[o++] = '\n';
        }
        return java.util.Arrays.copyOf(out, o);
    }
}
