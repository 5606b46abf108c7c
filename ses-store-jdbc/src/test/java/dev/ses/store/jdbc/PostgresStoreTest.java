package dev.ses.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.ErrorCode;
import dev.ses.core.SendTask;
import dev.ses.core.SesException;
import dev.ses.core.TaskRun;
import dev.ses.core.TaskStatus;
import dev.ses.core.TaskType;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PostgresStoreTest extends JdbcStoreBehaviourTest {
    private String schema;

    @Override
    protected JdbcStore newStore() {
        PostgresServer server = PostgresServer.get();
        schema = server.newSchema();
        return JdbcStore.postgres(server.url(schema), server.user(), server.password());
    }

    @Test
    void threeNodesOnOneDatabaseNeverClaimTheSameMessage() throws Exception {
        MailRequest r = store.requests().insertIfAbsent(request());
        store.messages().insertAll(rows(r, 3000));
        PostgresServer server = PostgresServer.get();
        List<JdbcStore> nodes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<List<Long>>> claimers = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                JdbcStore node = JdbcStore.postgres(server.url(schema), server.user(), server.password());
                nodes.add(node);
                String name = "node-" + n;
                claimers.add(() -> {
                    List<Long> mine = new ArrayList<>();
                    List<MessageRecord> batch;
                    while (!(batch = node.messages().claim(name, 50, T0, Duration.ofMinutes(5))).isEmpty()) {
                        batch.forEach(m -> mine.add(m.id()));
                    }
                    return mine;
                });
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : pool.invokeAll(claimers)) {
                all.addAll(f.get());
            }
            assertThat(all).hasSize(3000).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
            nodes.forEach(JdbcStore::close);
        }
    }

    /** Three more stores on this test's schema, each with a pool of its own, as three nodes would have. */
    private List<JdbcStore> threeNodes() {
        PostgresServer server = PostgresServer.get();
        List<JdbcStore> nodes = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            nodes.add(JdbcStore.builder().postgres(server.url(schema), server.user(), server.password())
                    .maxPoolSize(4).build());
        }
        return nodes;
    }

    /** Runs each task on a thread of its own, all released at once, and returns their results. */
    private static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
        CyclicBarrier start = new CyclicBarrier(tasks.size());
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Callable<T>> released = tasks.stream().<Callable<T>>map(t -> () -> {
                start.await();
                return t.call();
            }).toList();
            List<T> results = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(released)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void threeNodesTogetherNeverReserveMoreThanTheDailyLimit() throws Exception {
        LocalDate day = LocalDate.of(2026, 3, 1);
        List<JdbcStore> nodes = threeNodes();
        try {
            List<Callable<Long>> takers = new ArrayList<>();
            for (JdbcStore node : nodes) {
                for (int thread = 0; thread < 3; thread++) {
                    takers.add(() -> {
                        long got = 0;
                        long granted;
                        do {
                            granted = node.counters().reserve("domain:mail.acme.test", day, 37, 4000);
                            got += granted;
                        } while (granted > 0);
                        return got;
                    });
                }
            }
            List<Long> taken = race(takers);
            assertThat(taken.stream().mapToLong(Long::longValue).sum()).isEqualTo(4000);
            assertThat(store.counters().get("domain:mail.acme.test", day)).isEqualTo(4000);
            assertThat(store.counters().get("domain:mail.acme.test", day.plusDays(1))).isZero();
        } finally {
            nodes.forEach(JdbcStore::close);
        }
    }

    @Test
    void aDueRunStartsOnOneNodeOnly() throws Exception {
        Instant next = T0.plusSeconds(60);
        List<SendTask> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tasks.add(store.tasks().insert(new SendTask(0, "acme", TaskType.RECURRING, 1, 2, 3, "Hi", Map.of(), next,
                    Optional.of(Duration.ofDays(1)), Optional.empty(), java.time.ZoneOffset.UTC, TaskStatus.WAITING,
                    Optional.of(next), 0, Optional.empty(), T0, T0)));
        }
        List<JdbcStore> nodes = threeNodes();
        try {
            List<Callable<List<Long>>> starters = new ArrayList<>();
            for (JdbcStore node : nodes) {
                starters.add(() -> {
                    List<Long> started = new ArrayList<>();
                    for (SendTask due : node.tasks().due(next)) {
                        SendTask running = due.withSchedule(TaskStatus.SENDING,
                                Optional.of(next.plus(Duration.ofDays(1))), due.runs() + 1, next);
                        if (node.tasks().updateIfNextRunIs(running, due.nextRunAt())) {
                            node.tasks().insertRun(new TaskRun(0, due.id(), "acme", running.runs(), "m" + due.id(), 0,
                                    next, Optional.empty()));
                            started.add(due.id());
                        }
                    }
                    return started;
                });
            }
            List<Long> started = race(starters).stream().flatMap(List::stream).toList();
            assertThat(started).hasSize(20).doesNotHaveDuplicates();
            for (SendTask t : tasks) {
                assertThat(store.tasks().runs(t.id())).hasSize(1);
                assertThat(store.tasks().get("acme", t.id()).orElseThrow().runs()).isEqualTo(1);
            }
            assertThat(store.tasks().due(next)).isEmpty();
        } finally {
            nodes.forEach(JdbcStore::close);
        }
    }

    @Test
    void aSecondRunWithTheSameNumberIsRefused() {
        store.tasks().insertRun(new TaskRun(0, 9, "acme", 1, "m1", 5, T0, Optional.empty()));
        assertThatThrownBy(() -> store.tasks().insertRun(new TaskRun(0, 9, "acme", 1, "m2", 5, T0, Optional.empty())))
                .isInstanceOfSatisfying(SesException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                .hasMessage("run: 1 of task 9 already exists");
    }

    @Test
    void theFactoryRefusesAUrlOfAnotherDatabase() {
        assertThatThrownBy(() -> JdbcStore.postgres("jdbc:h2:mem:x", "sa", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:postgresql:");
    }
}
