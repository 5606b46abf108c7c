package dev.ses.core;

import dev.ses.core.internal.Engine;
import dev.ses.core.spi.MessageQuery;
import dev.ses.core.spi.MessageRecord;
import java.util.List;

/**
 * Per-recipient delivery status of an account's messages. Thread-safe. Obtain through
 * {@link SesAccount#deliveries()}.
 */
public final class Deliveries {
    private final Engine engine;
    private final String account;

    Deliveries(Engine engine, String account) {
        this.engine = engine;
        this.account = account;
    }

    /**
     * The status of every recipient of one send.
     *
     * @param messageId the id a send returned
     * @throws SesException NOT_FOUND if the account sent no such message
     */
    public List<DeliveryStatus> byMessage(String messageId) {
        List<MessageRecord> rows = engine.store().messages().byRequest(account, messageId);
        if (rows.isEmpty()) {
            throw new SesException(ErrorCode.NOT_FOUND, "messageId: no message '" + messageId + "' in account "
                    + account);
        }
        return rows.stream().map(Deliveries::status).toList();
    }

    /** One page of statuses matching a query, newest first. */
    public Page<DeliveryStatus> find(DeliveryQuery query, PageRequest page) {
        return engine.store().messages().find(account, new MessageQuery(query.from(), query.to(), query.recipient(),
                query.state(), query.taskId()), page).map(Deliveries::status);
    }

    /**
     * What happened to one recipient's copy of a message, oldest first: queued, each attempt's outcome, and later
     * opens, clicks, unsubscriptions and complaints, as the event log keeps them (for its retention time).
     *
     * @param messageId the id a send returned (for a task run, the run's request id)
     * @param deliveryId the recipient's copy, {@link DeliveryStatus#deliveryId()}
     * @throws SesException NOT_FOUND if the account has no such copy of that message
     */
    public List<SesEvent> events(String messageId, long deliveryId) {
        boolean known = engine.store().messages().get(account, deliveryId)
                .filter(m -> m.requestId().equals(messageId)).isPresent();
        if (!known) {
            throw new SesException(ErrorCode.NOT_FOUND, "deliveryId: no copy " + deliveryId + " of message '"
                    + messageId + "' in account " + account);
        }
        return engine.store().events().ofDelivery(account, messageId, deliveryId).stream()
                .map(dev.ses.core.spi.LoggedEvent::event).toList();
    }

    static DeliveryStatus status(MessageRecord m) {
        return new DeliveryStatus(m.id(), m.requestId(), m.recipient(), m.state(), m.bounceType(), m.reply(),
                m.attempts(), m.createdAt(), m.updatedAt(), m.deliveredAt(), m.taskId(), m.templateId(),
                m.flags().opened(), m.flags().clicked(), m.flags().unsubscribed(), m.flags().complained());
    }
}
