package dev.ses.store.jdbc;

import dev.ses.core.spi.Store;
import dev.ses.core.spi.StoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an embedded H2 file database, a new one per test. */
class H2StoreContractTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        return JdbcStore.h2(dir);
    }
}
