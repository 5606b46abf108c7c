package dev.ses.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one {@link Ses} instance stands, for a host's health check: its threads, the last work done and the last
 * error, and the queue's backlog.
 *
 * @param workers each of the instance's threads (none when built with {@code workers(0)})
 * @param lastSuccess when a pump last finished without an error, if ever
 * @param lastError the last error a pump met, if any
 * @param lastErrorAt when that error happened
 * @param backlog the queue as the store reports it, or empty if the store could not be read just now
 * @param failingCallbacks the callback addresses marked failing, of every account (empty if the store could not be
 *                         read just now)
 */
public record SesHealth(List<Worker> workers, Optional<Instant> lastSuccess, Optional<String> lastError,
                        Optional<Instant> lastErrorAt, Optional<Backlog> backlog,
                        List<FailingCallback> failingCallbacks) {
    /**
     * Checks and copies the fields.
     *
     * @param workers each of the instance's threads (none when built with {@code workers(0)})
     * @param lastSuccess when a pump last finished without an error, if ever
     * @param lastError the last error a pump met, if any
     * @param lastErrorAt when that error happened
     * @param backlog the queue as the store reports it, or empty if the store could not be read just now
     * @param failingCallbacks the callback addresses marked failing, of every account (empty if the store could not be
     *         read just now)
     */
    public SesHealth {
        workers = List.copyOf(workers);
        Objects.requireNonNull(lastSuccess, "lastSuccess");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(lastErrorAt, "lastErrorAt");
        Objects.requireNonNull(backlog, "backlog");
        failingCallbacks = List.copyOf(failingCallbacks);
    }

    /**
     * A health without failing callback addresses.
     *
     * @param workers each of the instance's threads (none when built with {@code workers(0)})
     * @param lastSuccess when a pump last finished without an error, if ever
     * @param lastError the last error a pump met, if any
     * @param lastErrorAt when that error happened
     * @param backlog the queue as the store reports it, or empty if the store could not be read just now
     */
    public SesHealth(List<Worker> workers, Optional<Instant> lastSuccess, Optional<String> lastError,
                     Optional<Instant> lastErrorAt, Optional<Backlog> backlog) {
        this(workers, lastSuccess, lastError, lastErrorAt, backlog, List.of());
    }

    /**
     * A callback address that has failed every attempt for a day or more (see {@link CallbackPolicy#failingAfter()}):
     * the receiver's problem rather than ses's, so it does not make the instance unhealthy.
     *
     * @param account the account
     * @param addressId the callback address
     * @param url where it posts
     * @param failuresSince when its failures began
     */
    public record FailingCallback(String account, long addressId, String url, Instant failuresSince) {
        /**
         * Checks the fields.
         *
         * @param account the account
         * @param addressId the callback address
         * @param url where it posts
         * @param failuresSince when its failures began
         */
        public FailingCallback {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(failuresSince, "failuresSince");
        }
    }

    /**
     * {@return whether all is well: every thread alive, none failing now, and the store readable}
     */
    public boolean healthy() {
        return backlog.isPresent() && workers.stream().allMatch(w -> w.alive() && w.failures() == 0);
    }

    /**
     * One of ses's threads.
     *
     * @param name the thread's name
     * @param alive whether it runs
     * @param failures how many pumps in a row failed; 0 once one succeeds
     * @param lastSuccess when its pump last succeeded
     */
    public record Worker(String name, boolean alive, int failures, Optional<Instant> lastSuccess) {
        /**
         * Checks the fields.
         *
         * @param name the thread's name
         * @param alive whether it runs
         * @param failures how many pumps in a row failed; 0 once one succeeds
         * @param lastSuccess when its pump last succeeded
         */
        public Worker {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(lastSuccess, "lastSuccess");
        }
    }

    /**
     * The unsettled messages of the store (every node's).
     *
     * @param queued waiting to be sent, including those held for quota or a paused task
     * @param deferred waiting for a retry
     * @param sending claimed by a node
     * @param oldestQueued how long the oldest queued message has waited, if any waits
     */
    public record Backlog(long queued, long deferred, long sending, Optional<Duration> oldestQueued) {
        /**
         * Checks the fields.
         *
         * @param queued waiting to be sent, including those held for quota or a paused task
         * @param deferred waiting for a retry
         * @param sending claimed by a node
         * @param oldestQueued how long the oldest queued message has waited, if any waits
         */
        public Backlog {
            Objects.requireNonNull(oldestQueued, "oldestQueued");
        }
    }
}
