package dev.ses.core;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the console's browser tests, from the system's packages ({@code chromium} and
 * {@code chromium-driver} on Debian): the binary and the driver are given by path, so Selenium never looks for
 * them on the network. {@code SES_CHROMIUM} and {@code SES_CHROMEDRIVER} name others.
 *
 * <p>Where they are missing, the tests are skipped with a message saying what to install; with {@code CI} set they
 * run and fail, naming it.
 */
final class Chromium {
    static final Path BINARY = Path.of(env("SES_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(env("SES_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final String INSTALL = "apt-get install chromium chromium-driver (Debian), or set SES_CHROMIUM "
            + "and SES_CHROMEDRIVER to a Chromium and its matching chromedriver";

    private Chromium() {
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }

    static boolean present() {
        return Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    }

    /** Whether CI is set (to anything but {@code false}), which makes the browser tests required. */
    static boolean required() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /**
     * Starts a headless Chromium whose profile, temporary files and caches all live under {@code dir}.
     *
     * @throws IllegalStateException naming what to install if Chromium or its driver is missing
     */
    static ChromeDriver start(Path dir) throws IOException {
        if (!present()) {
            throw new IllegalStateException("CI is set, so the console's browser tests are required, but "
                    + BINARY + " or " + DRIVER + " is missing. Install them: " + INSTALL + ".");
        }
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withEnvironment(Map.of("TMPDIR", tmp.toString(), "XDG_CONFIG_HOME",
                        tmp.resolve("config").toString(), "XDG_CACHE_HOME", tmp.resolve("cache").toString()))
                .withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1280,1000",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Where the tests write: {@code target/console-browser}. */
    static Path workDir() throws IOException {
        return Files.createDirectories(new File("target/console-browser").toPath());
    }

    /** Skips the browser tests without Chromium, unless CI is set. */
    static final class Requirement implements ExecutionCondition {
        private static final PrintStream CONSOLE = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        private static final AtomicBoolean TOLD = new AtomicBoolean();

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (present()) {
                return ConditionEvaluationResult.enabled("Chromium found: " + BINARY);
            }
            if (required()) {
                return ConditionEvaluationResult.enabled("CI is set: Chromium is required");
            }
            String message = "Console browser tests skipped: " + BINARY + " or " + DRIVER + " is missing. To run "
                    + "them: " + INSTALL + ". With CI set they are required.";
            if (TOLD.compareAndSet(false, true)) {
                CONSOLE.println(message);
            }
            return ConditionEvaluationResult.disabled(message);
        }
    }
}
