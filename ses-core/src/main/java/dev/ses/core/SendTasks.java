package dev.ses.core;

import dev.ses.core.internal.Engine;
import dev.ses.core.internal.HeaderChecks;
import dev.ses.core.internal.SubjectLineBreaks;
import dev.ses.core.internal.TaskRunner;
import dev.ses.core.internal.TemplateVariables;
import dev.ses.core.spi.MessageRecord;
import dev.ses.core.spi.RecipientRow;
import dev.ses.core.spi.RunCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An account's batch tasks: a message of its own to each recipient of a group, now, at an instant, or every N days
 * or hours, under the daily quotas. Thread-safe. Obtain through {@link SesAccount#tasks()}.
 */
public final class SendTasks {
    private static final int PAGE = 1_000;

    private final Engine engine;
    private final String account;
    private final Runnable wake;

    SendTasks(Engine engine, String account, Runnable wake) {
        this.engine = engine;
        this.account = account;
        this.wake = wake;
    }

    /**
     * Creates a task. A BATCH task starts on the next pump of the engine; a SCHEDULED one at its instant; a
     * RECURRING one at its start, then every interval, each run reading the group as it is then. An interval of
     * whole days keeps the start's local time in the task's zone (the request's, or else the quota days' zone,
     * which is stored with the task); runs missed while no engine ran are skipped, not caught up. The subject and
     * the shared variables it uses follow the rule of every header ({@link SendRequest#subject()}); a message whose
     * subject, filled with its recipient's values, is longer than 989 characters settles FAILED with that reason.
     *
     * @param request what to send, to which group, and when
     * @return the new task
     * @throws SesException NOT_FOUND (sender address, group, template), DOMAIN_NOT_VERIFIED,
     *                      TEMPLATE_VARIABLES_MISMATCH (the group's columns plus the shared variables must be exactly
     *                      the template's and subject's variables; the error names those that differ),
     *                      TEMPLATE_DATA_INVALID (a value the subject uses holds a line break: the error names the
     *                      variables and the recipients whose values do; the same check fails a run that starts later
     *                      if an import brought such a value),
     *                      INVALID_ARGUMENT (an empty group, a start in the past, an interval that is not a whole
     *                      number of hours, an end before the start, a subject over 989 characters or with a
     *                      control character other than tab)
     */
    public SendTask create(TaskRequest request) {
        SenderAddresses addresses = new SenderAddresses(engine, account);
        SenderAddress from = addresses.get(request.from());
        addresses.requireSendable(from);
        RecipientGroup group = new RecipientGroups(engine, account).get(request.groupId());
        if (group.recipients() == 0) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "groupId: group " + group.name() + " is empty; import "
                    + "recipients first");
        }
        Template template = new Templates(engine, account).get(request.templateId());
        var subject = engine.templates().compile(request.subject(), TemplateType.TEXT, "subject");
        Set<String> overlap = new HashSet<>(group.variables());
        overlap.retainAll(request.sharedVariables().keySet());
        if (!overlap.isEmpty()) {
            throw new SesException(ErrorCode.TEMPLATE_VARIABLES_MISMATCH, "sharedVariables: " + new TreeSet<>(overlap)
                    + " are also columns of group " + group.name());
        }
        List<String> given = new ArrayList<>(group.variables());
        given.addAll(request.sharedVariables().keySet());
        TemplateVariables.requireExactly(TemplateVariables.expected(template.variables(), subject.variables()), given,
                "variables (group columns and shared variables)", request.tracking());
        for (Map.Entry<String, String> v : request.sharedVariables().entrySet()) {
            String field = "sharedVariables." + v.getKey();
            int max = engine.limits().maxTemplateDataBytes();
            if (subject.variables().contains(v.getKey())) {
                HeaderChecks.subjectValue(field, v.getValue());
            }
            dev.ses.core.internal.Mailboxes.bodyText(ErrorCode.TEMPLATE_DATA_INVALID, field, v.getValue(), max);
        }
        HeaderChecks.subject(request.subject());
        Optional<String> lineBreaks = SubjectLineBreaks.find(engine.store(), group, subject.variables());
        if (lineBreaks.isPresent()) {
            throw new SesException(ErrorCode.TEMPLATE_DATA_INVALID, "subject: " + lineBreaks.get());
        }

        Instant now = engine.clock().instant();
        Instant start = schedule(request, now);
        SendTask task = new SendTask(0, account, request.type(), group.id(), template.id(), from.id(),
                request.subject(), request.sharedVariables(), start, request.interval(), request.endAt(),
                request.zone().orElse(engine.quotas().zone()), TaskStatus.WAITING, Optional.of(start), 0,
                Optional.empty(), now, now, request.tracking());
        SendTask created = engine.store().tasks().insert(task);
        wake.run();
        return created;
    }

    private static Instant schedule(TaskRequest request, Instant now) {
        switch (request.type()) {
            case BATCH -> {
                return now;
            }
            case SCHEDULED -> {
                Instant at = request.startAt().orElseThrow(() -> new SesException(ErrorCode.INVALID_ARGUMENT,
                        "startAt: a scheduled task needs a start"));
                if (!at.isAfter(now)) {
                    throw new SesException(ErrorCode.INVALID_ARGUMENT, "startAt: " + at + " is not in the future");
                }
                return at;
            }
            default -> {
                Instant at = request.startAt().orElseThrow(() -> new SesException(ErrorCode.INVALID_ARGUMENT,
                        "startAt: a recurring task needs a start"));
                if (at.isBefore(now)) {
                    throw new SesException(ErrorCode.INVALID_ARGUMENT, "startAt: " + at + " is in the past");
                }
                Duration every = request.interval().orElseThrow(() -> new SesException(ErrorCode.INVALID_ARGUMENT,
                        "interval: a recurring task needs an interval"));
                if (every.compareTo(Duration.ofHours(1)) < 0 || every.toMinutes() % 60 != 0 || every.toNanos()
                        % 60_000_000_000L != 0) {
                    throw new SesException(ErrorCode.INVALID_ARGUMENT, "interval: " + every
                            + " is not a whole number of hours or days");
                }
                if (request.endAt().filter(end -> end.isBefore(at)).isPresent()) {
                    throw new SesException(ErrorCode.INVALID_ARGUMENT, "endAt: " + request.endAt().get()
                            + " is before the start " + at);
                }
                return at;
            }
        }
    }

    /**
     * {@return the task with this id}
     *
     * @param id the task's id
     * @throws SesException NOT_FOUND
     */
    public SendTask get(long id) {
        return engine.store().tasks().get(account, id).orElseThrow(() -> new SesException(ErrorCode.NOT_FOUND,
                "taskId: no task " + id + " in account " + account));
    }

    /**
     * {@return one page of the account's tasks, newest first}
     *
     * @param page which page, and how many tasks on it
     */
    public Page<SendTask> list(PageRequest page) {
        return Page.of(engine.store().tasks().list(account), page);
    }

    /**
     * {@return the runs of a task, first first}
     *
     * @param id the task's id
     */
    public List<TaskRun> runs(long id) {
        return engine.store().tasks().runs(get(id).id());
    }

    /**
     * {@return how far a task has come, over all its runs} Its status is PAUSED also while the day's quota is spent and
     * the rest waits for the next day (the {@code cached} count).
     *
     * @param id the task's id
     * @throws SesException NOT_FOUND
     */
    public TaskProgress progress(long id) {
        SendTask task = get(id);
        Instant now = engine.clock().instant();
        Map<MessageState, Long> byState = new EnumMap<>(MessageState.class);
        long waiting = 0;
        boolean open = false;
        for (TaskRun run : engine.store().tasks().runs(id)) {
            RunCounts c = engine.store().messages().countRun(run.id(), now);
            c.byState().forEach((k, v) -> byState.merge(k, v, Long::sum));
            waiting += c.waiting();
            open |= run.completedAt().isEmpty();
        }
        return progress(task, Optional.empty(), byState, waiting, open);
    }

    /**
     * {@return how far one run of a task has come}
     *
     * @param id the task's id
     * @param runNumber the run's number, from 1
     * @throws SesException NOT_FOUND
     */
    public TaskProgress progress(long id, int runNumber) {
        SendTask task = get(id);
        TaskRun run = engine.store().tasks().runs(id).stream().filter(r -> r.number() == runNumber).findFirst()
                .orElseThrow(() -> new SesException(ErrorCode.NOT_FOUND, "runNumber: task " + id + " has no run "
                        + runNumber));
        RunCounts c = engine.store().messages().countRun(run.id(), engine.clock().instant());
        return progress(task, Optional.of(run), c.byState(), c.waiting(), run.completedAt().isEmpty());
    }

    private static TaskProgress progress(SendTask task, Optional<TaskRun> run, Map<MessageState, Long> byState,
                                         long waiting, boolean open) {
        long total = byState.values().stream().mapToLong(Long::longValue).sum();
        long unsent = byState.getOrDefault(MessageState.QUEUED, 0L) + byState.getOrDefault(MessageState.CANCELLED, 0L)
                + byState.getOrDefault(MessageState.FAILED, 0L);
        long due = byState.getOrDefault(MessageState.QUEUED, 0L) - waiting
                + byState.getOrDefault(MessageState.SENDING, 0L);
        TaskStatus status = task.status();
        if (status == TaskStatus.SENDING && open && waiting > 0 && due == 0) {
            status = TaskStatus.PAUSED;
        }
        return new TaskProgress(task, run, status, total, total - unsent, waiting, byState);
    }

    /**
     * Pauses a task: nothing more is sent until {@link #resume(long)}.
     *
     * @param id the task's id
     * @return the task as it now stands
     * @throws SesException NOT_FOUND, or INVALID_STATE unless it is WAITING or SENDING
     */
    public SendTask pause(long id) {
        return new TaskRunner(engine).pause(get(id));
    }

    /**
     * Resumes a paused task.
     *
     * @param id the task's id
     * @return the task as it now stands
     * @throws SesException NOT_FOUND, or INVALID_STATE unless it is PAUSED by its owner
     */
    public SendTask resume(long id) {
        SendTask resumed = new TaskRunner(engine).resume(get(id));
        wake.run();
        return resumed;
    }

    /**
     * Cancels a task: no further message of it is sent, and no further run starts.
     *
     * @param id the task's id
     * @return the task as it now stands
     * @throws SesException NOT_FOUND, or INVALID_STATE if it has already ended
     */
    public SendTask cancel(long id) {
        return new TaskRunner(engine).cancel(get(id));
    }

    /**
     * {@return a new BATCH task to the recipients of an earlier task whose messages ended one of the given ways, with
     * their own variables, the same template, subject, sender, shared variables and tracking choice} Its recipients go into a new group
     * named after the task.
     *
     * @param id the earlier task's id
     * @param filters which ends to resend to, e.g. bounced or deferred
     * @throws SesException NOT_FOUND, or INVALID_ARGUMENT if no recipient matches
     */
    public SendTask resend(long id, Set<ResendFilter> filters) {
        SendTask old = get(id);
        RecipientGroup oldGroup = engine.store().groups().get(account, old.groupId()).orElse(null);
        List<String> columns = oldGroup != null ? oldGroup.variables() : List.of();
        Instant now = engine.clock().instant();
        RecipientGroup group = engine.store().inTransaction(() -> {
            String name = "resend of task " + id + " (" + java.util.UUID.randomUUID().toString().substring(0, 8) + ")";
            RecipientGroup g = engine.store().groups().insert(new RecipientGroup(0, account, name,
                    "recipients of task " + id + " filtered by " + filters, columns, 0, now));
            Set<String> seen = new HashSet<>();
            long count = 0;
            for (TaskRun run : engine.store().tasks().runs(id)) {
                long after = 0;
                List<MessageRecord> page;
                while (!(page = engine.store().messages().byRun(run.id(), after, PAGE)).isEmpty()) {
                    List<RecipientRow> rows = new ArrayList<>();
                    for (MessageRecord m : page) {
                        if (matches(m, filters) && seen.add(m.recipient().toLowerCase(java.util.Locale.ROOT))) {
                            rows.add(new RecipientRow(m.recipient(), m.variables(), rows.size() + 1L));
                        }
                    }
                    if (!rows.isEmpty()) {
                        engine.store().groups().addMembers(g.id(), rows);
                        count += rows.size();
                    }
                    after = page.get(page.size() - 1).id();
                }
            }
            if (count == 0) {
                throw new SesException(ErrorCode.INVALID_ARGUMENT, "filters: no recipient of task " + id
                        + " matches " + filters);
            }
            RecipientGroup filled = g.withContents(columns, count);
            engine.store().groups().update(filled);
            return filled;
        });
        SenderAddress from = engine.store().addresses().get(account, old.addressId()).orElseThrow(() ->
                new SesException(ErrorCode.NOT_FOUND, "from: the sender address of task " + id + " was deleted"));
        return create(TaskRequest.batch(from.email(), group.id(), old.templateId(), old.subject())
                .withSharedVariables(old.sharedVariables()).withTracking(old.tracking()));
    }

    private static boolean matches(MessageRecord m, Set<ResendFilter> filters) {
        for (ResendFilter f : filters) {
            boolean hit = switch (f) {
                case FAILED -> m.state() == MessageState.FAILED;
                case DEFERRED -> m.state() == MessageState.DEFERRED;
                case SOFT_BOUNCED -> m.state() == MessageState.BOUNCED
                        && m.bounceType().filter(b -> b == BounceType.SOFT).isPresent();
                case NOT_OPENED -> m.state() == MessageState.DELIVERED && !m.flags().opened();
            };
            if (hit) {
                return true;
            }
        }
        return false;
    }
}
