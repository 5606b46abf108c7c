package dev.ses.core.spi;

import dev.ses.core.SendTask;
import dev.ses.core.TaskRun;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Batch tasks and their runs. */
public interface TaskRepository {
    /**
     * Inserts a new task and returns it with its identifier.
     *
     * @param task the task to insert, with id 0
     * @return the task as stored, with its new id
     */
    SendTask insert(SendTask task);

    /**
     * Replaces a stored task (same id and account).
     *
     * @param task the task as it now stands
     */
    void update(SendTask task);

    /**
     * Replaces a stored task only if its {@code nextRunAt} still is {@code expectedNextRunAt}: the way one node, and
     * only one, starts a run.
     *
     * @param task the task as it now stands
     * @param expectedNextRunAt the next run the caller read before
     * @return whether it was replaced
     */
    boolean updateIfNextRunIs(SendTask task, Optional<Instant> expectedNextRunAt);

    /**
     * {@return the task with this id in this account}
     *
     * @param account the account's name
     * @param id the task's id
     */
    Optional<SendTask> get(String account, long id);

    /**
     * Reads a task and holds it until the calling transaction ends: another transaction that locks the same task
     * waits, then reads what this one wrote. Changes of one task's state (two runs completing on two nodes, a run
     * completing while the user pauses or cancels) take turns this way. Called inside a transaction, before the
     * task's runs or messages are written, so that every writer locks in the same order.
     *
     * @param account the account's name
     * @param id the task's id
     * @return the task as it stands, or empty if there is none
     */
    Optional<SendTask> lock(String account, long id);

    /**
     * {@return the account's tasks, newest first}
     *
     * @param account the account's name
     */
    List<SendTask> list(String account);

    /**
     * {@return every task, of any account, whose next run is due at {@code now}, WAITING or SENDING, oldest first}
     *
     * @param now the instant to judge at
     */
    List<SendTask> due(Instant now);

    /**
     * Inserts a run and returns it with its identifier.
     *
     * @param run the run to insert, with id 0
     * @return the run as stored, with its new id
     */
    TaskRun insertRun(TaskRun run);

    /**
     * Replaces a stored run.
     *
     * @param run the run as it now stands
     */
    void updateRun(TaskRun run);

    /**
     * {@return the runs of a task, first first}
     *
     * @param taskId the task's id
     */
    List<TaskRun> runs(long taskId);

    /** {@return every run, of any account, not completed yet} */
    List<TaskRun> openRuns();
}
