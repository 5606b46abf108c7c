package dev.ses.core.spi;

import java.time.Clock;

/** What ses gives a {@link MailTransport} when it starts: the clock, and a way to report later feedback. */
public interface TransportContext {
    /** The clock of the {@code Ses} instance. */
    Clock clock();

    /** Reports feedback about an earlier message; safe to call from any thread. */
    void feedback(Feedback feedback);
}
