package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Verifies DKIM signatures with dkimpy, an implementation independent of ours. The public key record is handed to
 * it through its {@code dnsfunc} hook, so no DNS is involved.
 *
 * <p>dkimpy is looked for once per JVM. When {@code SES_PYTHON} is set, only the interpreter it names is tried;
 * otherwise {@code python3} on the PATH, then {@code /usr/bin/python3} (Debian's, the one that sees Debian's
 * python3-dkim when another Python comes first on the PATH). The first that imports both {@code dkim} and
 * {@code nacl} (PyNaCl, which dkimpy needs for Ed25519) is used. Tests that need it are marked {@link DkimPyTest}:
 * where no interpreter has dkimpy they are skipped with a message saying how to enable them, except when {@code CI}
 * is set, where they fail and name what to install.
 */
public final class DkimPy {
    private static final String SCRIPT = String.join("\n",
            "import sys",
            "import dkim",
            "message = open(sys.argv[1], 'rb').read()",
            "record = open(sys.argv[2], 'rb').read()",
            "def lookup(name, timeout=5):",
            "    return record",
            "ok = dkim.verify(message, dnsfunc=lookup)",
            "print('pass' if ok else 'fail')",
            "sys.exit(0 if ok else 1)",
            "");
    private static final String INSTALL = "apt-get install python3-dkim python3-nacl (Debian, Ubuntu; elsewhere "
            + "pip install dkimpy pynacl), or set SES_PYTHON to a Python that has both";

    private final Path dir;
    private final String python;

    /**
     * A verifier writing its files to {@code dir}.
     *
     * @throws IllegalStateException if no interpreter with dkimpy was found; {@link DkimPyTest} skips or fails a
     *                               test before it gets here
     */
    public DkimPy(Path dir) {
        this.dir = dir;
        this.python = Search.RESULT.python.orElseThrow(() -> new IllegalStateException(requiredMessage()));
    }

    /** Whether dkimpy accepts the message with the given TXT record value. */
    public boolean verifies(byte[] message, String record) throws IOException, InterruptedException {
        Path script = dir.resolve("verify.py");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        Path mail = Files.createTempFile(dir, "mail", ".eml");
        Files.write(mail, message);
        Path txt = Files.createTempFile(dir, "record", ".txt");
        Files.writeString(txt, record, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(python, script.toString(), mail.toString(), txt.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("dkimpy output").doesNotContain("Traceback");
        return p.exitValue() == 0 && output.contains("pass");
    }

    /** Whether CI is set (to anything but {@code false}), which makes the dkimpy tests required. */
    static boolean required() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    static String skipMessage() {
        return "dkimpy interoperability tests skipped: no Python with dkimpy and PyNaCl found ("
                + String.join("; ", Search.RESULT.tried) + "). To run them: " + INSTALL
                + ". With CI set they are required.";
    }

    static String requiredMessage() {
        return "CI is set, so the dkimpy interoperability tests are required, but no Python with dkimpy and PyNaCl "
                + "was found (" + String.join("; ", Search.RESULT.tried) + "). Install them: " + INSTALL + ".";
    }

    /** The interpreter found, and what was tried on the way. */
    private static final class Search {
        static final Search RESULT = new Search();

        final Optional<String> python;
        final List<String> tried = new ArrayList<>();

        private Search() {
            python = find();
        }

        private Optional<String> find() {
            String configured = System.getenv("SES_PYTHON");
            if (configured != null && !configured.isBlank()) {
                return probe("SES_PYTHON=" + configured, configured);
            }
            Optional<Path> onPath = onPath("python3");
            Path debian = Path.of("/usr/bin/python3");
            if (onPath.isPresent()) {
                Optional<String> found = probe("python3 on the PATH (" + onPath.get() + ")", onPath.get().toString());
                if (found.isPresent() || sameFile(onPath.get(), debian)) {
                    return found;
                }
            } else {
                tried.add("python3 on the PATH: none");
            }
            if (!Files.isExecutable(debian)) {
                tried.add(debian + ": none");
                return Optional.empty();
            }
            return probe(debian.toString(), debian.toString());
        }

        /** Runs {@code import dkim, nacl}; the interpreter if that works, else records why not. */
        private Optional<String> probe(String label, String interpreter) {
            try {
                Process p = new ProcessBuilder(interpreter, "-c", "import dkim, nacl").redirectErrorStream(true)
                        .start();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    tried.add(label + ": no answer within 30 s");
                    return Optional.empty();
                }
                if (p.exitValue() == 0) {
                    return Optional.of(interpreter);
                }
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                tried.add(label + ": " + output.substring(output.lastIndexOf('\n') + 1));
            } catch (IOException e) {
                tried.add(label + ": cannot be run (" + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tried.add(label + ": interrupted");
            }
            return Optional.empty();
        }

        private static Optional<Path> onPath(String name) {
            String path = System.getenv("PATH");
            if (path == null) {
                return Optional.empty();
            }
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name));
                }
            }
            return Optional.empty();
        }

        private static boolean sameFile(Path a, Path b) {
            try {
                return Files.exists(b) && Files.isSameFile(a, b);
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** What {@link DkimPyTest} runs before a test: enabled with dkimpy, failed without it in CI, else skipped. */
    static final class Requirement implements ExecutionCondition, BeforeEachCallback {
        /**
         * The forked JVM's own stderr, which Maven prints as it comes; {@code System.err} goes to the report files
         * (redirectTestOutputToFile), where a skip is easily missed.
         */
        private static final PrintStream CONSOLE = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        private static final AtomicBoolean TOLD = new AtomicBoolean();

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Search.RESULT.python.isPresent()) {
                return ConditionEvaluationResult.enabled("dkimpy found: " + Search.RESULT.python.get());
            }
            if (required()) {
                return ConditionEvaluationResult.enabled("CI is set: dkimpy is required");
            }
            String test = context.getRequiredTestClass().getSimpleName() + "."
                    + context.getRequiredTestMethod().getName();
            if (TOLD.compareAndSet(false, true)) {
                CONSOLE.println(skipMessage());
            }
            CONSOLE.println("Skipped " + test + " (needs dkimpy)");
            return ConditionEvaluationResult.disabled(skipMessage());
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            if (Search.RESULT.python.isEmpty()) {
                Assertions.fail(requiredMessage());
            }
        }
    }
}
