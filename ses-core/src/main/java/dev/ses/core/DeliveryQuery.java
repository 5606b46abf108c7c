package dev.ses.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which recipients' statuses to list: messages accepted in {@code [from, to)}, optionally for one recipient,
 * in one state, or of one task.
 *
 * @param from the first instant, inclusive
 * @param to the last instant, exclusive
 * @param recipient one recipient, case-insensitive
 * @param state one state
 * @param taskId one task
 */
public record DeliveryQuery(Instant from, Instant to, Optional<String> recipient, Optional<MessageState> state,
                            Optional<Long> taskId) {
    /**
     * Checks the fields.
     *
     * @param from the first instant, inclusive
     * @param to the last instant, exclusive
     * @param recipient one recipient, case-insensitive
     * @param state one state
     * @param taskId one task
     */
    public DeliveryQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(taskId, "taskId");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to must not be before from: " + from + " > " + to);
        }
    }

    /**
     * {@return every message accepted in {@code [from, to)}}
     *
     * @param from the first instant, inclusive
     * @param to the last instant, exclusive
     */
    public static DeliveryQuery between(Instant from, Instant to) {
        return new DeliveryQuery(from, to, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * {@return a copy for one recipient}
     *
     * @param address the recipient's email address
     */
    public DeliveryQuery withRecipient(String address) {
        return new DeliveryQuery(from, to, Optional.of(address), state, taskId);
    }

    /**
     * {@return a copy for one state}
     *
     * @param s the state the messages must be in
     */
    public DeliveryQuery withState(MessageState s) {
        return new DeliveryQuery(from, to, recipient, Optional.of(s), taskId);
    }

    /**
     * {@return a copy for one task}
     *
     * @param id the batch task's id
     */
    public DeliveryQuery withTask(long id) {
        return new DeliveryQuery(from, to, recipient, state, Optional.of(id));
    }
}
