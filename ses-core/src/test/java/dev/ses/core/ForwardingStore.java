package dev.ses.core;

import dev.ses.core.spi.AddressRepository;
import dev.ses.core.spi.BlocklistRepository;
import dev.ses.core.spi.CounterRepository;
import dev.ses.core.spi.DomainRepository;
import dev.ses.core.spi.EventRepository;
import dev.ses.core.spi.GroupRepository;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MailboxSendRepository;
import dev.ses.core.spi.MessageRepository;
import dev.ses.core.spi.RequestRepository;
import dev.ses.core.spi.StatisticsRepository;
import dev.ses.core.spi.Store;
import dev.ses.core.spi.TaskRepository;
import dev.ses.core.spi.TemplateRepository;
import dev.ses.core.spi.WarmupRepository;
import java.time.Instant;
import java.util.function.Supplier;

/** A store that hands every call to another; a test overrides what it wants to watch or hold. */
class ForwardingStore implements Store {
    protected final Store inner;

    ForwardingStore(Store inner) {
        this.inner = inner;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return inner.inTransaction(work);
    }

    @Override
    public DomainRepository domains() {
        return inner.domains();
    }

    @Override
    public AddressRepository addresses() {
        return inner.addresses();
    }

    @Override
    public TemplateRepository templates() {
        return inner.templates();
    }

    @Override
    public RequestRepository requests() {
        return inner.requests();
    }

    @Override
    public MessageRepository messages() {
        return inner.messages();
    }

    @Override
    public BlocklistRepository blocklist() {
        return inner.blocklist();
    }

    @Override
    public GroupRepository groups() {
        return inner.groups();
    }

    @Override
    public TaskRepository tasks() {
        return inner.tasks();
    }

    @Override
    public CounterRepository counters() {
        return inner.counters();
    }

    @Override
    public WarmupRepository warmups() {
        return inner.warmups();
    }

    @Override
    public EventRepository events() {
        return inner.events();
    }

    @Override
    public MailboxSendRepository mailboxSends() {
        return inner.mailboxSends();
    }

    @Override
    public StatisticsRepository statistics() {
        return inner.statistics();
    }

    @Override
    public dev.ses.core.spi.CallbackRepository callbacks() {
        return inner.callbacks();
    }

    @Override
    public dev.ses.core.spi.ReportRepository reports() {
        return inner.reports();
    }

    @Override
    public long enqueueGroup(MailRequest request, long groupId, Instant now) {
        return inner.enqueueGroup(request, groupId, now);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public dev.ses.core.spi.TrackingRepository tracking() {
        return inner.tracking();
    }
}
