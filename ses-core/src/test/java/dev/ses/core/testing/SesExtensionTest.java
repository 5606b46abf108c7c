package dev.ses.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.ses.core.InMemoryStore;
import dev.ses.core.MessageState;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.spi.MessageRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.TestExecutionResult;

/** Runs small test classes that use the extension and checks what it reports. */
class SesExtensionTest {
    /** The failures of a run, as "display name: message". */
    private static List<String> failuresOf(Class<?> testClass) {
        List<String> failures = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        result.getThrowable().ifPresent(t -> failures.add(id.getDisplayName() + ": " + t));
                    }
                });
        return failures;
    }

    @ExtendWith(SesExtension.class)
    static class LeavesASesRunning {
        static Ses forgotten;

        @Test
        void startsOneAndForgetsIt(SesFixture f) {
            forgotten = Ses.builder().transport(MailboxSimulator.create()).dns(f.dns()).node("forgotten").workers(1).build();
        }
    }

    @Test
    void aSesThatATestNeverClosedFailsItWithTheThreadsNamed() {
        try {
            assertThat(failuresOf(LeavesASesRunning.class)).singleElement().asString()
                    .contains("AssertionFailedError", "the test leaked", "thread ses-dispatcher-forgotten-0 still running",
                            "thread ses-events-forgotten still running");
        } finally {
            LeavesASesRunning.forgotten.close();
        }
    }

    @ExtendWith(SesExtension.class)
    static class SharesTheSimulator {
        @Test
        void startsASecondSesOnIt(SesFixture f) {
            Ses.builder().transport(f.simulator()).dns(f.dns()).workers(0).build();
        }
    }

    @Test
    void aSecondSesOnTheSimulatorNeverClosedIsALeak() {
        assertThat(failuresOf(SharesTheSimulator.class)).singleElement().asString()
                .contains("the MailboxSimulator is still open in 1 Ses instance(s) that were never closed");
    }

    @ExtendWith(SesExtension.class)
    static class LeavesAClaim {
        @Test
        void claimsAndNeverSettles(SesFixture f) {
            long t = f.textTemplate("x");
            f.account().send(f.message(t, "Hi").to("ann@acme.test").build());
            List<MessageRecord> claimed = f.store().messages().claim("elsewhere", 10, f.clock().instant(),
                    Duration.ofMinutes(5));
            assertThat(claimed).hasSize(1);
        }
    }

    @Test
    void aMessageLeftSendingIsALeak() {
        assertThat(failuresOf(LeavesAClaim.class)).singleElement().asString()
                .contains("1 message(s) left SENDING");
    }

    @ExtendWith(SesExtension.class)
    static class ClassFixture {
        static SesFixture shared;
        static SesFixture perTest;

        @BeforeAll
        static void setUp(SesFixture f) {
            shared = f;
            f.textTemplate("created once for the class");
        }

        @BeforeEach
        void each(SesFixture f) {
            perTest = f;
        }

        @Test
        void getsAFixtureOfItsOwn(SesFixture f, SesAccount account) {
            assertThat(f).isNotSameAs(shared).isSameAs(perTest);
            assertThat(account.templates().list(dev.ses.core.PageRequest.first()).items()).isEmpty();
            assertThat(shared.account().templates().list(dev.ses.core.PageRequest.first()).items()).hasSize(1);
        }

        @AfterAll
        static void sharedIsStillOpen() {
            shared.runDueWork();
        }
    }

    @Test
    void aBeforeAllFixtureBelongsToTheClassAndIsClosedAfterItsTests() {
        assertThat(failuresOf(ClassFixture.class)).isEmpty();
        assertThat(ClassFixture.shared.simulator().openUsers()).isZero();
    }

    @Test
    void anEmptyMailboxSaysWhatIsStillQueued() {
        try (SesFixture f = SesFixture.create()) {
            long t = f.textTemplate("x");
            f.account().send(f.message(t, "Hi").to("ann@acme.test").build());
            org.opentest4j.AssertionFailedError e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.opentest4j.AssertionFailedError.class, () -> f.simulator().assertThat("ann@acme.test").received());
            assertThat(e).hasMessageContaining("1 message to ann@acme.test is still QUEUED: call runDueWork()");
            assertThat(e.isExpectedDefined() && e.isActualDefined()).isTrue();
            f.runDueWork();
            f.simulator().assertThat("ann@acme.test").received();
            assertThat(f.account().deliveries().find(dev.ses.core.DeliveryQuery.between(java.time.Instant.EPOCH,
                    f.clock().instant().plusSeconds(1)), dev.ses.core.PageRequest.first()).items())
                    .extracting(dev.ses.core.DeliveryStatus::state).containsExactly(MessageState.DELIVERED);
        }
    }

    @Test
    void aWrongSubjectFailsWithExpectedAndActual() {
        try (SesFixture f = SesFixture.create()) {
            long t = f.textTemplate("x");
            f.account().send(f.message(t, "Hi").to("ann@acme.test").build());
            f.runDueWork();
            org.opentest4j.AssertionFailedError e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.opentest4j.AssertionFailedError.class,
                    () -> f.simulator().assertThat("ann@acme.test").received().withSubject("Hello"));
            assertThat(e.getExpected().getStringRepresentation()).isEqualTo("subject 'Hello'");
            assertThat(e.getActual().getStringRepresentation()).isEqualTo("subject 'Hi'");
        }
    }

    @Test
    void unlimitedLiftsQuotasWarmupAndTheMailboxRate() {
        try (SesFixture f = SesFixture.create(b -> b.quotas(dev.ses.core.QuotaPolicy.unlimited()))) {
            long t = f.textTemplate("x");
            List<String> fifty = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                fifty.add("r" + i + "@acme.test");
            }
            for (int i = 0; i < 11; i++) {       // 550 mails: over the first warm-up day's 500, 11 to each mailbox
                f.account().send(f.message(t, "Hi").to(fifty).build());
            }
            f.runDueWork();
            assertThat(f.simulator().delivered()).hasSize(550);
            f.simulator().assertThat("r0@acme.test").receivedCount(11);
            assertThat(f.store().messages().depth().queued()).isZero();
        }
    }

    @Test
    void anInMemoryStoreCanBeGiven() {
        try (SesFixture f = SesFixture.create(new InMemoryStore(), b -> b)) {
            assertThat(f.leaks()).isEmpty();
        }
    }
}
