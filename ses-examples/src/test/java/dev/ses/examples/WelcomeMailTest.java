package dev.ses.examples;

import dev.ses.core.testing.SesExtension;
import dev.ses.core.testing.SesFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SesExtension.class)
class WelcomeMailTest {
    @Test
    void welcomesAnn(SesFixture ses) {
        long welcome = ses.htmlTemplate("<p>Hi {{name}}</p>");
        ses.account().send(ses.message(welcome, "Welcome").to("ann@acme.test").variable("name", "Ann").build());
        ses.runDueWork();
        ses.simulator().assertThat("ann@acme.test").received().withTemplate(welcome).withVariable("name", "Ann");
    }
}
