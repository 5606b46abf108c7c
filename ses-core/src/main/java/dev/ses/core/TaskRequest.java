package dev.ses.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a batch task sends: to a group, from a sender address, with a template and a subject. Make one with
 * {@link #batch}, {@link #scheduled} or {@link #recurring}, then add shared variables, an end or a zone with the
 * {@code withX} copies.
 *
 * @param type batch, scheduled or recurring
 * @param from the sender address
 * @param groupId the recipient group
 * @param templateId the template
 * @param subject the subject, may hold variables
 * @param sharedVariables variables shared by every recipient; together with the group's columns they must be
 *                        exactly the template's and subject's variables
 * @param startAt when it starts (empty for a batch: now)
 * @param interval for a recurring task, every how many days or hours
 * @param endAt for a recurring task, after which instant no run starts
 * @param zone for a recurring task, the zone whose calendar an interval of whole days follows (see
 *             {@link #withZone}); empty for the zone of the quota days ({@link QuotaPolicy#zone()})
 * @param tracking what the task's messages allow of tracking (see {@link #withTracking})
 */
public record TaskRequest(TaskType type, String from, long groupId, long templateId, String subject,
                          Map<String, String> sharedVariables, Optional<Instant> startAt,
                          Optional<Duration> interval, Optional<Instant> endAt, Optional<ZoneId> zone,
                          MessageTracking tracking) {
    /**
     * Checks the fields; the rules are checked when the task is created.
     *
     * @param type batch, scheduled or recurring
     * @param from the sender address
     * @param groupId the recipient group
     * @param templateId the template
     * @param subject the subject, may hold variables
     * @param sharedVariables variables shared by every recipient; together with the group's columns they must be
     *                        exactly the template's and subject's variables
     * @param startAt when it starts (empty for a batch: now)
     * @param interval for a recurring task, every how many days or hours
     * @param endAt for a recurring task, after which instant no run starts
     * @param zone for a recurring task, the zone whose calendar an interval of whole days follows (see
     *             {@link #withZone}); empty for the zone of the quota days ({@link QuotaPolicy#zone()})
     * @param tracking what the task's messages allow of tracking (see {@link #withTracking})
     */
    public TaskRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank: '" + subject + "'");
        }
        sharedVariables = Map.copyOf(sharedVariables);
        Objects.requireNonNull(startAt, "startAt");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(endAt, "endAt");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(tracking, "tracking");
    }

    /**
     * A task with the bulk default of tracking ({@link MessageTracking#BULK}).
     *
     * @param type batch, scheduled or recurring
     * @param from the sender address
     * @param groupId the recipient group
     * @param templateId the template
     * @param subject the subject, may hold variables
     * @param sharedVariables variables shared by every recipient
     * @param startAt when it starts (empty for a batch: now)
     * @param interval for a recurring task, every how many days or hours
     * @param endAt for a recurring task, after which instant no run starts
     * @param zone for a recurring task, the zone whose calendar an interval of whole days follows
     */
    public TaskRequest(TaskType type, String from, long groupId, long templateId, String subject,
                       Map<String, String> sharedVariables, Optional<Instant> startAt, Optional<Duration> interval,
                       Optional<Instant> endAt, Optional<ZoneId> zone) {
        this(type, from, groupId, templateId, subject, sharedVariables, startAt, interval, endAt, zone,
                MessageTracking.BULK);
    }

    /**
     * {@return a task that starts now}
     *
     * @param from the sender address
     * @param groupId the recipient group
     * @param templateId the template
     * @param subject the subject, may hold variables
     */
    public static TaskRequest batch(String from, long groupId, long templateId, String subject) {
        return new TaskRequest(TaskType.BATCH, from, groupId, templateId, subject, Map.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * {@return a task that starts once, at an instant in the future}
     *
     * @param from the sender address
     * @param groupId the recipient group
     * @param templateId the template
     * @param subject the subject, may hold variables
     * @param at when it starts
     */
    public static TaskRequest scheduled(String from, long groupId, long templateId, String subject, Instant at) {
        return new TaskRequest(TaskType.SCHEDULED, from, groupId, templateId, subject, Map.of(), Optional.of(at),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * {@return a task that runs at {@code start}, then every {@code every} (a whole number of hours or days)} An
     * interval of whole days keeps the start's local time in the task's zone ({@link #withZone}): daily at 09:00 stays
     * at 09:00 across daylight saving time changes. Any other interval, 12 or 36 hours say, is a fixed duration.
     *
     * @param from the sender address
     * @param groupId the recipient group
     * @param templateId the template
     * @param subject the subject, may hold variables
     * @param start when the first run starts
     * @param every the interval between runs, whole hours or days
     */
    public static TaskRequest recurring(String from, long groupId, long templateId, String subject, Instant start,
                                        Duration every) {
        return new TaskRequest(TaskType.RECURRING, from, groupId, templateId, subject, Map.of(), Optional.of(start),
                Optional.of(every), Optional.empty(), Optional.empty());
    }

    /**
     * {@return a copy with variables shared by every recipient}
     *
     * @param variables the variables every recipient shares, by name
     */
    public TaskRequest withSharedVariables(Map<String, ?> variables) {
        Map<String, String> text = new java.util.LinkedHashMap<>();
        variables.forEach((k, v) -> text.put(k, String.valueOf(Objects.requireNonNull(v, () -> "variable " + k))));
        return new TaskRequest(type, from, groupId, templateId, subject, text, startAt, interval, endAt, zone, tracking);
    }

    /**
     * {@return a copy of a recurring task that starts no run after {@code end}}
     *
     * @param end the last instant a run may start
     */
    public TaskRequest withEnd(Instant end) {
        return new TaskRequest(type, from, groupId, templateId, subject, sharedVariables, startAt, interval,
                Optional.of(end), zone, tracking);
    }

    /**
     * {@return a copy of a recurring task whose interval of whole days follows the calendar of {@code z}: each run
     * starts at the start's local time there} Without it, the task takes the zone of the quota days
     * ({@link QuotaPolicy#zone()}, UTC by default), so that its days are the days its quota counts.
     *
     * @param z the zone whose calendar the runs follow
     */
    public TaskRequest withZone(ZoneId z) {
        return new TaskRequest(type, from, groupId, templateId, subject, sharedVariables, startAt, interval, endAt,
                Optional.of(Objects.requireNonNull(z, "zone")), tracking);
    }

    /**
     * {@return a copy whose messages allow this much tracking, on top of the account's and sender domain's
     * switches} The default, {@link MessageTracking#BULK}, leaves opens and clicks to the switches and adds the
     * unsubscribe headers. {@code MessageTracking.BULK.withConsentVariable("consent")} tracks only the recipients
     * whose group column {@code consent} says yes; {@code BULK.withOpens(false)} adds no pixel to any.
     *
     * @param value what the messages allow
     */
    public TaskRequest withTracking(MessageTracking value) {
        return new TaskRequest(type, from, groupId, templateId, subject, sharedVariables, startAt, interval, endAt,
                zone, Objects.requireNonNull(value, "tracking"));
    }
}
