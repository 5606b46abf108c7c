package dev.ses.core.internal.tracking;

import dev.ses.core.spi.TrackingKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and reads the tokens of tracking and unsubscribe URLs: {@code <key id>.<payload>.<signature>}, all
 * URL-safe. The payload (unpadded base64url) holds the kind and the message row id as variable-length integers, then
 * what the kind needs, then 4 bytes of the SHA-256 of the recipient in lower case, so that a token names its
 * recipient without spelling the address out in every link. The signature is HMAC-SHA256 over the key id and the
 * payload, cut to 128 bits (RFC 2104 section 5 allows truncation to no less than half the output). Verification
 * compares in constant time and refuses anything else: an unknown key id, a wrong length, a changed byte, a token
 * of another kind.
 *
 * <p>A copy's pixel and its links share one token ({@link Kind#COPY}), signed once per copy: it names the row and
 * the copy's {@linkplain #linkSetId link set}, the list of the links it was sent with. A click URL appends the
 * link's index after a fourth {@code .}, outside the signature: changing it can only lead to another link of the
 * same copy, or to none (a 404), never to a URL the message did not hold, so a per-link signature buys nothing and
 * costs one HMAC per link. Tokens of the earlier kinds ({@link Kind#OPEN}, {@link Kind#CLICK} with the index inside
 * the signature) are still read, so mail already sent keeps working.
 *
 * <p>Thread-safe: each call uses its own {@link Mac}.
 */
public final class TrackingTokens {
    /** What a token is for; its letter is the first byte of the payload. */
    public enum Kind {
        /** The open pixel, in mail written before {@link #COPY}. */
        OPEN('o'),
        /** A rewritten link with its index signed, in mail written before {@link #COPY}. */
        CLICK('c'),
        /** A copy's pixel and links: the row and its link set, signed once per copy. */
        COPY('m'),
        /** The unsubscribe URL. */
        UNSUBSCRIBE('u');

        private final char letter;

        Kind(char letter) {
            this.letter = letter;
        }

        static Optional<Kind> of(int letter) {
            for (Kind k : values()) {
                if (k.letter == letter) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * What a verified token says.
     *
     * @param kind what it is for
     * @param rowId the recipient's message row
     * @param link the link's index, for a click (of {@link Kind#COPY}, the unsigned one after the token); else 0
     * @param recipientDigest 4 bytes of the SHA-256 of the recipient in lower case
     * @param linkSet for {@link Kind#COPY}, the id of the copy's link set
     * @param linkGiven whether a link index followed the signed token (only {@link Kind#COPY} may have one)
     */
    public record Claim(Kind kind, long rowId, int link, int recipientDigest, Optional<String> linkSet,
                        boolean linkGiven) {
        /** Whether the token was made for this recipient. */
        public boolean names(String recipient) {
            return recipientDigest == digest(recipient);
        }
    }

    /** The longest token read: longer text is refused before any decoding. */
    public static final int MAX_LENGTH = 120;
    private static final int SIGNATURE_BYTES = 16;
    private static final int LINK_SET_BYTES = 16;
    /** The highest link index a click URL may carry: more links than a message can hold. */
    private static final int MAX_LINK = 99_999;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Map<String, SecretKeySpec> keys;
    private final String current;
    /** An initialised {@link Mac} per key, cloned for each use: cheaper than a new instance and its init. */
    private final Map<String, Mac> prototypes;

    /**
     * Tokens signed with the key named {@code current} and verified with any of {@code keys}.
     *
     * @throws IllegalArgumentException if no key has the current id, or two keys share an id
     */
    public TrackingTokens(List<TrackingKey> keys, String current) {
        Map<String, SecretKeySpec> byId = new LinkedHashMap<>();
        for (TrackingKey k : keys) {
            if (byId.put(k.id(), new SecretKeySpec(k.secret(), "HmacSHA256")) != null) {
                throw new IllegalArgumentException("two tracking keys have the id " + k.id());
            }
        }
        if (!byId.containsKey(current)) {
            throw new IllegalArgumentException("no tracking key has the current id " + current + "; ids: "
                    + byId.keySet());
        }
        this.keys = Map.copyOf(byId);
        this.current = current;
        Map<String, Mac> macs = new LinkedHashMap<>();
        byId.forEach((id, key) -> macs.put(id, newMac(key)));
        this.prototypes = Map.copyOf(macs);
    }

    /**
     * A signer of one recipient's tokens: the recipient's digest computed once, for a message's many links. Not
     * thread-safe; cheap to make.
     */
    public final class Signer {
        private final long rowId;
        private final int digest;
        private final Mac mac = mac(current);

        private Signer(long rowId, String recipient) {
            this.rowId = rowId;
            this.digest = digest(recipient);
        }

        /** A token of this recipient's row; {@code link} is the link's index for a click, else ignored. */
        public String sign(Kind kind, int link) {
            return TrackingTokens.this.sign(mac, kind, rowId, digest, link, null);
        }

        /**
         * The copy's token for its pixel and links: a click URL appends {@code .<index>}.
         *
         * @param linkSet the copy's link set id, from {@link #linkSetId}
         */
        public String copy(String linkSet) {
            return TrackingTokens.this.sign(mac, Kind.COPY, rowId, digest, 0, DECODER.decode(linkSet));
        }
    }

    /** A signer for one recipient's row. */
    public Signer signer(long rowId, String recipient) {
        return new Signer(rowId, recipient);
    }

    /** The id of the key that signs. */
    public String currentKeyId() {
        return current;
    }

    /** A token for one recipient's row; {@code link} is the link's index for a click, else ignored. */
    public String sign(Kind kind, long rowId, String recipient, int link) {
        if (kind == Kind.COPY) {
            throw new IllegalArgumentException("a copy token is signed with its link set: Signer.copy");
        }
        return sign(mac(current), kind, rowId, digest(recipient), link, null);
    }

    /**
     * The id of a list of links: the first 128 bits of the SHA-256 of each link's length and UTF-8 bytes, in
     * unpadded base64url (22 characters). It names the list's content, so copies sent with the same links share
     * one stored list; at 128 bits no two lists found in practice, nor made on purpose, share an id.
     */
    public static String linkSetId(List<String> links) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        byte[] length = new byte[4];
        for (String link : links) {
            byte[] bytes = link.getBytes(StandardCharsets.UTF_8);
            int n = bytes.length;
            length[0] = (byte) (n >>> 24);
            length[1] = (byte) (n >>> 16);
            length[2] = (byte) (n >>> 8);
            length[3] = (byte) n;
            sha.update(length);
            sha.update(bytes);
        }
        return ENCODER.encodeToString(java.util.Arrays.copyOf(sha.digest(), LINK_SET_BYTES));
    }

    private String sign(Mac mac, Kind kind, long rowId, int d, int link, byte[] linkSet) {
        byte[] buffer = new byte[25 + LINK_SET_BYTES];
        int at = 0;
        buffer[at++] = (byte) kind.letter;
        at = writeVarLong(buffer, at, rowId);
        if (kind == Kind.CLICK) {
            at = writeVarLong(buffer, at, link);
        }
        if (kind == Kind.COPY) {
            if (linkSet.length != LINK_SET_BYTES) {
                throw new IllegalArgumentException("a link set id has " + LINK_SET_BYTES + " bytes: "
                        + linkSet.length);
            }
            System.arraycopy(linkSet, 0, buffer, at, LINK_SET_BYTES);
            at += LINK_SET_BYTES;
        }
        buffer[at++] = (byte) (d >>> 24);
        buffer[at++] = (byte) (d >>> 16);
        buffer[at++] = (byte) (d >>> 8);
        buffer[at++] = (byte) d;
        String body = current + "." + ENCODER.encodeToString(java.util.Arrays.copyOf(buffer, at));
        return body + "." + ENCODER.encodeToString(signature(mac, body));
    }

    /**
     * Reads a token; empty if it is malformed, truncated, changed, or signed by a key this instance lacks. A
     * {@link Kind#COPY} token may be followed by {@code .<index>} (decimal, no leading zero), a click's link.
     */
    public Optional<Claim> verify(String token) {
        if (token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int first = token.indexOf('.');
        int last = token.lastIndexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second > 0 && second != last) {
            if (token.indexOf('.', second + 1) != last) {
                return Optional.empty();
            }
            int link = linkIndex(token, last + 1);
            if (link < 0) {
                return Optional.empty();
            }
            return verify(token.substring(0, last)).filter(c -> c.kind() == Kind.COPY)
                    .map(c -> new Claim(c.kind(), c.rowId(), link, c.recipientDigest(), c.linkSet(), true));
        }
        if (first <= 0 || last <= first + 1 || last == token.length() - 1) {
            return Optional.empty();
        }
        String keyId = token.substring(0, first);
        if (!keys.containsKey(keyId)) {
            return Optional.empty();
        }
        byte[] signature;
        byte[] payload;
        String signatureText = token.substring(last + 1);
        String payloadText = token.substring(first + 1, last);
        try {
            signature = DECODER.decode(signatureText);
            payload = DECODER.decode(payloadText);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // Base64 ignores the unused low bits of a last character: only the one spelling ses writes is accepted,
        // so no two texts name the same token.
        if (!ENCODER.encodeToString(signature).equals(signatureText)
                || !ENCODER.encodeToString(payload).equals(payloadText)) {
            return Optional.empty();
        }
        if (signature.length != SIGNATURE_BYTES
                || !MessageDigest.isEqual(signature, signature(mac(keyId), token.substring(0, last)))) {
            return Optional.empty();
        }
        return parse(payload);
    }

    /** The decimal index from {@code from} to the end: 0, or digits without a leading zero; -1 if not. */
    private static int linkIndex(String token, int from) {
        int n = token.length() - from;
        if (n < 1 || n > 5 || n > 1 && token.charAt(from) == '0') {
            return -1;
        }
        int value = 0;
        for (int i = from; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= MAX_LINK ? value : -1;
    }

    private static Optional<Claim> parse(byte[] payload) {
        if (payload.length < 6) {
            return Optional.empty();
        }
        Optional<Kind> kind = Kind.of(payload[0] & 0xff);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        int[] at = {1};
        long rowId = readVarLong(payload, at);
        long link = kind.get() == Kind.CLICK ? readVarLong(payload, at) : 0;
        int setBytes = kind.get() == Kind.COPY ? LINK_SET_BYTES : 0;
        if (rowId < 0 || link < 0 || link > Integer.MAX_VALUE || payload.length - at[0] != setBytes + 4) {
            return Optional.empty();
        }
        Optional<String> linkSet = Optional.empty();
        if (setBytes > 0) {
            linkSet = Optional.of(ENCODER.encodeToString(java.util.Arrays.copyOfRange(payload, at[0],
                    at[0] + setBytes)));
        }
        int p = at[0] + setBytes;
        int digest = (payload[p] & 0xff) << 24 | (payload[p + 1] & 0xff) << 16 | (payload[p + 2] & 0xff) << 8
                | payload[p + 3] & 0xff;
        return Optional.of(new Claim(kind.get(), rowId, (int) link, digest, linkSet, false));
    }

    private static byte[] signature(Mac mac, String body) {
        return java.util.Arrays.copyOf(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)), SIGNATURE_BYTES);
    }

    /** A fresh {@link Mac} of a key: a clone of its prototype, or a new one where the provider cannot clone. */
    private Mac mac(String keyId) {
        try {
            return (Mac) prototypes.get(keyId).clone();
        } catch (CloneNotSupportedException e) {
            return newMac(keys.get(keyId));
        }
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    static int digest(String recipient) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(recipient.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | h[3] & 0xff;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Writes a variable-length integer (at most 10 bytes) at {@code at}; returns the position after it. */
    private static int writeVarLong(byte[] out, int at, long value) {
        long v = value;
        int p = at;
        while ((v & ~0x7FL) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    /** Reads a variable-length integer at {@code at[0]}, moving it; -1 if the bytes end first or run too long. */
    private static long readVarLong(byte[] in, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (at[0] >= in.length) {
                return -1;
            }
            int b = in[at[0]++] & 0xff;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        return -1;
    }
}
