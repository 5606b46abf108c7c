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

    static DeliveryStatus status(MessageRecord m) {
        return new DeliveryStatus(m.id(), m.requestId(), m.recipient(), m.state(), m.bounceType(), m.reply(),
                m.attempts(), m.createdAt(), m.updatedAt(), m.deliveredAt(), m.taskId(), m.templateId(),
                m.flags().opened(), m.flags().clicked(), m.flags().unsubscribed(), m.flags().complained());
    }
}
