package dev.ses.examples;

import dev.ses.core.MessageState;
import dev.ses.core.SendReceipt;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.SesExtension;
import dev.ses.core.testing.SesFixture;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SesExtension.class)
class SimulatorRulesTest {
    @Test
    void eachRuleGivesItsOutcome(SesFixture ses) {
        MailboxSimulator sim = ses.simulator();
        sim.rule("*@flaky.test").deferTimes(3).thenDeliver();
        sim.rule("ann@acme.test").hardBounce("550 5.1.1 <ann@acme.test>: no such user");
        sim.rule("*@bigmail.test").throttleAbove(100, Duration.ofMinutes(1));      // 421 above 100 a minute
        sim.rule("bob@acme.test").deliver().thenOpen(Duration.ofMinutes(10))
                .thenClick("https://acme.test/offer", Duration.ofMinutes(12))
                .thenComplain(Duration.ofHours(2));
        sim.rule("cat@acme.test").mailboxFull();                                    // also rejectAsSpam(), reply(code, text)
        sim.rule("dan@acme.test").deliver().thenBounce("550 5.1.1 gone", Duration.ofMinutes(5));

        long news = ses.htmlTemplate("<p>News</p>");
        SendReceipt toAnn = ses.account().send(ses.message(news, "News").to("ann@acme.test").build());
        ses.account().send(ses.message(news, "News").to("bob@acme.test").build());
        ses.runDueWork();
        Assertions.assertEquals(MessageState.BOUNCED,
                ses.account().deliveries().byMessage(toAnn.messageId()).get(0).state());
        sim.assertThat("ann@acme.test").receivedNothing().lastReplyStartsWith("550 5.1.1");
        sim.assertThat("bob@acme.test").received().withSubject("News");
    }
}
