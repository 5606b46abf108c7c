package dev.ses.store.jdbc;

import dev.ses.core.spi.EventLogContractTest;
import dev.ses.core.spi.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The event log's contract on an embedded H2 file database, a new one per test. */
class H2EventLogContractTest extends EventLogContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        return JdbcStore.h2(dir);
    }
}
