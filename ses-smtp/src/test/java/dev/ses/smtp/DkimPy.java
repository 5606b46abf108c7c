package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Verifies DKIM signatures with dkimpy (Debian package {@code python3-dkim}), an implementation independent of
 * ours. The public key record is handed to it through its {@code dnsfunc} hook, so no DNS is involved.
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

    private final Path dir;

    public DkimPy(Path dir) {
        this.dir = dir;
    }

    private static String python() {
        // Debian's interpreter is the one that sees Debian's python3-dkim.
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Whether dkimpy accepts the message with the given TXT record value. */
    public boolean verifies(byte[] message, String record) throws IOException, InterruptedException {
        Path script = dir.resolve("verify.py");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        Path mail = Files.createTempFile(dir, "mail", ".eml");
        Files.write(mail, message);
        Path txt = Files.createTempFile(dir, "record", ".txt");
        Files.writeString(txt, record, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(python(), script.toString(), mail.toString(), txt.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("dkimpy must be installed (Debian package python3-dkim)")
                .doesNotContain("No module named").doesNotContain("Traceback");
        return p.exitValue() == 0 && output.contains("pass");
    }
}
