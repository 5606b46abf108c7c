package dev.ses.core.spi;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A key that signs the tokens of tracking and unsubscribe URLs (HMAC-SHA256). Each key has an id that every token
 * names, so keys rotate without breaking mail already sent: a new key signs, old ones still verify.
 *
 * @param id 1 to 16 letters or digits, written into every token it signs
 * @param secret at least 32 bytes; the record keeps its own copy
 * @param createdAt when it was made; the newest stored key signs when the builder names none
 */
public record TrackingKey(String id, byte[] secret, Instant createdAt) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,16}");
    /** The shortest secret accepted, in bytes: the output size of SHA-256. */
    public static final int MIN_SECRET_BYTES = 32;

    /**
     * Checks and copies the fields.
     *
     * @param id 1 to 16 letters or digits, written into every token it signs
     * @param secret at least 32 bytes; the record keeps its own copy
     * @param createdAt when it was made; the newest stored key signs when the builder names none
     * @throws IllegalArgumentException if the id is not 1 to 16 letters or digits, or the secret is shorter than
     *                                  32 bytes
     */
    public TrackingKey {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be 1-16 letters or digits: '" + id + "'");
        }
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secret must be at least " + MIN_SECRET_BYTES + " bytes: "
                    + secret.length + " bytes for key " + id);
        }
        secret = secret.clone();
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** {@return a copy of the secret} */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** Equal when id, secret and time are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TrackingKey k && k.id.equals(id) && Arrays.equals(k.secret, secret)
                && k.createdAt.equals(createdAt);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** Names the key, never its secret. */
    @Override
    public String toString() {
        return "TrackingKey[id=" + id + ", createdAt=" + createdAt + "]";
    }
}
