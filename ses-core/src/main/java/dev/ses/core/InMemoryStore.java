package dev.ses.core;

import dev.ses.core.internal.memory.MemoryAddresses;
import dev.ses.core.internal.memory.MemoryBlocklist;
import dev.ses.core.internal.memory.MemoryCounters;
import dev.ses.core.internal.memory.MemoryGroups;
import dev.ses.core.internal.memory.MemoryTasks;
import dev.ses.core.internal.memory.MemoryWarmups;
import dev.ses.core.internal.memory.MemoryDomains;
import dev.ses.core.internal.memory.MemoryEvents;
import dev.ses.core.internal.memory.MemoryMailboxSends;
import dev.ses.core.internal.memory.MemoryMessages;
import dev.ses.core.internal.memory.MemoryRequests;
import dev.ses.core.internal.memory.MemoryStatistics;
import dev.ses.core.internal.memory.MemoryTemplates;
import dev.ses.core.internal.memory.MemoryTx;
import dev.ses.core.spi.AddressRepository;
import dev.ses.core.spi.BlocklistRepository;
import dev.ses.core.spi.CounterRepository;
import dev.ses.core.spi.GroupRepository;
import dev.ses.core.spi.TaskRepository;
import dev.ses.core.spi.WarmupRepository;
import dev.ses.core.spi.DomainRepository;
import dev.ses.core.spi.EventRepository;
import dev.ses.core.spi.MailboxSendRepository;
import dev.ses.core.spi.MessageRepository;
import dev.ses.core.spi.RequestRepository;
import dev.ses.core.spi.StatisticsRepository;
import dev.ses.core.spi.Store;
import dev.ses.core.spi.TemplateRepository;
import java.util.function.Supplier;

/**
 * A {@link Store} in the JVM's memory: the default store, and the one for tests. Nothing survives the JVM.
 *
 * <p>Thread-safe. Writers are serialised by one lock; a failed {@link #inTransaction} reverts what it wrote. Reads
 * wait for a transaction in progress on another thread, so they see only committed writes.
 * Several {@code Ses} instances may share one {@code InMemoryStore} (to simulate a restart in a test, build a
 * new {@code Ses} on the same store).
 */
public final class InMemoryStore implements Store {
    private final MemoryTx tx = new MemoryTx();
    private final MemoryDomains domains = new MemoryDomains(tx);
    private final MemoryAddresses addresses = new MemoryAddresses(tx);
    private final MemoryTemplates templates = new MemoryTemplates(tx);
    private final MemoryRequests requests = new MemoryRequests(tx);
    private final MemoryMessages messages = new MemoryMessages(tx);
    private final MemoryBlocklist blocklist = new MemoryBlocklist(tx);
    private final MemoryGroups groups = new MemoryGroups(tx);
    private final MemoryTasks tasks = new MemoryTasks(tx);
    private final MemoryCounters counters = new MemoryCounters(tx);
    private final MemoryWarmups warmups = new MemoryWarmups(tx);
    private final MemoryEvents events = new MemoryEvents(tx);
    private final MemoryMailboxSends mailboxSends = new MemoryMailboxSends(tx);
    private final MemoryStatistics statistics = new MemoryStatistics(tx);
    private final dev.ses.core.internal.memory.MemoryCallbacks callbacks =
            new dev.ses.core.internal.memory.MemoryCallbacks(tx);
    private final dev.ses.core.internal.memory.MemoryTracking tracking =
            new dev.ses.core.internal.memory.MemoryTracking(tx);
    private final dev.ses.core.internal.memory.MemoryReports reports =
            new dev.ses.core.internal.memory.MemoryReports(tx);

    /** An empty store. */
    public InMemoryStore() {
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return tx.inTransaction(work);
    }

    @Override
    public DomainRepository domains() {
        return domains;
    }

    @Override
    public AddressRepository addresses() {
        return addresses;
    }

    @Override
    public TemplateRepository templates() {
        return templates;
    }

    @Override
    public RequestRepository requests() {
        return requests;
    }

    @Override
    public MessageRepository messages() {
        return messages;
    }

    @Override
    public BlocklistRepository blocklist() {
        return blocklist;
    }

    @Override
    public GroupRepository groups() {
        return groups;
    }

    @Override
    public TaskRepository tasks() {
        return tasks;
    }

    @Override
    public CounterRepository counters() {
        return counters;
    }

    @Override
    public WarmupRepository warmups() {
        return warmups;
    }

    @Override
    public EventRepository events() {
        return events;
    }

    @Override
    public MailboxSendRepository mailboxSends() {
        return mailboxSends;
    }

    @Override
    public StatisticsRepository statistics() {
        return statistics;
    }

    @Override
    public dev.ses.core.spi.CallbackRepository callbacks() {
        return callbacks;
    }

    @Override
    public dev.ses.core.spi.TrackingRepository tracking() {
        return tracking;
    }

    @Override
    public dev.ses.core.spi.ReportRepository reports() {
        return reports;
    }
}
