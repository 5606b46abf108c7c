package dev.ses.store.jdbc;

import dev.ses.core.spi.CallbackContractTest;
import dev.ses.core.spi.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The callback repository's contract on an embedded H2 file database, a new one per test. */
class H2CallbackContractTest extends CallbackContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        return JdbcStore.h2(dir);
    }
}
