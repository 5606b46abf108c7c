package dev.ses.store.jdbc;

import dev.ses.core.spi.StatisticsContractTest;
import dev.ses.core.spi.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The statistics cube's contract on an embedded H2 file database, a new one per test. */
class H2StatisticsContractTest extends StatisticsContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        return JdbcStore.h2(dir);
    }
}
