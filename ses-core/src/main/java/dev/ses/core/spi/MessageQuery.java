package dev.ses.core.spi;

import dev.ses.core.MessageState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which messages to list: created in {@code [from, to)}, optionally for one recipient, state or task.
 *
 * @param from the first instant, inclusive
 * @param to the last instant, exclusive
 * @param recipient the recipient, compared case-insensitively
 * @param state the state
 * @param taskId the task
 */
public record MessageQuery(Instant from, Instant to, Optional<String> recipient, Optional<MessageState> state,
                           Optional<Long> taskId) {
    /**
     * Checks the fields.
     *
     * @param from the first instant, inclusive
     * @param to the last instant, exclusive
     * @param recipient the recipient, compared case-insensitively
     * @param state the state
     * @param taskId the task
     */
    public MessageQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(taskId, "taskId");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to must not be before from: " + from + " > " + to);
        }
    }
}
