package dev.ses.store.jdbc;

import dev.ses.core.Ses;
import dev.ses.smtp.SmtpTransport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * One node of a cluster in a JVM of its own: an engine on a PostgreSQL store of its own pool, sending through SMTP
 * to a relay, with a clock stopped at a given instant. It sends everything due at that instant and exits; it prints
 * how many messages it handled.
 *
 * <p>Arguments: JDBC URL, user, password, SMTP port on 127.0.0.1, node name, instant, domain daily limit.
 */
public final class SmtpNode {
    private SmtpNode() {
    }

    public static void main(String[] args) {
        Clock clock = Clock.fixed(Instant.parse(args[5]), ZoneOffset.UTC);
        try (JdbcStore store = JdbcStore.builder().postgres(args[0], args[1], args[2]).maxPoolSize(4).build();
             SmtpTransport smtp = SmtpTransport.relay("127.0.0.1", Integer.parseInt(args[3])).build();
             Ses ses = Nodes.configure(Ses.builder(), Long.parseLong(args[6])).store(store).transport(smtp)
                     .clock(clock).node(args[4]).claimSize(100).build()) {
            System.out.println("handled " + ses.runDueWork());
        }
    }
}
