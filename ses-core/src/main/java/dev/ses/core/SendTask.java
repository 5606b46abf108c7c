package dev.ses.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch send to a recipient group: each recipient gets a message of their own, with their own variables.
 *
 * @param id the store's identifier
 * @param account the owning account
 * @param type batch, scheduled or recurring
 * @param groupId the recipient group
 * @param templateId the template
 * @param addressId the sender address
 * @param subject the subject, may hold variables
 * @param sharedVariables variables shared by every recipient
 * @param startAt when the first run starts
 * @param interval for a recurring task, the time between runs
 * @param endAt for a recurring task, the instant after which no run starts
 * @param zone the zone in whose calendar a recurring task's interval of whole days is counted, so that each run
 *             starts at the start's local time there (see {@link TaskRequest#withZone})
 * @param status the stored status (a quota pause is not stored: see {@code SendTasks.progress})
 * @param nextRunAt when the next run starts, if one will
 * @param runs how many runs have started
 * @param reason why it failed, if it did
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param tracking what its messages allow of tracking ({@link TaskRequest#withTracking})
 */
public record SendTask(long id, String account, TaskType type, long groupId, long templateId, long addressId,
                       String subject, Map<String, String> sharedVariables, Instant startAt,
                       Optional<Duration> interval, Optional<Instant> endAt, ZoneId zone, TaskStatus status,
                       Optional<Instant> nextRunAt, int runs, Optional<String> reason, Instant createdAt,
                       Instant updatedAt, MessageTracking tracking) {
    /**
     * Checks and copies the fields.
     *
     * @param id the store's identifier
     * @param account the owning account
     * @param type batch, scheduled or recurring
     * @param groupId the recipient group
     * @param templateId the template
     * @param addressId the sender address
     * @param subject the subject, may hold variables
     * @param sharedVariables variables shared by every recipient
     * @param startAt when the first run starts
     * @param interval for a recurring task, the time between runs
     * @param endAt for a recurring task, the instant after which no run starts
     * @param zone the zone in whose calendar a recurring task's interval of whole days is counted, so that each run
     *             starts at the start's local time there (see {@link TaskRequest#withZone})
     * @param status the stored status (a quota pause is not stored: see {@code SendTasks.progress})
     * @param nextRunAt when the next run starts, if one will
     * @param runs how many runs have started
     * @param reason why it failed, if it did
     * @param createdAt when it was created
     * @param updatedAt when it last changed
     * @param tracking what its messages allow of tracking ({@link TaskRequest#withTracking})
     */
    public SendTask {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        sharedVariables = Map.copyOf(sharedVariables);
        Objects.requireNonNull(startAt, "startAt");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(endAt, "endAt");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(nextRunAt, "nextRunAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(tracking, "tracking");
    }

    /**
     * A task with the bulk default of tracking ({@link MessageTracking#BULK}).
     *
     * @param id the store's identifier
     * @param account the owning account
     * @param type batch, scheduled or recurring
     * @param groupId the recipient group
     * @param templateId the template
     * @param addressId the sender address
     * @param subject the subject, may hold variables
     * @param sharedVariables variables shared by every recipient
     * @param startAt when the first run starts
     * @param interval for a recurring task, the time between runs
     * @param endAt for a recurring task, the instant after which no run starts
     * @param zone the zone in whose calendar a recurring task's interval of whole days is counted
     * @param status the stored status
     * @param nextRunAt when the next run starts, if one will
     * @param runs how many runs have started
     * @param reason why it failed, if it did
     * @param createdAt when it was created
     * @param updatedAt when it last changed
     */
    public SendTask(long id, String account, TaskType type, long groupId, long templateId, long addressId,
                    String subject, Map<String, String> sharedVariables, Instant startAt, Optional<Duration> interval,
                    Optional<Instant> endAt, ZoneId zone, TaskStatus status, Optional<Instant> nextRunAt, int runs,
                    Optional<String> reason, Instant createdAt, Instant updatedAt) {
        this(id, account, type, groupId, templateId, addressId, subject, sharedVariables, startAt, interval, endAt,
                zone, status, nextRunAt, runs, reason, createdAt, updatedAt, MessageTracking.BULK);
    }

    /**
     * {@return a copy in another status, with its next run and run count}
     *
     * @param newStatus the stored status (a quota pause is not stored: see {@code SendTasks.progress})
     * @param next when the next run starts, if one will
     * @param newRuns how many runs have started
     * @param now the time of the change
     */
    public SendTask withSchedule(TaskStatus newStatus, Optional<Instant> next, int newRuns, Instant now) {
        return new SendTask(id, account, type, groupId, templateId, addressId, subject, sharedVariables, startAt,
                interval, endAt, zone, newStatus, next, newRuns, reason, createdAt, now, tracking);
    }

    /**
     * {@return a copy in another status}
     *
     * @param newStatus the stored status (a quota pause is not stored: see {@code SendTasks.progress})
     * @param why the reason of the change, if any
     * @param now the time of the change
     */
    public SendTask withStatus(TaskStatus newStatus, Optional<String> why, Instant now) {
        return new SendTask(id, account, type, groupId, templateId, addressId, subject, sharedVariables, startAt,
                interval, endAt, zone, newStatus, nextRunAt, runs, why, createdAt, now, tracking);
    }
}
