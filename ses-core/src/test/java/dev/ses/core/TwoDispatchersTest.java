package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.ThreadStates;
import dev.ses.core.testing.SesFixture;
import java.io.StringReader;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two dispatchers pumping one in-memory store at once, as the default two dispatcher threads do. */
class TwoDispatchersTest {
    /** An in-memory store that can hold the next run start open, its run written and its messages not yet. */
    private static final class HoldingStore extends ForwardingStore {
        private final CountDownLatch holding = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private volatile boolean hold;

        HoldingStore() {
            super(new InMemoryStore());
        }

        @Override
        public long enqueueGroup(MailRequest request, long groupId, Instant now) {
            if (hold) {
                hold = false;
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return super.enqueueGroup(request, groupId, now);
        }
    }

    private final HoldingStore store = new HoldingStore();
    private final SesFixture f = SesFixture.create(store, b -> b.quotas(QuotaPolicy.defaults()
            .withWarmup(WarmupPolicy.none())));

    @AfterEach
    void close() {
        f.close();
    }

    private static Thread pumping(SesFixture f, String name, CompletableFuture<Integer> done) {
        Thread t = new Thread(() -> {
            try {
                done.complete(f.runDueWork());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    @Test
    void aRunBeingQueuedByOneDispatcherIsNeitherCompletedNorEmptiedByTheOther() throws Exception {
        RecipientGroup g = f.account().groups().create("all", "");
        StringBuilder csv = new StringBuilder("email,name\n");
        for (int i = 0; i < 20; i++) {
            csv.append("user").append(i).append("@acme.test,Name ").append(i).append('\n');
        }
        assertThat(f.account().groups().importCsv(g.id(), new StringReader(csv.toString())).applied()).isTrue();
        long tpl = f.textTemplate("Hi {{name}}");
        SendTask task = f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "x"));

        // The first dispatcher starts the run and stops inside its transaction: the run is written, with a total
        // of 0, and none of its messages yet.
        store.hold = true;
        CompletableFuture<Integer> first = new CompletableFuture<>();
        pumping(f, "first dispatcher", first).start();
        assertThat(store.holding.await(1, TimeUnit.MINUTES)).as("the run is being queued").isTrue();

        // The second pumps meanwhile; the first goes on once the second has finished or waits.
        CompletableFuture<Integer> second = new CompletableFuture<>();
        Thread other = pumping(f, "second dispatcher", second);
        other.start();
        ThreadStates.awaitEndedOrWaiting(other);
        store.release.countDown();
        first.get(1, TimeUnit.MINUTES);
        second.get(1, TimeUnit.MINUTES);
        f.runDueWork();

        assertThat(f.account().tasks().runs(task.id())).singleElement().satisfies(run -> {
            assertThat(run.total()).as("the run's total").isEqualTo(20);
            assertThat(run.completedAt()).isPresent();
        });
        TaskProgress p = f.account().tasks().progress(task.id());
        assertThat(p.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(p.count(MessageState.DELIVERED)).isEqualTo(20);
        assertThat(f.simulator().delivered()).hasSize(20);
    }
}
