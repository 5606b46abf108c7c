package dev.ses.core.testing;

import dev.ses.core.DeliveryQuery;
import dev.ses.core.DomainPolicy;
import dev.ses.core.InMemoryStore;
import dev.ses.core.MessageState;
import dev.ses.core.PageRequest;
import dev.ses.core.SendRequest;
import dev.ses.core.SenderDomain;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.SesEvent;
import dev.ses.core.SesLimits;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.TemplateType;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A ready {@link Ses} for a test: an in-memory store, the {@link MailboxSimulator}, a {@link ManualClock} at
 * {@link #START}, no background threads, and an account {@value #ACCOUNT} with the verified domain
 * {@value #DOMAIN} and the sender address {@value #SENDER}. Events are recorded in {@link #events()}.
 *
 * <p>Use it through {@link SesExtension}, or on its own with {@link #create()} and {@link #close()}.
 */
public final class SesFixture implements AutoCloseable {
    /** Where the clock starts: a Monday morning, UTC. */
    public static final String START = "2026-01-05T09:00:00Z";
    /** The account. */
    public static final String ACCOUNT = "test";
    /** The verified sender domain. */
    public static final String DOMAIN = "mail.example.test";
    /** The sender address. */
    public static final String SENDER = "noreply@mail.example.test";

    private static final String NODE = "test-node";

    private final ManualClock clock = ManualClock.at(START);
    private final MailboxSimulator simulator = MailboxSimulator.create();
    private final StaticDnsResolver dns = new StaticDnsResolver();
    private final Store store;
    private final List<SesEvent> events = new CopyOnWriteArrayList<>();
    private final Ses ses;
    private final SenderDomain domain;
    private volatile boolean closed;

    private SesFixture(Store store, UnaryOperator<Ses.Builder> customizer) {
        this.store = store;
        Ses.Builder builder = Ses.builder().store(store).transport(simulator).dns(dns).clock(clock).workers(0)
                .node(NODE)
                // Ed25519 keys are generated in microseconds; the simulator does not care about the algorithm.
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256))
                .listener(events::add);
        this.ses = customizer.apply(builder).build();
        SesAccount account = ses.account(ACCOUNT);
        SenderDomain created = account.domains().create(DOMAIN);
        dns.publish(created);
        account.domains().verify(DOMAIN);
        this.domain = account.domains().get(DOMAIN);
        account.addresses().create(DOMAIN, "noreply", "Example");
        simulator.describeUnsentWith(this::unsent);
    }

    /** What is still unsent to a recipient in the fixture's account, as a sentence that says what to call. */
    private String unsent(String recipient) {
        DeliveryQuery all = DeliveryQuery.between(Instant.EPOCH, clock.instant().plus(Duration.ofDays(36500)))
                .withRecipient(recipient);
        StringBuilder out = new StringBuilder();
        for (MessageState state : List.of(MessageState.QUEUED, MessageState.SENDING, MessageState.DEFERRED)) {
            long n = account().deliveries().find(all.withState(state), PageRequest.first(1)).total();
            if (n > 0) {
                out.append(out.length() == 0 ? "" : "; ").append(n).append(n == 1 ? " message to " : " messages to ")
                        .append(recipient).append(n == 1 ? " is still " : " are still ").append(state)
                        .append(": ").append(hint(state));
            }
        }
        return out.toString();
    }

    private static String hint(MessageState state) {
        return switch (state) {
            case QUEUED -> "call runDueWork() (or advance(...) the clock if it waits for a quota or a rate limit)";
            case SENDING -> "a dispatcher holds it; with workers(0) call runDueWork()";
            default -> "advance(...) the clock to its next attempt";
        };
    }

    /**
     * {@return what this fixture left behind, one sentence each: messages still {@code SENDING} (claimed and never
     * settled), and, once it is closed, {@code Ses} instances started on its simulator and never closed} Empty when
     * nothing leaked; {@link SesExtension} fails a test otherwise (and checks for ses threads still running too).
     */
    public List<String> leaks() {
        List<String> leaks = new ArrayList<>();
        long sending = store.messages().depth().sending();
        if (sending > 0) {
            leaks.add(sending + " message(s) left SENDING: a claim was never settled");
        }
        if (closed) {
            int open = simulator.openUsers();
            if (open > 0) {
                leaks.add("the MailboxSimulator is still open in " + open
                        + " Ses instance(s) that were never closed");
            }
        }
        return leaks;
    }

    /** {@return a fixture with the defaults} */
    public static SesFixture create() {
        return new SesFixture(new InMemoryStore(), b -> b);
    }

    /**
     * {@return a fixture whose builder is adjusted first, e.g. {@code b -> b.limits(...)}}
     *
     * @param customizer adjusts the builder, e.g. {@code b -> b.limits(...)}
     */
    public static SesFixture create(UnaryOperator<Ses.Builder> customizer) {
        return new SesFixture(new InMemoryStore(), Objects.requireNonNull(customizer, "customizer"));
    }

    /**
     * {@return a fixture on a given store (which must be empty), with the builder adjusted}
     *
     * @param store an empty store; the fixture does not close it
     * @param customizer adjusts the builder
     */
    public static SesFixture create(Store store, UnaryOperator<Ses.Builder> customizer) {
        return new SesFixture(Objects.requireNonNull(store, "store"), Objects.requireNonNull(customizer, "customizer"));
    }

    /**
     * {@return a fixture with other limits}
     *
     * @param limits the limits the instance enforces
     */
    public static SesFixture withLimits(SesLimits limits) {
        return create(b -> b.limits(limits));
    }

    /** {@return the instance} */
    public Ses ses() {
        return ses;
    }

    /** {@return the account {@value #ACCOUNT}} */
    public SesAccount account() {
        return ses.account(ACCOUNT);
    }

    /** {@return the simulator every message goes to} */
    public MailboxSimulator simulator() {
        return simulator;
    }

    /** {@return the clock the instance reads, to move by hand} */
    public ManualClock clock() {
        return clock;
    }

    /** {@return the DNS resolver, holding the records of {@value #DOMAIN}} */
    public StaticDnsResolver dns() {
        return dns;
    }

    /** {@return the store} */
    public Store store() {
        return store;
    }

    /** {@return the verified domain} */
    public SenderDomain domain() {
        return domain;
    }

    /** {@return the sender address {@value #SENDER}} */
    public String sender() {
        return SENDER;
    }

    /** {@return every event so far, in order} */
    public List<SesEvent> events() {
        return List.copyOf(events);
    }

    /**
     * Creates an HTML template with a generated name and returns its id.
     *
     * @param body the template's HTML body
     * @return the template's id
     */
    public long htmlTemplate(String body) {
        return account().templates().create("t" + System.nanoTime(), TemplateType.HTML, body).id();
    }

    /**
     * Creates a text template with a generated name and returns its id.
     *
     * @param body the template's text body
     * @return the template's id
     */
    public long textTemplate(String body) {
        return account().templates().create("t" + System.nanoTime(), TemplateType.TEXT, body).id();
    }

    /**
     * A send request builder from {@value #SENDER} with a template and subject set.
     *
     * @param templateId the template's id
     * @param subject the subject, may hold {@code {{variables}}}
     * @return a builder to add recipients and variables to
     */
    public SendRequest.Builder message(long templateId, String subject) {
        return SendRequest.builder().from(SENDER).template(templateId).subject(subject);
    }

    /**
     * Runs all work due now.
     *
     * @return how many messages, runs and events were handled
     */
    public int runDueWork() {
        return ses.runDueWork();
    }

    /**
     * Moves the clock forward, then runs all work due.
     *
     * @param by how far to move the clock
     * @return how many messages, runs and events were handled
     */
    public int advance(Duration by) {
        clock.advance(by);
        return ses.runDueWork();
    }

    /** Closes the instance. Idempotent. */
    @Override
    public void close() {
        closed = true;
        ses.close();
    }
}
