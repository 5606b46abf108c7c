package dev.ses.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ses's jars work as modules: a JVM with ses-core, ses-smtp and ses-store-jdbc and their libraries on the module
 * path (and only this module's test classes on the class path) runs {@link ModulePathCheck}. The tests themselves
 * run on the class path (CONTRIBUTING.md, "Modules").
 */
class ModulePathTest {
    /** The libraries the three modules need at run time, and the H2 driver, by file name. */
    private static final List<String> LIBRARIES = List.of("compiler-", "jackson-", "commons-csv-", "commons-io-",
            "commons-codec-", "caffeine-", "jspecify-", "slf4j-api-", "jmail-", "jsoup-", "opentest4j-", "angus-mail-",
            "angus-activation-", "jakarta.mail-api-", "jakarta.activation-api-", "dnsjava-", "HikariCP-", "h2-", "dsn-",
            "subethasmtp-");

    private static boolean onModulePath(Path entry) {
        String path = entry.toString().replace(File.separatorChar, '/');
        for (String module : List.of("ses-core", "ses-smtp", "ses-store-jdbc")) {
            if (path.contains("/" + module + "/target/classes") || entry.getFileName().toString()
                    .matches(module + "-[^-]+(-SNAPSHOT)?\\.jar")) {
                return true;
            }
        }
        return LIBRARIES.stream().anyMatch(entry.getFileName().toString()::startsWith);
    }

    @Test
    void theThreeModulesRunOnTheModulePath(@TempDir Path data) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> modulePath = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (onModulePath(Path.of(entry))) {
                modulePath.add(entry);
            }
        }
        String testClasses = Path.of(ModulePathCheck.class.getProtectionDomain().getCodeSource().getLocation()
                .getPath()).toString();
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", String.join(File.pathSeparator, modulePath),
                "--add-modules", "dev.ses.core,dev.ses.smtp,dev.ses.store.jdbc",
                "-cp", testClasses, ModulePathCheck.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(out).isZero();
        assertThat(out).contains("ann@example.com: DELIVERED",
                "dev.ses.core exports [dev.ses.core, dev.ses.core.spi, dev.ses.core.testing]",
                "dev.ses.smtp exports [dev.ses.smtp]",
                "dev.ses.store.jdbc exports [dev.ses.store.jdbc]");
    }
}
