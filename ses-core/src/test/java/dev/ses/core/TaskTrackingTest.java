package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.SesFixture;
import dev.ses.core.testing.SimulatedMail;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tracking of task mail on each level: the account's and sender domain's switches, the task's own choice, and each
 * recipient's consent read from a group column or a send's variable.
 */
class TaskTrackingTest {
    private static final String BASE = "https://track.example.test";
    private static final String HTML = "<p>Hi {{name}}, <a href=\"https://shop.example/a\">shop</a></p>";

    private static SesFixture fixture() {
        return SesFixture.create(b -> b.trackingBaseUrl(BASE));
    }

    private static long group(SesFixture f, String csv) {
        RecipientGroup g = f.account().groups().create("g" + System.identityHashCode(csv), "");
        f.account().groups().importCsv(g.id(), new StringReader(csv));
        return g.id();
    }

    private static SimulatedMail last(SesFixture f, String recipient) {
        List<SimulatedMail> box = f.simulator().mailbox(recipient);
        assertThat(box).as(recipient).isNotEmpty();
        return box.get(box.size() - 1);
    }

    private static boolean tracked(SimulatedMail m) {
        return MailboxSimulator.pixelUrl(m).isPresent() || !MailboxSimulator.trackedLinks(m).isEmpty();
    }

    private static boolean hasPixel(SimulatedMail m) {
        return MailboxSimulator.pixelUrl(m).isPresent();
    }

    private static boolean rewritten(SimulatedMail m) {
        return !MailboxSimulator.trackedLinks(m).isEmpty();
    }

    @Test
    void aTaskTracksAsTheSwitchesSayByDefaultAndCanTurnOpensOrClicksOff() {
        try (SesFixture f = fixture()) {
            long tpl = f.htmlTemplate(HTML);
            long g = group(f, "email,name\nann@acme.test,Ann\n");
            SendTask plain = f.account().tasks().create(TaskRequest.batch(f.sender(), g, tpl, "news"));
            assertThat(plain.tracking()).isEqualTo(MessageTracking.BULK);
            f.runDueWork();
            SimulatedMail both = last(f, "ann@acme.test");
            assertThat(hasPixel(both)).isTrue();
            assertThat(rewritten(both)).isTrue();

            f.account().tasks().create(TaskRequest.batch(f.sender(), g, tpl, "news")
                    .withTracking(MessageTracking.BULK.withOpens(false)));
            f.runDueWork();
            SimulatedMail noOpens = last(f, "ann@acme.test");
            assertThat(hasPixel(noOpens)).isFalse();
            assertThat(rewritten(noOpens)).isTrue();

            f.account().tasks().create(TaskRequest.batch(f.sender(), g, tpl, "news")
                    .withTracking(MessageTracking.BULK.withOpens(false).withClicks(false)));
            f.runDueWork();
            SimulatedMail none = last(f, "ann@acme.test");
            assertThat(tracked(none)).isFalse();
            assertThat(none.html().orElseThrow()).contains("<a href=\"https://shop.example/a\">");
            assertThat(none.headers()).as("unsubscribing is not tracking").containsKey("List-Unsubscribe");
            assertThat(f.simulator().mailbox("ann@acme.test")).hasSize(3);
        }
    }

    @Test
    void theSwitchesOfAccountAndDomainStillWinOverATaskThatAllowsTracking() {
        try (SesFixture f = fixture()) {
            long tpl = f.htmlTemplate(HTML);
            long g = group(f, "email,name\nann@acme.test,Ann\n");
            f.account().statistics().settings().setAccount(new TrackingSettings(false, false));
            f.account().tasks().create(TaskRequest.batch(f.sender(), g, tpl, "news"));
            f.runDueWork();
            assertThat(tracked(last(f, "ann@acme.test"))).isFalse();

            f.account().statistics().settings().setDomains(List.of(SesFixture.DOMAIN), new TrackingSettings(false,
                    true));
            f.account().tasks().create(TaskRequest.batch(f.sender(), g, tpl, "news"));
            f.runDueWork();
            SimulatedMail domainClicks = last(f, "ann@acme.test");
            assertThat(hasPixel(domainClicks)).isFalse();
            assertThat(rewritten(domainClicks)).isTrue();
        }
    }

