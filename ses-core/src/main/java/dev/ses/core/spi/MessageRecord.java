package dev.ses.core.spi;

import dev.ses.core.BounceType;
import dev.ses.core.MessageState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One recipient's copy of a {@link MailRequest}: the unit the queue claims, sends and settles.
 *
 * @param id the store's identifier, 0 before insertion
 * @param account the sending account
 * @param requestId the request it belongs to
 * @param recipient the envelope recipient
 * @param variables this recipient's own variables (batch), merged over the request's
 * @param state where it stands
 * @param bounceType for a bounce, hard or soft
 * @param attempts how many times it was handed to the transport
 * @param firstAttemptAt when it was first handed to the transport, if it was: where its retry age begins, so that
 *                       days it waited for quota or in a pause before that do not count
 * @param nextAttemptAt when it may be claimed (again)
 * @param leaseOwner the node holding it while {@link dev.ses.core.MessageState#SENDING}
 * @param leaseUntil when that lease expires and the message returns to the queue
 * @param reply the last reply or reason
 * @param createdAt when it was queued
 * @param updatedAt when it last changed
 * @param deliveredAt when it was delivered
 * @param senderDomain the sender's domain, for quotas and statistics
 * @param templateId the template, for queries
 * @param taskId the task, for a task run
 * @param runId the task run, for a task run
 * @param flags later events: opened, clicked, unsubscribed, complained
 */
public record MessageRecord(long id, String account, String requestId, String recipient, Map<String, String> variables,
                            MessageState state, Optional<BounceType> bounceType, int attempts,
                            Optional<Instant> firstAttemptAt, Instant nextAttemptAt,
                            Optional<String> leaseOwner, Optional<Instant> leaseUntil, Optional<String> reply,
                            Instant createdAt, Instant updatedAt, Optional<Instant> deliveredAt,
                            String senderDomain, long templateId, Optional<Long> taskId, Optional<Long> runId,
                            Flags flags) {
    /**
     * Checks and copies the fields.
     *
     * @param id the store's identifier, 0 before insertion
     * @param account the sending account
     * @param requestId the request it belongs to
     * @param recipient the envelope recipient
     * @param variables this recipient's own variables (batch), merged over the request's
     * @param state where it stands
     * @param bounceType for a bounce, hard or soft
     * @param attempts how many times it was handed to the transport
     * @param firstAttemptAt when it was first handed to the transport, if it was: where its retry age begins, so that
     *                       days it waited for quota or in a pause before that do not count
     * @param nextAttemptAt when it may be claimed (again)
     * @param leaseOwner the node holding it while {@link dev.ses.core.MessageState#SENDING}
     * @param leaseUntil when that lease expires and the message returns to the queue
     * @param reply the last reply or reason
     * @param createdAt when it was queued
     * @param updatedAt when it last changed
     * @param deliveredAt when it was delivered
     * @param senderDomain the sender's domain, for quotas and statistics
     * @param templateId the template, for queries
     * @param taskId the task, for a task run
     * @param runId the task run, for a task run
     * @param flags later events: opened, clicked, unsubscribed, complained
     */
    public MessageRecord {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(recipient, "recipient");
        variables = Map.copyOf(variables);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(bounceType, "bounceType");
        Objects.requireNonNull(firstAttemptAt, "firstAttemptAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(leaseOwner, "leaseOwner");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(flags, "flags");
    }

    /**
     * Events that attach to a message after it was sent.
     *
     * @param opened the recipient opened it
     * @param clicked the recipient clicked a link
     * @param unsubscribed the recipient unsubscribed through it
     * @param complained the recipient reported it as spam
     */
    public record Flags(boolean opened, boolean clicked, boolean unsubscribed, boolean complained) {
        /** No events yet. */
        public static final Flags NONE = new Flags(false, false, false, false);
    }

    /**
     * {@return a new queued record for insertion}
     *
     * @param request the accepted request
     * @param recipient the recipient's address
     * @param variables this recipient's template variables, by name
     * @param now when it is queued and due
     */
    public static MessageRecord queued(MailRequest request, String recipient, Map<String, String> variables,
                                       Instant now) {
        return new MessageRecord(0, request.account(), request.id(), recipient, variables, MessageState.QUEUED,
                Optional.empty(), 0, Optional.empty(), now, Optional.empty(), Optional.empty(), Optional.empty(), now,
                now, Optional.empty(), request.senderDomain(), request.templateId(), request.taskId(), request.runId(),
                Flags.NONE);
    }

    /**
     * {@return a copy with the given id}
     *
     * @param newId the id the store gave it
     */
    public MessageRecord withId(long newId) {
        return new MessageRecord(newId, account, requestId, recipient, variables, state, bounceType, attempts,
                firstAttemptAt, nextAttemptAt, leaseOwner, leaseUntil, reply, createdAt, updatedAt, deliveredAt,
                senderDomain, templateId, taskId, runId, flags);
    }

    /**
     * {@return a copy claimed by a node until the given instant}
     *
     * @param node the claiming node's name
     * @param until when the lease ends
     * @param now the time of the claim
     */
    public MessageRecord withLease(String node, Instant until, Instant now) {
        return new MessageRecord(id, account, requestId, recipient, variables, MessageState.SENDING, bounceType,
                attempts, firstAttemptAt, nextAttemptAt, Optional.of(node), Optional.of(until), reply, createdAt, now,
                deliveredAt, senderDomain, templateId, taskId, runId, flags);
    }

    /**
     * {@return a copy in a new state, lease released} An attempt on a record never attempted before sets
     * {@link #firstAttemptAt()} to {@code now}.
     *
     * @param newState the state
     * @param newBounce the bounce type, for a bounce
     * @param newReply the reply or reason
     * @param nextAt when it may be claimed again (for a deferral or a return to the queue)
     * @param attempted whether this counts as an attempt
     * @param now the current time
     */
    public MessageRecord settle(MessageState newState, Optional<BounceType> newBounce, Optional<String> newReply,
                                Instant nextAt, boolean attempted, Instant now) {
        Optional<Instant> first = attempted && firstAttemptAt.isEmpty() ? Optional.of(now) : firstAttemptAt;
        return new MessageRecord(id, account, requestId, recipient, variables, newState, newBounce,
                attempted ? attempts + 1 : attempts, first, nextAt, Optional.empty(), Optional.empty(), newReply,
                createdAt, now, newState == MessageState.DELIVERED ? Optional.of(now) : deliveredAt, senderDomain,
                templateId, taskId, runId, flags);
    }

    /**
     * {@return a copy with other flags}
     *
     * @param newFlags what the recipient did with the message
     * @param now the time of the change
     */
    public MessageRecord withFlags(Flags newFlags, Instant now) {
        return new MessageRecord(id, account, requestId, recipient, variables, state, bounceType, attempts,
                firstAttemptAt, nextAttemptAt, leaseOwner, leaseUntil, reply, createdAt, now, deliveredAt, senderDomain,
                templateId, taskId, runId, newFlags);
    }
}
