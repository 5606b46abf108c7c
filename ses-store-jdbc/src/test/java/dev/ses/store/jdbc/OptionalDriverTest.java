package dev.ses.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDBC drivers are optional dependencies: an application that adds neither gets a {@link JdbcStoreException}
 * naming the database, not a {@code NoClassDefFoundError}. The store is loaded here from this module's class path
 * with both drivers left out.
 */
class OptionalDriverTest {
    private static URLClassLoader withoutDrivers() throws MalformedURLException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (!name.startsWith("h2-") && !name.startsWith("postgresql-")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void anH2StoreWithoutTheH2DriverFailsNamingTheDatabase(@TempDir Path dir) throws Exception {
        try (URLClassLoader loader = withoutDrivers()) {
            assertThatThrownBy(() -> loader.loadClass("org.h2.Driver")).isInstanceOf(ClassNotFoundException.class);
            Class<?> store = loader.loadClass(JdbcStore.class.getName());
            assertThatThrownBy(() -> store.getMethod("h2", Path.class).invoke(null, dir))
                    .isInstanceOf(InvocationTargetException.class)
                    .cause()
                    .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo(JdbcStoreException.class.getName()))
                    .hasMessageContaining("jdbc:h2:file:" + dir.toAbsolutePath().normalize());
        }
    }

    @Test
    void aPostgresStoreWithoutThePostgresDriverFailsNamingTheDatabase() throws Exception {
        try (URLClassLoader loader = withoutDrivers()) {
            Class<?> store = loader.loadClass(JdbcStore.class.getName());
            assertThatThrownBy(() -> store.getMethod("postgres", String.class, String.class, String.class)
                    .invoke(null, "jdbc:postgresql://127.0.0.1:1/ses", "ses", ""))
                    .isInstanceOf(InvocationTargetException.class)
                    .cause()
                    .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo(JdbcStoreException.class.getName()))
                    .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/ses");
        }
    }
}
