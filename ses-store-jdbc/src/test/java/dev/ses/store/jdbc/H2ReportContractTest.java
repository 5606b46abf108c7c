package dev.ses.store.jdbc;

import dev.ses.core.spi.ReportContractTest;
import dev.ses.core.spi.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The inbound reports' contract on an embedded H2 file database, a new one per test. */
class H2ReportContractTest extends ReportContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        return JdbcStore.h2(dir);
    }
}
