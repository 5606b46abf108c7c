package dev.ses.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.CallbackDeliveryState;
import dev.ses.core.CallbackEvent;
import dev.ses.core.CallbackReceiver;
import dev.ses.core.CallbacksTest;
import dev.ses.core.SendRequest;
import dev.ses.core.Ses;
import dev.ses.core.spi.Store;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.SesFixture;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The callbacks suite on PostgreSQL, a schema of its own per store; and two nodes sharing one schema. */
class PostgresCallbacksTest extends CallbacksTest {
    @Override
    protected Store newStore() {
        PostgresServer server = PostgresServer.get();
        return JdbcStore.postgres(server.url(server.newSchema()), server.user(), server.password());
    }

    @Test
    void twoNodesOnOneDatabaseDeliverEachEventOnce() throws Exception {
        PostgresServer server = PostgresServer.get();
        String url = server.url(server.newSchema());
        store = JdbcStore.postgres(url, server.user(), server.password());
        f = SesFixture.create(store, b -> b.callbacks(policy()));
        long address = f.account().callbacks().setAccountAddress(receiver.url("/hooks"),
                EnumSet.of(CallbackEvent.DELIVERED)).id();
        int events = 40;
        CallbackReceiver.Answer[] failFirst = new CallbackReceiver.Answer[events];
        java.util.Arrays.fill(failFirst, CallbackReceiver.status(500, "not yet"));
        receiver.then(failFirst);
        f.simulator().rule("*").deliver();
        long tpl = f.textTemplate("Hello");
        for (int i = 0; i < events; i++) {
            f.account().send(f.message(tpl, "n" + i).to("r" + i + "@example.org").build());
        }
        f.runDueWork();
        assertThat(receiver.received()).hasSize(events);
        f.clock().advance(Duration.ofSeconds(6));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (JdbcStore other = JdbcStore.postgres(url, server.user(), server.password());
             Ses second = Ses.builder().store(other).transport(MailboxSimulator.create()).clock(f.clock())
                     .workers(0).node("second-node").callbacks(policy()).build()) {
            Future<Integer> a = pool.submit(() -> f.runDueWork());
            Future<Integer> b = pool.submit(second::runDueWork);
            a.get(2, TimeUnit.MINUTES);
            b.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertThat(receiver.received()).hasSize(2 * events);
        assertThat(receiver.countsById()).hasSize(events).allSatisfy((id, n) -> assertThat(n).isEqualTo(2));
        assertThat(f.account().callbacks().deliveries(address, CallbackDeliveryState.DELIVERED, 0, 100))
                .hasSize(events).allSatisfy(d -> assertThat(d.attempts()).hasSize(2));
    }
}
