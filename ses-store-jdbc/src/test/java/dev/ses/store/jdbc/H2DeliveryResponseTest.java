package dev.ses.store.jdbc;

import dev.ses.core.DeliveryResponseTest;
import dev.ses.core.spi.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The delivery response suite on an embedded H2 file database, a new one per store. */
class H2DeliveryResponseTest extends DeliveryResponseTest {
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
