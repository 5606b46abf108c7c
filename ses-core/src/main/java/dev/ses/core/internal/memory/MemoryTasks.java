package dev.ses.core.internal.memory;

import dev.ses.core.SendTask;
import dev.ses.core.TaskRun;
import dev.ses.core.TaskStatus;
import dev.ses.core.spi.TaskRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** In-memory tasks and runs. */
public final class MemoryTasks implements TaskRepository {
    private final MemoryTx tx;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong runIds = new AtomicLong();
    private final Map<Long, SendTask> tasks = new ConcurrentHashMap<>();
    private final Map<Long, TaskRun> runs = new ConcurrentHashMap<>();

    public MemoryTasks(MemoryTx tx) {
        this.tx = tx;
    }

    private static SendTask withId(SendTask t, long id) {
        return new SendTask(id, t.account(), t.type(), t.groupId(), t.templateId(), t.addressId(), t.subject(),
                t.sharedVariables(), t.startAt(), t.interval(), t.endAt(), t.zone(), t.status(), t.nextRunAt(),
                t.runs(), t.reason(), t.createdAt(), t.updatedAt(), t.tracking());
    }

    @Override
    public SendTask insert(SendTask task) {
        return tx.write(() -> {
            SendTask stored = withId(task, ids.incrementAndGet());
            tx.put(tasks, stored.id(), stored);
            return stored;
        });
    }

    @Override
    public void update(SendTask task) {
        tx.write(() -> {
            if (get(task.account(), task.id()).isPresent()) {
                tx.put(tasks, task.id(), task);
            }
        });
    }

    @Override
    public boolean updateIfNextRunIs(SendTask task, Optional<Instant> expectedNextRunAt) {
        return tx.write(() -> {
            SendTask current = tasks.get(task.id());
            if (current == null || !current.account().equals(task.account())
                    || !Objects.equals(current.nextRunAt(), expectedNextRunAt)) {
                return false;
            }
            tx.put(tasks, task.id(), task);
            return true;
        });
    }

    @Override
    public Optional<SendTask> get(String account, long id) {
        return tx.read(() -> Optional.ofNullable(tasks.get(id)).filter(t -> t.account().equals(account)));
    }

    @Override
    public Optional<SendTask> lock(String account, long id) {
        // The write lock, once taken, is held until the outermost transaction ends.
        return tx.write(() -> get(account, id));
    }

    @Override
    public List<SendTask> list(String account) {
        return tx.read(() -> tasks.values().stream().filter(t -> t.account().equals(account))
                .sorted(Comparator.comparingLong(SendTask::id).reversed()).toList());
    }

    @Override
    public List<SendTask> due(Instant now) {
        return tx.read(() -> tasks.values().stream()
                .filter(t -> t.status() == TaskStatus.WAITING || t.status() == TaskStatus.SENDING)
                .filter(t -> t.nextRunAt().map(at -> !at.isAfter(now)).orElse(false))
                .sorted(Comparator.comparing((SendTask t) -> t.nextRunAt().orElseThrow())
                        .thenComparingLong(SendTask::id))
                .toList());
    }

    @Override
    public TaskRun insertRun(TaskRun run) {
        return tx.write(() -> {
            TaskRun stored = new TaskRun(runIds.incrementAndGet(), run.taskId(), run.account(), run.number(),
                    run.messageId(), run.total(), run.startedAt(), run.completedAt());
            tx.put(runs, stored.id(), stored);
            return stored;
        });
    }

    @Override
    public void updateRun(TaskRun run) {
        tx.write(() -> {
            if (runs.containsKey(run.id())) {
                tx.put(runs, run.id(), run);
            }
        });
    }

    @Override
    public List<TaskRun> runs(long taskId) {
        return tx.read(() -> runs.values().stream().filter(r -> r.taskId() == taskId)
                .sorted(Comparator.comparingInt(TaskRun::number)).toList());
    }

    @Override
    public List<TaskRun> openRuns() {
        return tx.read(() -> runs.values().stream().filter(r -> r.completedAt().isEmpty())
                .sorted(Comparator.comparingLong(TaskRun::id)).toList());
    }
}
