package dev.ses.store.jdbc;

import dev.ses.core.spi.DeliveryResponseContractTest;
import dev.ses.core.spi.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The delivery response store contract on an embedded H2 file database, a new one per test. */
class H2DeliveryResponseContractTest extends DeliveryResponseContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        return JdbcStore.h2(dir);
    }
}