    @Test
    void aConsentColumnTracksOnlyTheRecipientsWhoSayYes() {
        try (SesFixture f = fixture()) {
            long tpl = f.htmlTemplate(HTML);
            long g = group(f, "email,name,consent\nann@acme.test,Ann,yes\nbob@acme.test,Bob,no\n"
                    + "cat@acme.test,Cat,\ndan@acme.test,Dan, TRUE \n");
            f.account().tasks().create(TaskRequest.batch(f.sender(), g, tpl, "news {{name}}")
                    .withTracking(MessageTracking.BULK.withConsentVariable("consent")));
            f.runDueWork();

            assertThat(tracked(last(f, "ann@acme.test"))).isTrue();
            assertThat(tracked(last(f, "dan@acme.test"))).isTrue();
            for (String refused : List.of("bob@acme.test", "cat@acme.test")) {
                SimulatedMail m = last(f, refused);
                assertThat(tracked(m)).as(refused).isFalse();
                assertThat(m.html().orElseThrow()).contains("<a href=\"https://shop.example/a\">");
                assertThat(m.headers()).containsKey("List-Unsubscribe");
            }
            assertThat(last(f, "bob@acme.test").html().orElseThrow()).contains("Hi Bob");
        }
    }

    @Test
    void aConsentVariableThatNoColumnOrSharedVariableGivesIsRefusedAndNoTaskIsWritten() {
        try (SesFixture f = fixture()) {
            long tpl = f.htmlTemplate(HTML);
            long g = group(f, "email,name\nann@acme.test,Ann\n");
            assertThatThrownBy(() -> f.account().tasks().create(TaskRequest.batch(f.sender(), g, tpl, "news")
                    .withTracking(MessageTracking.BULK.withConsentVariable("consent"))))
                    .isInstanceOfSatisfying(SesException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.TEMPLATE_VARIABLES_MISMATCH))
                    .hasMessageContaining("tracking.consentVariable").hasMessageContaining("'consent'");
            assertThat(f.account().tasks().list(PageRequest.first()).items()).isEmpty();

            // A shared variable serves as well: every recipient of the task then decides alike.
            f.account().tasks().create(TaskRequest.batch(f.sender(), g, tpl, "news")
                    .withSharedVariables(Map.of("consent", "no"))
                    .withTracking(MessageTracking.BULK.withConsentVariable("consent")));
            f.runDueWork();
            assertThat(tracked(last(f, "ann@acme.test"))).isFalse();
        }
    }

    @Test
    void aRegularSendReadsItsConsentFromItsVariables() {
        try (SesFixture f = fixture()) {
            long tpl = f.htmlTemplate(HTML);
            MessageTracking consent = MessageTracking.DEFAULT.withConsentVariable("consent");
            f.account().send(f.message(tpl, "hi").to("ann@acme.test").variables(Map.of("name", "Ann",
                    "consent", "yes")).tracking(consent).build());
            f.account().send(f.message(tpl, "hi").to("bob@acme.test").variables(Map.of("name", "Bob",
                    "consent", "0")).tracking(consent).build());
            f.runDueWork();
            assertThat(tracked(last(f, "ann@acme.test"))).isTrue();
            assertThat(tracked(last(f, "bob@acme.test"))).isFalse();
            assertThatThrownBy(() -> f.account().send(f.message(tpl, "hi").to("cat@acme.test")
                    .variables(Map.of("name", "Cat")).tracking(consent).build()))
                    .isInstanceOf(SesException.class).hasMessageContaining("tracking.consentVariable");
        }
    }

    @Test
    void aConsentVariableNameIsCheckedAtOnce() {
        assertThatThrownBy(() -> MessageTracking.BULK.withConsentVariable("has space"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'has space'");
        assertThatThrownBy(() -> MessageTracking.BULK.withConsentVariable("unsubscribe_url"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
