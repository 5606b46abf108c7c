package dev.ses.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One occurrence of a task: the recipients of its group as they were when it started.
 *
 * @param id the store's identifier
 * @param taskId the task
 * @param account the owning account
 * @param number 1 for the first run, then 2, 3...
 * @param messageId the message id shared by this run's messages
 * @param total how many recipients it has
 * @param startedAt when it started
 * @param completedAt when its last recipient settled, if it has
 */
public record TaskRun(long id, long taskId, String account, int number, String messageId, long total,
                      Instant startedAt, Optional<Instant> completedAt) {
    /**
     * Checks the fields.
     *
     * @param id the store's identifier
     * @param taskId the task
     * @param account the owning account
     * @param number 1 for the first run, then 2, 3...
     * @param messageId the message id shared by this run's messages
     * @param total how many recipients it has
     * @param startedAt when it started
     * @param completedAt when its last recipient settled, if it has
     */
    public TaskRun {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(completedAt, "completedAt");
    }

    /**
     * {@return a copy completed at an instant}
     *
     * @param at when the run completed
     */
    public TaskRun completed(Instant at) {
        return new TaskRun(id, taskId, account, number, messageId, total, startedAt, Optional.of(at));
    }
}
