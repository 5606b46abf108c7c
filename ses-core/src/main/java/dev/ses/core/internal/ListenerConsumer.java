package dev.ses.core.internal;

import dev.ses.core.DomainStatusEvent;
import dev.ses.core.EventType;
import dev.ses.core.SesListener;
import dev.ses.core.spi.LoggedEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's {@link SesListener}s as a consumer of the event log: message events to {@link SesListener#onEvent},
 * sender domains' changes of status to {@link SesListener#onDomainStatus}. A listener that throws is logged and the
 * event is not offered to it again; the others still hear it.
 */
public final class ListenerConsumer implements EventConsumer {
    /** The cursor's name, shared by the nodes of one store. */
    public static final String NAME = "listeners";
    private static final Logger LOG = LoggerFactory.getLogger(ListenerConsumer.class);

    private final List<SesListener> listeners;

    public ListenerConsumer(List<SesListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void accept(List<LoggedEvent> events) {
        for (LoggedEvent e : events) {
            if (e.event().type() == EventType.DOMAIN_STATUS) {
                domainStatus(e);
                continue;
            }
            for (SesListener listener : listeners) {
                try {
                    listener.onEvent(e.event());
                } catch (RuntimeException ex) {
                    LOG.warn("listener {} failed on {} for message {}", listener, e.event().type(),
                            e.event().messageId(), ex);
                }
            }
        }
    }

    private void domainStatus(LoggedEvent e) {
        DomainStatusEvent change;
        try {
            change = DomainStatusEntries.change(e.event());
        } catch (IllegalArgumentException ex) {
            LOG.warn("event {} of the log cannot be read as a domain's change of status; skipped", e.seq(), ex);
            return;
        }
        for (SesListener listener : listeners) {
            try {
                listener.onDomainStatus(change);
            } catch (RuntimeException ex) {
                LOG.warn("listener {} failed on domain {} becoming {}", listener, change.domain(), change.status(),
                        ex);
            }
        }
    }
}
