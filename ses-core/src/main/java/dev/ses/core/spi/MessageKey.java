package dev.ses.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a keyset-paged listing of messages stands: the creation time and id of the last message of a page.
 * Messages are listed newest first: by creation time, then id, both descending.
 *
 * @param createdAt the message's creation time
 * @param id its id
 */
public record MessageKey(Instant createdAt, long id) {
    /**
     * Checks the fields.
     *
     * @param createdAt the message's creation time
     * @param id its id
     */
    public MessageKey {
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * {@return the key of a message}
     *
     * @param m the message
     */
    public static MessageKey of(MessageRecord m) {
        return new MessageKey(m.createdAt(), m.id());
    }

    /**
     * {@return whether a message comes after this key, newest first}
     *
     * @param m the message to compare
     */
    public boolean before(MessageRecord m) {
        int c = m.createdAt().compareTo(createdAt);
        return c < 0 || c == 0 && m.id() < id;
    }
}
