package dev.ses.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.SenderDomain;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StoreTest extends JdbcStoreBehaviourTest {
    @TempDir
    Path dir;

    @Override
    protected JdbcStore newStore() {
        return JdbcStore.h2(dir);
    }

    @Test
    void dataSurvivesARestartOnTheSameFile() {
        SenderDomain d = store.domains().insert(domain("mail.acme.test"));
        MailRequest r = store.requests().insertIfAbsent(request());
        List<MessageRecord> queued = store.messages().insertAll(rows(r, 5));
        List<MessageRecord> claimed = store.messages().claim("before", 2, T0, Duration.ofMinutes(5));
        assertThat(claimed).hasSize(2);
        store.close();
        assertThat(Files.exists(dir.resolve("ses.mv.db"))).isTrue();

        store = JdbcStore.h2(dir);
        assertThat(store.domains().get("acme", d.id())).contains(d);
        assertThat(store.requests().get(r.id())).contains(r);
        assertThat(store.messages().byRequest("acme", r.id())).hasSize(5);
        // The three never claimed go now; the two claimed before the restart come back when their lease ends.
        assertThat(store.messages().claim("after", 10, T0, Duration.ofMinutes(10))).hasSize(3);
        assertThat(store.messages().claim("after", 10, T0.plus(Duration.ofMinutes(5)), Duration.ofMinutes(5)))
                .extracting(MessageRecord::id)
                .containsExactlyInAnyOrderElementsOf(claimed.stream().map(MessageRecord::id).toList());
        assertThat(queued).hasSize(5);
    }
}
