package dev.ses.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Something that happened to one recipient's copy of a message, as the event log keeps it. Events are immutable and
 * carry what a consumer needs (statistics, callbacks, a host's listener) without reading the message again.
 *
 * @param type what happened
 * @param account the sending account
 * @param messageId the message id the send returned (for a task run, the run's request id)
 * @param deliveryId the recipient's copy
 * @param recipient the recipient
 * @param from the sender's mailbox
 * @param senderDomain the sender's domain
 * @param templateId the template
 * @param taskId the task, for a batch
 * @param runId the task's run, for a batch
 * @param attempt how many times the copy had been handed to a transport when this happened
 * @param at when it happened, to the millisecond
 * @param reason the server's reply or ses's reason, if any
 * @param bounceType for a bounce, hard or soft
 * @param link for a click, the link
 * @param userAgent for an open or a click, the reader's user agent, if known
 * @param ip for an open or a click, the reader's address, if known and kept by the privacy setting
 * @param reader for an open or a click, who the tracking endpoint judged the reader to be, if it judged
 * @param first for an open or a click, whether it is the copy's first (a click's implied open included)
 */
public record SesEvent(EventType type, String account, String messageId, long deliveryId, String recipient,
                       String from, String senderDomain, long templateId, Optional<Long> taskId, Optional<Long> runId,
                       int attempt, Instant at, Optional<String> reason, Optional<BounceType> bounceType,
                       Optional<String> link, Optional<String> userAgent, Optional<String> ip,
                       Optional<ReaderKind> reader, boolean first) {
    private static final Pattern ENHANCED = Pattern.compile("^\\d{3}[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    /**
     * Checks the fields; the time is kept to the millisecond.
     *
     * @param type what happened
     * @param account the sending account
     * @param messageId the message id the send returned (for a task run, the run's request id)
     * @param deliveryId the recipient's copy
     * @param recipient the recipient
     * @param from the sender's mailbox
     * @param senderDomain the sender's domain
     * @param templateId the template
     * @param taskId the task, for a batch
     * @param runId the task's run, for a batch
     * @param attempt how many times the copy had been handed to a transport when this happened
     * @param at when it happened, to the millisecond
     * @param reason the server's reply or ses's reason, if any
     * @param bounceType for a bounce, hard or soft
     * @param link for a click, the link
     * @param userAgent for an open or a click, the reader's user agent, if known
     * @param ip for an open or a click, the reader's address, if known and kept by the privacy setting
     * @param reader for an open or a click, who the tracking endpoint judged the reader to be, if it judged
     * @param first for an open or a click, whether it is the copy's first (a click's implied open included)
     */
    public SesEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(at, "at");
        at = at.truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(bounceType, "bounceType");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(reader, "reader");
    }

    /**
     * An event without a reader's address, kind or first mark.
     *
     * @param type what happened
     * @param account the sending account
     * @param messageId the message id the send returned (for a task run, the run's request id)
     * @param deliveryId the recipient's copy
     * @param recipient the recipient
     * @param from the sender's mailbox
     * @param senderDomain the sender's domain
     * @param templateId the template
     * @param taskId the task, for a batch
     * @param runId the task's run, for a batch
     * @param attempt how many times the copy had been handed to a transport when this happened
     * @param at when it happened, to the millisecond
     * @param reason the server's reply or ses's reason, if any
     * @param bounceType for a bounce, hard or soft
     * @param link for a click, the link
     * @param userAgent for an open or a click, the reader's user agent, if known
     */
    public SesEvent(EventType type, String account, String messageId, long deliveryId, String recipient,
                    String from, String senderDomain, long templateId, Optional<Long> taskId, Optional<Long> runId,
                    int attempt, Instant at, Optional<String> reason, Optional<BounceType> bounceType,
                    Optional<String> link, Optional<String> userAgent) {
        this(type, account, messageId, deliveryId, recipient, from, senderDomain, templateId, taskId, runId, attempt,
                at, reason, bounceType, link, userAgent, Optional.empty(), Optional.empty(), false);
    }

    /**
     * {@return whether a machine opened or clicked: the reader the endpoint judged, else the user agent's known
     * markers}
     */
    public boolean byMachine() {
        return reader.map(ReaderKind::machine)
                .orElseGet(() -> dev.ses.core.internal.MachineReaders.isMachine(userAgent));
    }

    /**
     * {@return the recipient's domain in lower case (the mailbox provider: {@code gmail.com}), empty if it has none}
     */
    public String recipientDomain() {
        int at = recipient.lastIndexOf('@');
        return at < 0 ? "" : recipient.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * {@return the RFC 3463 enhanced status code of the reply ({@code 5.1.1}), if the reason is an SMTP reply with one}
     */
    public Optional<String> enhancedCode() {
        if (reason.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = ENHANCED.matcher(reason.get());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
