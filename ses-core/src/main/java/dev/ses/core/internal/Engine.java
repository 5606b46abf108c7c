package dev.ses.core.internal;

import dev.ses.core.DomainPolicy;
import dev.ses.core.SesEvent;
import dev.ses.core.SesLimits;
import dev.ses.core.SesListener;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every part of one {@code Ses} instance shares: its settings, SPIs and the template support. Immutable.
 *
 * @param store the store
 * @param transport the transport
 * @param dns the DNS resolver, if configured
 * @param clock the clock
 * @param limits the limits
 * @param domainPolicy what sender domains publish
 * @param listeners who hears events
 * @param node this instance's name in leases
 * @param claimSize how many messages one claim takes
 * @param lease how long a claim holds a message
 * @param templates the template compiler
 */
public record Engine(Store store, MailTransport transport, Optional<DnsResolver> dns, Clock clock, SesLimits limits,
                     DomainPolicy domainPolicy, List<SesListener> listeners, String node, int claimSize,
                     Duration lease, TemplateSupport templates) {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** Copies the listeners. */
    public Engine {
        listeners = List.copyOf(listeners);
    }

    /** Tells every listener; a failing listener is logged and skipped. */
    public void publish(List<SesEvent> events) {
        for (SesEvent event : events) {
            for (SesListener listener : listeners) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn("listener {} failed on {} for message {}", listener, event.type(), event.messageId(), e);
                }
            }
        }
    }
}
