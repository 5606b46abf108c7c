package dev.ses.core.testing;

import dev.ses.core.SesAccount;
import dev.ses.core.TemplateType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a user's own test looks like with the extension: three lines. */
@ExtendWith(SesExtension.class)
class ExtensionExampleTest {
    @Test
    void welcomesAnn(SesFixture ses) {
        long welcome = ses.htmlTemplate("<p>Hi {{name}}</p>");
        ses.account().send(ses.message(welcome, "Welcome").to("ann@acme.test").variable("name", "Ann").build());
        ses.runDueWork();
        ses.simulator().assertThat("ann@acme.test").received().withTemplate(welcome).withVariable("name", "Ann");
    }

    @Test
    void resolvesTheAccountTheSimulatorAndTheClock(SesAccount account, MailboxSimulator simulator, ManualClock clock) {
        long id = account.templates().create("t", TemplateType.TEXT, "x").id();
        account.send(dev.ses.core.SendRequest.builder().from(SesFixture.SENDER).template(id).subject("s")
                .to("bob@acme.test").build());
        simulator.assertThat("bob@acme.test").receivedNothing();
        org.assertj.core.api.Assertions.assertThat(clock.instant()).hasToString(SesFixture.START);
    }
}
