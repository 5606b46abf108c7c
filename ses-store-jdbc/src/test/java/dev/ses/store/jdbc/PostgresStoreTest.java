package dev.ses.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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

    @Test
    void theFactoryRefusesAUrlOfAnotherDatabase() {
        assertThatThrownBy(() -> JdbcStore.postgres("jdbc:h2:mem:x", "sa", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:postgresql:");
    }
}
