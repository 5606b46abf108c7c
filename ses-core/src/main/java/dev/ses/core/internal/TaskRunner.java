package dev.ses.core.internal;

import dev.ses.core.ErrorCode;
import dev.ses.core.RecipientGroup;
import dev.ses.core.SendTask;
import dev.ses.core.SenderAddress;
import dev.ses.core.SesException;
import dev.ses.core.TaskRun;
import dev.ses.core.TaskStatus;
import dev.ses.core.TaskType;
import dev.ses.core.Template;
import dev.ses.core.TemplateType;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.RunCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the runs of batch tasks when they fall due (each once, whatever the number of nodes: the store's
 * compare-and-set on the next run decides) and completes runs whose every message has settled. Thread-safe.
 */
public final class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    /** Where a paused run's messages wait: far enough to never come by themselves. */
    public static final Instant PAUSED_UNTIL = Instant.parse("9000-01-01T00:00:00Z");

    private final Engine engine;

    public TaskRunner(Engine engine) {
        this.engine = engine;
    }

    /**
     * Starts every due run and completes every finished one.
     *
     * @return how many runs started or completed
     */
    public int runDue() {
        int done = 0;
        Instant now = engine.clock().instant();
        for (SendTask task : engine.store().tasks().due(now)) {
            try {
                if (start(task, now)) {
                    done++;
                }
            } catch (RuntimeException e) {
                // Typically another node (or thread) holds the task while it starts the same run; if not, the next
                // pump tries again, since the run's start was rolled back.
                LOG.warn("task {} of account {} could not start a run now: {}", task.id(), task.account(),
                        e.toString());
            }
        }
        for (TaskRun run : engine.store().tasks().openRuns()) {
            RunCounts counts = engine.store().messages().countRun(run.id(), now);
            if (counts.settled() == counts.total()) {
                complete(run, now);
                done++;
            }
        }
        return done;
    }

    /**
     * The run after {@code previous} for a recurring task, if it starts before its end: the first occurrence after
     * both {@code previous} and {@code now}, so that runs missed while no engine ran are skipped, not caught up.
     *
     * <p>Occurrence {@code k} is counted from the start, never from the previous run, so that a run an offset change
     * moved leaves no trace on the next. An interval of whole days counts calendar days in the task's zone at the
     * start's local time: a local time that a spring change skips runs as much later that day as the gap is long
     * (02:30 becomes 03:30), and one that an autumn change repeats runs at its first occurrence. Any other interval
     * is a fixed duration, as an hourly rhythm should not stretch or shrink with the clocks.
     */
    static Optional<Instant> nextRun(SendTask task, Instant previous, Instant now) {
        if (task.type() != TaskType.RECURRING || task.interval().isEmpty()) {
            return Optional.empty();
        }
        Duration every = task.interval().get();
        Instant after = previous.isAfter(now) ? previous : now;
        long k = Math.max(1, Duration.between(task.startAt(), after).toMillis() / every.toMillis());
        // Calendar days differ from fixed ones by the zone's offset changes since the start: the estimate is close,
        // and these loops make it exact.
        while (k > 1 && occurrence(task, every, k - 1).isAfter(after)) {
            k--;
        }
        Instant next = occurrence(task, every, k);
        while (!next.isAfter(after)) {
            next = occurrence(task, every, ++k);
        }
        Instant n = next;
        return task.endAt().filter(end -> n.isAfter(end)).isPresent() ? Optional.empty() : Optional.of(next);
    }

    /** The start of a recurring task's run {@code k + 1}: {@code k} intervals after its first. */
    private static Instant occurrence(SendTask task, Duration every, long k) {
        if (every.toHours() % 24 != 0) {
            return task.startAt().plus(every.multipliedBy(k));
        }
        LocalDateTime local = LocalDateTime.ofInstant(task.startAt(), task.zone()).plusDays(every.toDays() * k);
        return local.atZone(task.zone()).toInstant();
    }

    private boolean start(SendTask task, Instant now) {
        Optional<Instant> expected = task.nextRunAt();
        Optional<Instant> next = nextRun(task, expected.orElseThrow(), now);
        SendTask started = task.withSchedule(TaskStatus.SENDING, next, task.runs() + 1, now);
        return engine.store().inTransaction(() -> {
            if (!engine.store().tasks().updateIfNextRunIs(started, expected)) {
                return false;
            }
            Optional<String> problem = enqueue(started, now);
            if (problem.isPresent()) {
                LOG.warn("task {} of account {} failed: {}", task.id(), task.account(), problem.get());
                engine.store().tasks().update(started.withSchedule(TaskStatus.FAILED, Optional.empty(),
                        started.runs(), now).withStatus(TaskStatus.FAILED, problem, now));
            }
            return true;
        });
    }

    /** Writes the run, its request and one message per member of the group as it is now. */
    private Optional<String> enqueue(SendTask task, Instant now) {
        String account = task.account();
        Optional<RecipientGroup> group = engine.store().groups().get(account, task.groupId());
        Optional<Template> template = engine.store().templates().get(account, task.templateId());
        Optional<SenderAddress> from = engine.store().addresses().get(account, task.addressId());
        if (group.isEmpty()) {
            return Optional.of("its group " + task.groupId() + " was deleted");
        }
        if (template.isEmpty()) {
            return Optional.of("its template " + task.templateId() + " was deleted");
        }
        if (from.isEmpty()) {
            return Optional.of("its sender address was deleted");
        }
        List<String> subjectVariables = engine.templates().compile(task.subject(), TemplateType.TEXT, "subject")
                .variables();
        List<String> given = new java.util.ArrayList<>(group.get().variables());
        given.addAll(task.sharedVariables().keySet());
        Optional<String> mismatch = TemplateVariables.mismatch(TemplateVariables.expected(template.get().variables(),
                subjectVariables), given, "variables (group columns and shared variables, changed since the task "
                + "was created)", task.tracking());
        if (mismatch.isPresent()) {
            return mismatch;
        }
        Optional<String> lineBreaks = SubjectLineBreaks.find(engine.store(), group.get(), subjectVariables);
        if (lineBreaks.isPresent()) {
            return lineBreaks;
        }
        String requestId = MessageToken.newRequestId();
        TaskRun run = engine.store().tasks().insertRun(new TaskRun(0, task.id(), account, task.runs(), requestId, 0,
                now, Optional.empty()));
        SenderAddress sender = from.get();
        MailRequest request = new MailRequest(requestId, account, sender.id(), sender.email(), sender.displayName(),
                sender.domain(), template.get().id(), template.get().type(), template.get().body(), task.subject(),
                task.sharedVariables(), List.of(), List.of(), Optional.empty(), Map.of(), List.of(), true,
                Optional.of(task.id()), Optional.of(run.id()), Optional.empty(), now, task.tracking());
        engine.store().requests().insertIfAbsent(request);
        long total = engine.store().enqueueGroup(request, task.groupId(), now);
        engine.store().tasks().updateRun(new TaskRun(run.id(), run.taskId(), account, run.number(), requestId, total,
                now, Optional.empty()));
        LOG.info("task {} of account {}: run {} queued {} messages", task.id(), account, run.number(), total);
        return Optional.empty();
    }

    /**
     * Completes a run, and the task with it when no other run of it is open. A recurring task's next run may start
     * while an earlier one still waits for quota, so the run that settles first must leave the task SENDING. The
     * write is conditional on the next run the task had when read: a run that started meanwhile made it SENDING.
     */
    private void complete(TaskRun run, Instant now) {
        engine.store().inTransaction(() -> {
            // The task first: a run of it completing on another node waits here, then sees this run completed.
            Optional<SendTask> locked = engine.store().tasks().lock(run.account(), run.taskId());
            engine.store().tasks().updateRun(run.completed(now));
            locked.ifPresent(task -> {
                if (task.status() == TaskStatus.SENDING) {
                    TaskStatus status = afterRuns(task, !openRuns(task).isEmpty());
                    if (status != TaskStatus.SENDING) {
                        engine.store().tasks().updateIfNextRunIs(task.withStatus(status, task.reason(), now),
                                task.nextRunAt());
                    }
                }
            });
            return null;
        });
    }

    /**
     * The status of a task that is not paused, failed or cancelled: SENDING while any of its runs is open, then
     * WAITING for its next run, or COMPLETED when none will start.
     */
    private static TaskStatus afterRuns(SendTask task, boolean anyRunOpen) {
        if (anyRunOpen) {
            return TaskStatus.SENDING;
        }
        return task.nextRunAt().isPresent() ? TaskStatus.WAITING : TaskStatus.COMPLETED;
    }

    /** Pauses a task: its open runs' messages wait until {@link #resume}. */
    public SendTask pause(SendTask read) {
        Instant now = engine.clock().instant();
        return engine.store().inTransaction(() -> {
            SendTask task = lock(read, "pause", TaskStatus.WAITING, TaskStatus.SENDING);
            openRuns(task).forEach(r -> engine.store().messages().rescheduleRun(r.id(), PAUSED_UNTIL));
            SendTask paused = task.withStatus(TaskStatus.PAUSED, task.reason(), now);
            engine.store().tasks().update(paused);
            return paused;
        });
    }

    /** Resumes a paused task. */
    public SendTask resume(SendTask read) {
        Instant now = engine.clock().instant();
        return engine.store().inTransaction(() -> {
            SendTask task = lock(read, "resume", TaskStatus.PAUSED);
            List<TaskRun> open = openRuns(task);
            open.forEach(r -> engine.store().messages().rescheduleRun(r.id(), now));
            SendTask resumed = task.withStatus(afterRuns(task, !open.isEmpty()), task.reason(), now);
            engine.store().tasks().update(resumed);
            return resumed;
        });
    }

    /**
     * Cancels a task: no further run starts, and what each of its open runs (a recurring task may have several, when
     * a run starts while an earlier one waits for quota) has not sent is settled as CANCELLED.
     */
    public SendTask cancel(SendTask read) {
        Instant now = engine.clock().instant();
        return engine.store().inTransaction(() -> {
            SendTask task = lock(read, "cancel", TaskStatus.WAITING, TaskStatus.SENDING, TaskStatus.PAUSED);
            for (TaskRun r : openRuns(task)) {
                engine.store().messages().cancelRun(r.id(), "task cancelled", now);
            }
            SendTask cancelled = task.withSchedule(TaskStatus.CANCELLED, Optional.empty(), task.runs(), now);
            engine.store().tasks().update(cancelled);
            return cancelled;
        });
    }

    private List<TaskRun> openRuns(SendTask task) {
        return engine.store().tasks().runs(task.id()).stream().filter(r -> r.completedAt().isEmpty()).toList();
    }

    /**
     * The task as it is now, held until the transaction ends, if it is in one of the states an action needs: the
     * copy the caller read may be stale (a run completed, or another node paused or cancelled it, since).
     */
    private SendTask lock(SendTask read, String action, TaskStatus... allowed) {
        SendTask task = engine.store().tasks().lock(read.account(), read.id()).orElseThrow(() -> new SesException(
                ErrorCode.NOT_FOUND, "taskId: no task " + read.id() + " in account " + read.account()));
        requireState(task, action, allowed);
        return task;
    }

    private static void requireState(SendTask task, String action, TaskStatus... allowed) {
        for (TaskStatus s : allowed) {
            if (task.status() == s) {
                return;
            }
        }
        throw new SesException(ErrorCode.INVALID_STATE, "taskId: task " + task.id() + " is " + task.status()
                + " and cannot " + action);
    }
}
