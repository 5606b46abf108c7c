package dev.ses.store.jdbc;

import dev.ses.core.CallbacksTest;
import dev.ses.core.spi.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The callbacks suite on an embedded H2 file database, a new one per store. */
class H2CallbacksTest extends CallbacksTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        try {
            return JdbcStore.h2(Files.createTempDirectory(dir, "store"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
