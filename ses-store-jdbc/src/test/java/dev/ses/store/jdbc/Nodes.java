package dev.ses.store.jdbc;

import dev.ses.core.DomainPolicy;
import dev.ses.core.QuotaPolicy;
import dev.ses.core.Ses;
import dev.ses.core.WarmupPolicy;
import dev.ses.core.spi.DkimKey;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the tests of several engines and restarts share: one way to configure an engine, CSV files, child JVMs. */
final class Nodes {
    private Nodes() {
    }

    /**
     * An engine builder configured like every other node of a test: no warm-up (a new domain would otherwise be held
     * to 500 a day), an optional fixed daily limit for the domain, Ed25519 DKIM keys as the fixture makes them.
     */
    static Ses.Builder configure(Ses.Builder b, long domainDailyLimit) {
        return b.quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none()).withDomainDailyLimit(domainDailyLimit))
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256))
                .workers(0);
    }

    /** A group file of {@code count} recipients {@code r<i>@<domain>} with a {@code name} column. */
    static StringReader csv(int count, String domain) {
        StringBuilder csv = new StringBuilder(count * 32).append("email,name\n");
        for (int i = 0; i < count; i++) {
            csv.append('r').append(i).append('@').append(domain).append(",Name ").append(i).append('\n');
        }
        return new StringReader(csv.toString());
    }

    /** Starts {@code main} of a class of these tests in a JVM of its own, on the test class path. */
    static Process launch(Class<?> main, Path log, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + main.getSimpleName(), e);
        }
    }
}
