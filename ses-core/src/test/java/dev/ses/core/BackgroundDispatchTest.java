package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.spi.MessageRepository;
import dev.ses.core.testing.SesFixture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    @Test
    void aSendInsideAStoreTransactionGoesWhileTheDispatcherAsksWhatIsDueNext() throws Exception {
        // The idle dispatcher thread asks the store when the next message is due; here it asks just as the
        // application opens a transaction on the store and sends in it.
        InMemoryStore inner = new InMemoryStore();
        AtomicBoolean trap = new AtomicBoolean();
        CountDownLatch asking = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        MessageRepository messages = (MessageRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MessageRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("nextDue")
                            && Thread.currentThread().getName().startsWith("ses-dispatcher-") && trap.getAndSet(false)) {
                        asking.countDown();
                        answer.await();
                    }
                    try {
                        return method.invoke(inner.messages(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ForwardingStore store = new ForwardingStore(inner) {
            @Override
            public MessageRepository messages() {
                return messages;
            }
        };
        CountDownLatch delivered = new CountDownLatch(1);
        SesFixture f = SesFixture.create(store, b -> b.workers(1).node("idle").listener(e -> {
            if (e.type() == EventType.DELIVERED) {
                delivered.countDown();
            }
        }));
        CompletableFuture<SendReceipt> sent = new CompletableFuture<>();
        try {
            long tpl = f.textTemplate("x");
            trap.set(true);
            assertThat(asking.await(1, TimeUnit.MINUTES)).as("the dispatcher asks what is due next").isTrue();
            Thread application = new Thread(() -> {
                try {
                    sent.complete(store.inTransaction(() -> {
                        answer.countDown();
                        return f.account().send(f.message(tpl, "x").to("a@acme.test").build());
                    }));
                } catch (Throwable e) {
                    sent.completeExceptionally(e);
                }
            }, "application");
            application.setDaemon(true);
            application.start();
            assertThat(sent).as("the send, without a deadlock with the dispatcher thread")
                    .succeedsWithin(Duration.ofMinutes(1));
            assertThat(delivered.await(1, TimeUnit.MINUTES)).as("delivered by the dispatcher thread").isTrue();
        } finally {
            answer.countDown();
            if (sent.isDone()) {
                f.close();
            }
        }
    }
}
