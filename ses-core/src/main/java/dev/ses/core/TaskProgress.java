package dev.ses.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a task (or one of its runs) has come.
 *
 * @param task the task
 * @param run the run these counts are of, or empty for the task's runs together
 * @param status the status, PAUSED also when the day's quota is spent and the rest waits for the next day
 * @param requests how many messages it holds
 * @param sent how many were handed to the recipients' servers or settled
 * @param cached how many wait in the queue for a later day (or for a resume)
 * @param byState how many are in each state
 */
public record TaskProgress(SendTask task, Optional<TaskRun> run, TaskStatus status, long requests, long sent,
                           long cached, Map<MessageState, Long> byState) {
    /**
     * Checks and copies the fields.
     *
     * @param task the task
     * @param run the run these counts are of, or empty for the task's runs together
     * @param status the status, PAUSED also when the day's quota is spent and the rest waits for the next day
     * @param requests how many messages it holds
     * @param sent how many were handed to the recipients' servers or settled
     * @param cached how many wait in the queue for a later day (or for a resume)
     * @param byState how many are in each state
     */
    public TaskProgress {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(status, "status");
        byState = Map.copyOf(byState);
    }

    /**
     * {@return how many are in one state}
     *
     * @param state the message state
     */
    public long count(MessageState state) {
        return byState.getOrDefault(state, 0L);
    }

    /** {@return settled / requests, from 0 to 1 (1 for an empty task)} */
    public double progress() {
        long settled = byState.entrySet().stream().filter(e -> e.getKey().settled())
                .mapToLong(Map.Entry::getValue).sum();
        return requests == 0 ? 1 : (double) settled / requests;
    }
}
