package dev.ses.core.testing;

import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

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
 * To adjust the instance, register it in a field: {@code @RegisterExtension SesExtension ses =
 * SesExtension.configure(b -> b.limits(...));}. JUnit is an optional dependency of ses-core: this class is only
 * usable where the test has JUnit 5.
 */
public final class SesExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SesExtension.class);

    private final UnaryOperator<Ses.Builder> customizer;

    /** The extension with the fixture's defaults. */
    public SesExtension() {
        this(b -> b);
    }

    private SesExtension(UnaryOperator<Ses.Builder> customizer) {
        this.customizer = customizer;
    }

    /** An extension whose {@code Ses} builder is adjusted for every test. */
    public static SesExtension configure(UnaryOperator<Ses.Builder> customizer) {
        return new SesExtension(customizer);
    }

    private SesFixture fixture(ExtensionContext context) {
        return context.getStore(NS).getOrComputeIfAbsent("fixture", k -> SesFixture.create(customizer),
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
    public void afterEach(ExtensionContext context) {
        SesFixture f = context.getStore(NS).remove("fixture", SesFixture.class);
        if (f != null) {
            f.close();
        }
    }
}
