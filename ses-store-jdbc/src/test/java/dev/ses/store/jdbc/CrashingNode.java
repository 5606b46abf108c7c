package dev.ses.store.jdbc;

import dev.ses.core.Ses;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.RecipientResult;
import dev.ses.core.spi.TransportContext;
import dev.ses.core.testing.MailboxSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A node that dies: it opens the H2 store in a directory and sends what is due, writing each recipient the transport
 * accepted to a file, and halts the JVM (no shutdown hooks, no close of the database) as soon as the transport has
 * accepted {@code crashAfter} recipients, before the engine records their outcome.
 *
 * <p>Arguments: the H2 directory, the file of accepted recipients, crashAfter, the claim size, the clock's instant.
 */
public final class CrashingNode {
    /** The exit status of a node that halted as planned. */
    static final int HALTED = 57;

    private CrashingNode() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path accepted = Path.of(args[1]);
        int crashAfter = Integer.parseInt(args[2]);
        int claimSize = Integer.parseInt(args[3]);
        Clock clock = Clock.fixed(Instant.parse(args[4]), ZoneOffset.UTC);
        MailboxSimulator simulator = MailboxSimulator.create();
        MailTransport dying = new MailTransport() {
            private int count;

            @Override
            public List<RecipientResult> send(OutboundMail mail) {
                throw new UnsupportedOperationException("the engine sends in chunks");
            }

            @Override
            public List<List<RecipientResult>> sendAll(List<OutboundMail> mails) {
                List<List<RecipientResult>> results = simulator.sendAll(mails);
                StringBuilder lines = new StringBuilder();
                for (List<RecipientResult> forMail : results) {
                    for (RecipientResult r : forMail) {
                        lines.append(r.recipient()).append('\n');
                        count++;
                    }
                }
                try {
                    Files.writeString(accepted, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND, StandardOpenOption.SYNC);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                if (count >= crashAfter) {
                    Runtime.getRuntime().halt(HALTED);
                }
                return results;
            }

            @Override
            public void start(TransportContext context) {
                simulator.start(context);
            }
        };
        JdbcStore store = JdbcStore.h2(dir);
        Ses ses = Nodes.configure(Ses.builder(), Long.MAX_VALUE).store(store).transport(dying).clock(clock)
                .node("crashing").claimSize(claimSize).build();
        ses.runDueWork();
        // Reaching here means the task was smaller than crashAfter.
        System.exit(1);
    }
}
