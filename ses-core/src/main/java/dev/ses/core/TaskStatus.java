package dev.ses.core;

/** Where a batch task stands. */
public enum TaskStatus {
    /** Waiting for its start (or, for a recurring task, for its next run). */
    WAITING,
    /** Sending. */
    SENDING,
    /** Paused: by its owner, or because the day's quota is spent (then it resumes the next day by itself). */
    PAUSED,
    /** Every recipient settled (for a recurring task: its end has passed and its last run settled). */
    COMPLETED,
    /** Cancelled by its owner; what was not sent stays unsent. */
    CANCELLED,
    /** Cannot go on at all; see the task's reason. */
    FAILED
}
