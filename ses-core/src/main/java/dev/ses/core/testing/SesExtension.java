package dev.ses.core.testing;

import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.AssertionFailedError;

/**
 * A JUnit 5 extension that gives each test a fresh {@link SesFixture} and closes it afterwards. Test methods
 * declare what they need as parameters: {@link SesFixture}, {@link Ses}, {@link SesAccount},
 * {@link MailboxSimulator} or {@link ManualClock}.
 *
 * <pre>{@code
 * @ExtendWith(SesExtension.class)
 * class WelcomeMailTest {
 *     @Test
 *     void welcomesAnn(SesFixture ses) {
 *         long welcome = ses.htmlTemplate("<p>Hi {{name}}</p>");
 *         ses.account().send(ses.message(welcome, "Welcome").to("ann@acme.test").variable("name", "Ann").build());
 *         ses.runDueWork();
 *         ses.simulator().assertThat("ann@acme.test").received().withVariable("name", "Ann");
 *     }
 * }
 * }</pre>
 *
 * <p>A parameter of a {@code @BeforeEach} method gets the same fixture as the test. A parameter of a
 * {@code @BeforeAll} method gets a fixture of its own for the whole class, closed after the last test; test
 * methods still get a fresh one each.
 *
 * <p>After each test (and after all tests, for the class fixture) the extension closes the fixture and fails the
 * test, naming what leaked, if something was left behind: a message still {@code SENDING}, a {@code Ses} started
 * on the fixture's simulator and never closed, or a ses thread ({@code ses-dispatcher-*}, {@code ses-events-*},
 * {@code ses-callback*}) that the test started and that still runs. Threads are told apart by name from those running before the test, so
 * tests run in parallel in one JVM may be blamed for each other's threads.
 *
 * <p>To adjust the instance, register it in a field: {@code @RegisterExtension static SesExtension ses =
 * SesExtension.configure(b -> b.limits(...));}. To lift every quota and rate limit:
 * {@code SesExtension.configure(b -> b.quotas(QuotaPolicy.unlimited()))}. JUnit is an optional dependency of
 * ses-core: this class is only usable where the test has JUnit 5.
 */
public final class SesExtension implements ParameterResolver, BeforeAllCallback, BeforeEachCallback,
        AfterEachCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SesExtension.class);

    /**
     * Keys per level: a method context's store also finds its class context's entries, so one key for both would
     * hand the class fixture to every test.
     */
    private static String key(ExtensionContext context, String what) {
        return (context.getTestMethod().isPresent() ? "test-" : "class-") + what;
    }

    private final UnaryOperator<Ses.Builder> customizer;

    /** The extension with the fixture's defaults. */
    public SesExtension() {
        this(b -> b);
    }

    private SesExtension(UnaryOperator<Ses.Builder> customizer) {
        this.customizer = customizer;
    }

    /**
     * {@return an extension whose {@code Ses} builder is adjusted for every test}
     *
     * @param customizer adjusts the builder before each test's {@code Ses} is built
     */
    public static SesExtension configure(UnaryOperator<Ses.Builder> customizer) {
        return new SesExtension(Objects.requireNonNull(customizer, "customizer"));
    }

    /**
     * The fixture of this context: a test's (shared with its {@code @BeforeEach} methods), or, in a class context
     * ({@code @BeforeAll}), the class's own.
     */
    private SesFixture fixture(ExtensionContext context) {
        return context.getStore(NS).getOrComputeIfAbsent(key(context, "fixture"), k -> SesFixture.create(customizer),
                SesFixture.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SesFixture.class || type == Ses.class || type == SesAccount.class
                || type == MailboxSimulator.class || type == ManualClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SesFixture f = fixture(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == Ses.class) {
            return f.ses();
        }
        if (type == SesAccount.class) {
            return f.account();
        }
        if (type == MailboxSimulator.class) {
            return f.simulator();
        }
        if (type == ManualClock.class) {
            return f.clock();
        }
        return f;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put(key(context, "threads"), sesThreads());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put(key(context, "threads"), sesThreads());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeAndCheck(context, "the test");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeAndCheck(context, "the class " + context.getRequiredTestClass().getSimpleName());
    }

    private static void closeAndCheck(ExtensionContext context, String who) {
        ExtensionContext.Store store = context.getStore(NS);
        List<String> leaks = new ArrayList<>();
        SesFixture f = store.remove(key(context, "fixture"), SesFixture.class);
        if (f != null) {
            f.close();
            leaks.addAll(f.leaks());
        }
        @SuppressWarnings("unchecked")
        Set<String> before = store.remove(key(context, "threads"), Set.class);
        Set<String> running = sesThreads();
        if (before != null) {
            running.removeAll(before);
        }
        running.stream().sorted().forEach(t -> leaks.add("thread " + t + " still running: close every Ses"));
        if (context.getTestMethod().isPresent()) {
            // Told once: the class's own check after all tests need not name them again.
            context.getParent().map(p -> p.getStore(NS).get(key(p, "threads"), Set.class))
                    .ifPresent(classBefore -> addAll(classBefore, running));
        }
        if (!leaks.isEmpty()) {
            throw new AssertionFailedError(who + " leaked: " + String.join("; ", leaks));
        }
    }

    @SuppressWarnings("unchecked")
    private static void addAll(Set<?> into, Set<String> names) {
        ((Set<String>) into).addAll(names);
    }

    private static Set<String> sesThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("ses-dispatcher-") || n.startsWith("ses-events-")
                        || n.startsWith("ses-callback"))
                .collect(Collectors.toCollection(HashSet::new));
    }
}
