package dev.ses.core;

import java.util.Optional;

/**
 * The kinds of event a callback address can be sent, with the name and number the reproduced service's callback
 * payload gives them ({@code event} and {@code eventid}).
 */
public enum CallbackEvent {
    /** The recipient's server accepted the message ({@code delivered}, 1). */
    DELIVERED("delivered", 1),
    /** ses did not send it, or could not at all ({@code dropped}, 2). */
    DROPPED("dropped", 2),
    /** The message bounced, hard or soft ({@code bounce}, 3). */
    BOUNCE("bounce", 3),
    /** The recipient opened it ({@code open}, 4). */
    OPEN("open", 4),
    /** The recipient clicked a link ({@code click}, 5). */
    CLICK("click", 5),
    /** The recipient reported it as spam ({@code spamreport}, 6). */
    SPAM_REPORT("spamreport", 6),
    /** The recipient unsubscribed ({@code unsubscribe}, 7). */
    UNSUBSCRIBE("unsubscribe", 7),
    /** The recipient's server refused it for now; it will be retried ({@code deferred}, 8). */
    DEFERRED("deferred", 8);

    private final String wireName;
    private final int id;

    CallbackEvent(String wireName, int id) {
        this.wireName = wireName;
        this.id = id;
    }

    /** {@return the payload's {@code event} value} */
    public String wireName() {
        return wireName;
    }

    /** {@return the payload's {@code eventid} value} */
    public int id() {
        return id;
    }

    /**
     * {@return the callback event an event of the log becomes, if any: a queueing, an automatic reply and a sender
     * domain's change of status are not sent}
     *
     * @param type the type of the logged event
     */
    public static Optional<CallbackEvent> of(EventType type) {
        return switch (type) {
            case DELIVERED -> Optional.of(DELIVERED);
            case REJECTED, FAILED -> Optional.of(DROPPED);
            case BOUNCED -> Optional.of(BOUNCE);
            case OPENED -> Optional.of(OPEN);
            case CLICKED -> Optional.of(CLICK);
            case COMPLAINED -> Optional.of(SPAM_REPORT);
            case UNSUBSCRIBED -> Optional.of(UNSUBSCRIBE);
            case DEFERRED -> Optional.of(DEFERRED);
            case QUEUED, AUTO_REPLY, DOMAIN_STATUS -> Optional.empty();
        };
    }
}
