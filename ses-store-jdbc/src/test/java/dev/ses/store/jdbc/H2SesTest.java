package dev.ses.store.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2SesTest extends SesOnJdbcStoreTest {
    @TempDir
    Path dir;

    @Override
    protected JdbcStore newStore() {
        return JdbcStore.h2(dir);
    }
}
