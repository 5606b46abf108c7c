package dev.ses.core.spi;

import java.time.Clock;

/** What ses gives a {@link MailTransport} when it starts: the clock, and a way to report later feedback. */
public interface TransportContext {
    /** {@return the clock of the {@code Ses} instance} */
    Clock clock();

    /**
     * Reports feedback about an earlier message; safe to call from any thread.
     *
     * @param feedback what happened, to which message and recipient
     */
    void feedback(Feedback feedback);

    /**
     * Hands over a raw report received for an earlier message (a DSN, an ARF complaint, an automatic reply), to go
     * through the same parser and intake as {@code Ses.ingest}; safe to call from any thread. The mailbox simulator
     * uses it to send real reports back.
     *
     * @param message the report's bytes
     * @param receivedFor the envelope recipient it was sent to (the message's return path)
     * @throws UnsupportedOperationException if this context takes no raw reports
     */
    default void report(byte[] message, String receivedFor) {
        throw new UnsupportedOperationException("this transport context takes no raw reports");
    }
}
