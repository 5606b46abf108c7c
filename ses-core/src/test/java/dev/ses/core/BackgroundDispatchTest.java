package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.testing.SesFixture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** With dispatcher threads, mail goes without anyone pumping, and close() stops the threads. */
class BackgroundDispatchTest {
    @Test
    void dispatcherThreadsSendByThemselvesAndStopOnClose() throws InterruptedException {
        CountDownLatch delivered = new CountDownLatch(3);
        SesFixture f = SesFixture.create(b -> b.workers(2).node("bg").listener(e -> {
            if (e.type() == EventType.DELIVERED) {
                delivered.countDown();
            }
        }));
        try {
            long tpl = f.textTemplate("x");
            f.account().send(f.message(tpl, "x").to("a@acme.test", "b@acme.test", "c@acme.test").build());
            assertThat(delivered.await(30, TimeUnit.SECONDS)).as("delivered by the dispatcher threads").isTrue();
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().startsWith("ses-dispatcher-bg"));
        } finally {
            f.close();
        }
        f.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("ses-dispatcher-bg")
                && t.isAlive());
    }
}
