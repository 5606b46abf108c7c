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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
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

    /** The run after {@code previous} for a recurring task, if it starts before its end. */
    static Optional<Instant> nextRun(SendTask task, Instant previous, Instant now) {
        if (task.type() != TaskType.RECURRING || task.interval().isEmpty()) {
            return Optional.empty();
        }
        Duration every = task.interval().get();
        Instant next = previous.plus(every);
        if (next.isBefore(now)) {
            long missed = Duration.between(next, now).toMillis() / every.toMillis();
            next = next.plus(every.multipliedBy(missed));
            if (!next.isAfter(now)) {
                next = next.plus(every);
            }
        }
        Instant n = next;
        return task.endAt().filter(end -> n.isAfter(end)).isPresent() ? Optional.empty() : Optional.of(next);
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
        TreeSet<String> expected = new TreeSet<>(template.get().variables());
        expected.addAll(subjectVariables);
        TreeSet<String> given = new TreeSet<>(group.get().variables());
        given.addAll(task.sharedVariables().keySet());
        if (!expected.equals(given)) {
            return Optional.of("the template's variables " + expected + " no longer match the group's columns and "
                    + "shared variables " + given);
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
                Optional.of(task.id()), Optional.of(run.id()), Optional.empty(), now);
        engine.store().requests().insertIfAbsent(request);
        long total = engine.store().enqueueGroup(request, task.groupId(), now);
        engine.store().tasks().updateRun(new TaskRun(run.id(), run.taskId(), account, run.number(), requestId, total,
                now, Optional.empty()));
        LOG.info("task {} of account {}: run {} queued {} messages", task.id(), account, run.number(), total);
        return Optional.empty();
    }

    private void complete(TaskRun run, Instant now) {
        engine.store().inTransaction(() -> {
            engine.store().tasks().updateRun(run.completed(now));
            engine.store().tasks().get(run.account(), run.taskId()).ifPresent(task -> {
                if (task.status() == TaskStatus.SENDING) {
                    TaskStatus status = task.nextRunAt().isPresent() ? TaskStatus.WAITING : TaskStatus.COMPLETED;
                    engine.store().tasks().update(task.withStatus(status, task.reason(), now));
                }
            });
            return null;
        });
    }

    /** Pauses a task: its open runs' messages wait until {@link #resume}. */
    public SendTask pause(SendTask task) {
        requireState(task, "pause", TaskStatus.WAITING, TaskStatus.SENDING);
        Instant now = engine.clock().instant();
        return engine.store().inTransaction(() -> {
            openRuns(task).forEach(r -> engine.store().messages().rescheduleRun(r.id(), PAUSED_UNTIL));
            SendTask paused = task.withStatus(TaskStatus.PAUSED, task.reason(), now);
            engine.store().tasks().update(paused);
            return paused;
        });
    }

    /** Resumes a paused task. */
    public SendTask resume(SendTask task) {
        requireState(task, "resume", TaskStatus.PAUSED);
        Instant now = engine.clock().instant();
        return engine.store().inTransaction(() -> {
            List<TaskRun> open = openRuns(task);
            open.forEach(r -> engine.store().messages().rescheduleRun(r.id(), now));
            TaskStatus status = open.isEmpty() ? TaskStatus.WAITING : TaskStatus.SENDING;
            SendTask resumed = task.withStatus(status, task.reason(), now);
            engine.store().tasks().update(resumed);
            return resumed;
        });
    }

    /** Cancels a task: no further run starts, and what its open runs have not sent is settled as CANCELLED. */
    public SendTask cancel(SendTask task) {
        requireState(task, "cancel", TaskStatus.WAITING, TaskStatus.SENDING, TaskStatus.PAUSED);
        Instant now = engine.clock().instant();
        return engine.store().inTransaction(() -> {
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
