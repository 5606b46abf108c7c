package dev.ses.core.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands rendered messages to the world: an SMTP relay, recipients' MX hosts, or a simulator.
 *
 * <p>Contract: implementations are thread-safe; {@link #send} blocks until every envelope recipient has an outcome
 * and never throws for a delivery failure: a refused recipient, a lost connection or a timeout is an
 * {@link Outcome} in the result ({@link Outcome#DEFERRED} when nothing is known, {@link Outcome#UNCERTAIN} when the
 * connection failed after the final dot, so that the server may have the message). It throws only for a bug.
 */
public interface MailTransport extends AutoCloseable {
    /**
     * Sends one message.
     *
     * @param mail the message, rendered and signed, with its envelope
     * @return one result per envelope recipient, in any order
     * @throws IllegalArgumentException if the message cannot be sent as it is (it cannot be rendered or signed)
     */
    List<RecipientResult> send(OutboundMail mail);

    /**
     * Sends several messages; a transport that can pipeline or spread them over connections overrides this. A
     * message that cannot be sent as it is gets {@link Outcome#FAILED} for each recipient; the others still go.
     *
     * @param mails the messages, in order
     * @return for each message, in order, its results as {@link #send} gives them
     */
    default List<List<RecipientResult>> sendAll(List<OutboundMail> mails) {
        List<List<RecipientResult>> results = new ArrayList<>(mails.size());
        for (OutboundMail mail : mails) {
            try {
                results.add(send(mail));
            } catch (IllegalArgumentException e) {
                results.add(RecipientResult.failed(mail, e.getMessage()));
            }
        }
        return results;
    }

    /**
     * Called once when the owning {@code Ses} starts, before any {@link #send}.
     *
     * @param context what the transport may call back into, e.g. to report feedback
     */
    default void start(TransportContext context) {
    }

    /**
     * Called on each pump of the engine with the current time: a transport that reports delayed feedback
     * (the simulator) reports what is due now.
     */
    default void runDueWork() {
    }

    /** Releases connections and threads. Idempotent. */
    @Override
    default void close() {
    }
}
