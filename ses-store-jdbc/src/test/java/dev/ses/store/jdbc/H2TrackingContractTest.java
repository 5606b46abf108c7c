package dev.ses.store.jdbc;

import dev.ses.core.spi.Store;
import dev.ses.core.spi.TrackingContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The tracking keys' and setups' contract on an embedded H2 file database, a new one per test. */
class H2TrackingContractTest extends TrackingContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        return JdbcStore.h2(dir);
    }
}
