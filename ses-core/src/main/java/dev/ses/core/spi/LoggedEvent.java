package dev.ses.core.spi;

import dev.ses.core.EventType;
import dev.ses.core.SesEvent;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the event log: an event, the key that makes the same happening impossible to record twice, and its
 * place in the log.
 *
 * @param seq its place in the log, from 1, in commit order; 0 before it is appended
 * @param key what identifies the happening (at most {@value #MAX_KEY} characters): a second event with the same key
 *            is not appended
 * @param event the event
 */
public record LoggedEvent(long seq, String key, SesEvent event) {
    /** The longest key. */
    public static final int MAX_KEY = 200;

    /**
     * Checks the fields.
     *
     * @param seq its place in the log, from 1, in commit order; 0 before it is appended
     * @param key what identifies the happening (at most {@value #MAX_KEY} characters): a second event with the same key
     *            is not appended
     * @param event the event
     */
    public LoggedEvent {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > MAX_KEY) {
            throw new IllegalArgumentException("key must be 1-" + MAX_KEY + " characters: " + key);
        }
        Objects.requireNonNull(event, "event");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0: " + seq);
        }
    }

    /**
     * {@return the entry of a message row's queueing, keyed {@code q:<row id>}: every store writes this one form, also
     * when it appends a whole task run's entries in SQL}
     *
     * @param m the message row, as inserted
     * @param from the sender's mailbox
     */
    public static LoggedEvent queued(MessageRecord m, String from) {
        return of("q:" + m.id(), new SesEvent(EventType.QUEUED, m.account(), m.requestId(), m.id(), m.recipient(),
                from, m.senderDomain(), m.templateId(), m.taskId(), m.runId(), m.attempts(), m.createdAt(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    /**
     * {@return a new entry to append}
     *
     * @param key what identifies the happening (at most {@value #MAX_KEY} characters): a second event with the same key
     *         is not appended
     * @param event the event
     */
    public static LoggedEvent of(String key, SesEvent event) {
        return new LoggedEvent(0, key, event);
    }

    /**
     * {@return a copy at a place in the log}
     *
     * @param newSeq its place in the log, from 1
     */
    public LoggedEvent at(long newSeq) {
        return new LoggedEvent(newSeq, key, event);
    }
}
