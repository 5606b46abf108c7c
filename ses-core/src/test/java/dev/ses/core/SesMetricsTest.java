package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.testing.SesFixture;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SesMetricsTest {
    private final MockClock registryClock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, registryClock);

    private double events(String type) {
        return registry.get("ses.events").tag("type", type).counter().count();
    }

    private double queue(String state) {
        return registry.get("ses.queue.messages").tag("state", state).gauge().value();
    }

    @Test
    void countsEachOutcomeAndTimesDeliveriesByTheEventsTimes() {
        SesMetrics metrics = SesMetrics.create(registry);
        try (SesFixture f = SesFixture.create(b -> b.listener(metrics))) {
            metrics.watch(f.ses());
            long news = f.textTemplate("News");
            for (String to : new String[] {"delivered@simulator.ses.test", "bounce@simulator.ses.test",
                    "tempfail@simulator.ses.test", "suppressed@simulator.ses.test"}) {
                f.account().send(f.message(news, "News").to(to).build());
            }
            assertThat(queue("queued")).isEqualTo(4);
            f.runDueWork();

            assertThat(events("queued")).isEqualTo(4);
            assertThat(events("delivered")).isEqualTo(1);
            assertThat(events("bounced")).isEqualTo(1);
            assertThat(events("rejected")).isEqualTo(1);
            assertThat(events("deferred")).isEqualTo(1);
            assertThat(registry.get("ses.delivery.latency").timer().count()).isEqualTo(1);
            assertThat(queue("queued")).as("read less than a second of the registry's clock ago").isEqualTo(4);
            registryClock.add(Duration.ofSeconds(1));
            assertThat(queue("queued")).isZero();
            assertThat(queue("deferred")).isEqualTo(1);

            f.advance(Duration.ofHours(1));                   // the retry of tempfail@ is accepted
            assertThat(events("delivered")).isEqualTo(2);
            assertThat(registry.get("ses.delivery.latency").timer().count()).isEqualTo(2);
            assertThat(registry.get("ses.delivery.latency").timer().max(TimeUnit.SECONDS))
                    .as("the retry's wait, on ses's clock").isGreaterThan(0).isLessThanOrEqualTo(3600);
            registryClock.add(Duration.ofSeconds(1));
            assertThat(queue("deferred")).isZero();
            assertThat(registry.get("ses.queue.oldest").timeGauge().value(TimeUnit.SECONDS)).isZero();
            assertThat(registry.get("ses.workers.alive").gauge().value()).isZero();   // workers(0)
            assertThat(registry.get("ses.workers.failing").gauge().value()).isZero();
            assertThat(registry.get("ses.healthy").gauge().value()).isEqualTo(1);
        }
    }

    @Test
    void theOldestQueuedMessageAgesWithSesClock() {
        SesMetrics metrics = SesMetrics.create(registry);
        try (SesFixture f = SesFixture.create(b -> b.listener(metrics))) {
            metrics.watch(f.ses());
            f.account().send(f.message(f.textTemplate("Hi"), "Hi").to("delivered@simulator.ses.test").build());
            f.clock().advance(Duration.ofMinutes(2));
            assertThat(registry.get("ses.queue.oldest").timeGauge().value(TimeUnit.SECONDS)).isEqualTo(120);
        }
    }
}
