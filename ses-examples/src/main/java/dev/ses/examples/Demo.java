package dev.ses.examples;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.ses.core.BlocklistQuery;
import dev.ses.core.ConsoleSettings;
import dev.ses.core.DeliveryStatus;
import dev.ses.core.DomainPolicy;
import dev.ses.core.PageRequest;
import dev.ses.core.SendReceipt;
import dev.ses.core.SendRequest;
import dev.ses.core.SenderDomain;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.TemplateType;
import dev.ses.core.TrackingSetup;
import dev.ses.core.WebServer;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.ManualClock;
import dev.ses.smtp.SmtpTransport;
import dev.ses.store.jdbc.JdbcStore;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The demo, on an H2 database in {@code ses-data}: an account, a sender domain verified through a static DNS
 * resolver, a sender address and a template;
 * one send to the mailbox simulator's special addresses, with the outcome of each recipient as a table; then the
 * same kind of mail through real SMTP, DKIM-signed, to an SMTP server embedded in this process; last, the console
 * over the H2 data on 127.0.0.1 until Enter is pressed.
 */
public final class Demo {
    private static final String SIM = "@" + MailboxSimulator.DOMAIN;
    /**
     * What a sender domain's records must say for the demo's sending path. An application names its relay's SPF
     * domain and the host that receives its bounces; the defaults are placeholders that no DNS can hold.
     */
    private static final DomainPolicy POLICY = DomainPolicy.defaults().withSpfMechanism("include:spf.relay.example")
            .withMxHost("bounces.relay.example");

    private Demo() {
    }

    /**
     * Runs the demo and prints what happened; its data lives in {@code ./ses-data} (or the directory given). Then
     * serves the console over that data until Enter is pressed, or, with no terminal on standard input (a script,
     * CI), ends at once.
     */
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "ses-data");
        run(System.out, dataDir);
        serveConsole(System.out, dataDir, System.console() == null ? null
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }

    /**
     * Serves the console on 127.0.0.1 over the demo's data, prints its address and a token made for this run, and
     * waits for a line from {@code terminal}; without a terminal it says so and returns.
     */
    static void serveConsole(PrintStream out, Path dataDir, @Nullable BufferedReader terminal) throws IOException {
        out.println();
        if (terminal == null) {
            out.println("No terminal on standard input, so the console is not served (run the demo in a terminal to "
                    + "look at this data in a browser).");
            return;
        }
        StaticDnsResolver dns = new StaticDnsResolver();
        try (JdbcStore store = JdbcStore.h2(dataDir);
             Ses ses = Ses.builder().store(store).transport(MailboxSimulator.create()).dns(dns).domainPolicy(POLICY)
                     .clock(ManualClock.at("2026-01-05T09:05:00Z")).workers(0).build()) {
            ses.account("acme").domains().list(PageRequest.first()).items().forEach(dns::publish);
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try (WebServer console = ses.serveConsole(ConsoleSettings.builder().token(token).accounts("acme")
                    .secureCookies(false).build())) {
                out.println("The console serves this data at http://127.0.0.1:" + console.address().getPort() + "/");
                out.println("Log in with the token " + token);
                out.println("Press Enter to stop it.");
                terminal.readLine();
            }
        }
    }

    /** Prints a copy's tracked link and what the tracking server answers to it. */
    private static void printTracking(PrintStream out, dev.ses.core.testing.SimulatedMail copy) throws Exception {
        String link = MailboxSimulator.trackedLinks(copy).get(0);
        java.net.http.HttpResponse<Void> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(link)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        out.println();
        out.println("Its link is tracked: " + link);
        out.println("  the tracking server answers " + r.statusCode() + " to "
                + r.headers().firstValue("Location").orElse("?") + "; the pixel is "
                + MailboxSimulator.pixelUrl(copy).orElse("-"));
    }

    /** Runs the demo on an H2 database in {@code dataDir}, printing to {@code out}. */
    public static void run(PrintStream out, Path dataDir) throws Exception {
        ManualClock clock = ManualClock.at("2026-01-05T09:00:00Z");
        StaticDnsResolver dns = new StaticDnsResolver();
        MailboxSimulator simulator = MailboxSimulator.create();
        simulator.rule("carol@example.test").deliver().thenOpen(Duration.ofMinutes(3))
                .thenClick("https://shop.example.test/spring", Duration.ofMinutes(4));

        out.println("Data lives in an H2 database in " + dataDir.toAbsolutePath() + " (run again: it is still there)");
        try (JdbcStore store = JdbcStore.h2(dataDir);
             Ses ses = Ses.builder().store(store).transport(simulator).dns(dns).domainPolicy(POLICY).clock(clock)
                     .workers(0).build();
             WebServer tracking = WebServer.builder(ses.trackingEndpoints()).start()) {
            SesAccount acme = ses.account("acme");
            String from = setUp(acme, dns, out);
            // A real deployment names its public tracking domain here, such as https://track.acme.example.
            acme.trackingSetup().setAccount(TrackingSetup.DEFAULT.withBaseUrl("http://127.0.0.1:"
                    + tracking.address().getPort()));
            long welcome = acme.templates().find("welcome").orElseGet(() -> acme.templates().create("welcome",
                    TemplateType.HTML, "<h1>Welcome, {{name}}!</h1><p>Your spring <a href=\"https://shop.example.test/"
                            + "spring\">offer</a> is ready.</p>")).id();
            out.println("Template 'welcome' (id " + welcome + ") uses " + acme.templates().get(welcome).variables());

            SendReceipt receipt = acme.send(SendRequest.builder().from(from).template(welcome)
                    .subject("Welcome, {{name}}").variable("name", "friend")
                    .to("delivered" + SIM, "bounce" + SIM, "ooto" + SIM, "complaint" + SIM)
                    .cc("suppressed" + SIM, "tempfail" + SIM).bcc("carol@example.test").build());
            out.println("Sent message " + receipt.messageId() + " to 7 recipients; running the queue...");
            ses.runDueWork();
            clock.advance(Duration.ofMinutes(5));
            ses.runDueWork();
            out.println();
            out.println("What happened to each recipient (5 simulated minutes later):");
            printTable(out, acme.deliveries().byMessage(receipt.messageId()));
            out.println();
            out.println("Blocklisted now: " + acme.blocklist().list(BlocklistQuery.all(),
                    PageRequest.first()).items().stream().map(e -> e.address() + " (" + e.reason() + ")").toList());
            printTracking(out, simulator.mailbox("delivered" + SIM).get(0));
        }

        out.println();
        out.println("Now through real SMTP to an embedded server on 127.0.0.1, DKIM-signed:");
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        StaticDnsResolver smtpDns = new StaticDnsResolver();
        try (Ses ses = Ses.builder().transport(SmtpTransport.relay("127.0.0.1", smtp.getSmtp().getPort()).build())
                .dns(smtpDns).domainPolicy(POLICY).workers(0).build()) {
            SesAccount acme = ses.account("acme");
            String from = setUp(acme, smtpDns, out);
            long note = acme.templates().create("note", TemplateType.TEXT, "Hello {{name}}, this went over SMTP.").id();
            SendReceipt receipt = acme.send(SendRequest.builder().from(from).template(note).subject("Über SMTP")
                    .variable("name", "Dana").to("dana@example.test").build());
            ses.runDueWork();
            printTable(out, acme.deliveries().byMessage(receipt.messageId()));
            for (MimeMessage m : smtp.getReceivedMessages()) {
                String[] dkim = m.getHeader("DKIM-Signature");
                out.println("The server holds: Subject '" + m.getSubject() + "', DKIM-Signature "
                        + (dkim == null ? "missing" : dkim[0].replaceAll("\\s+", " ").substring(0, 60) + "..."));
            }
        } finally {
            smtp.stop();
        }
    }

    private static String setUp(SesAccount acme, StaticDnsResolver dns, PrintStream out) {
        var existing = acme.domains().find("mail.acme.example");
        SenderDomain domain = existing.orElseGet(() -> acme.domains().create("mail.acme.example"));
        out.println((existing.isPresent() ? "Found domain " + domain.name() + ", created " + domain.createdAt()
                + " by an earlier run" : "Created domain " + domain.name()) + " (" + domain.status()
                + "); records to publish:");
        domain.records().forEach(r -> out.printf("  %-5s %-42s %s%n", r.type(), r.name(),
                r.value().length() > 60 ? r.value().substring(0, 57) + "..." : r.value()));
        dns.publish(domain);
        out.println("Published them in the static resolver; verification says: "
                + acme.domains().verify(domain.name()).status());
        return acme.addresses().find("hello@" + domain.name())
                .orElseGet(() -> acme.addresses().create(domain.name(), "hello", "Acme")).email();
    }

    private static void printTable(PrintStream out, List<DeliveryStatus> statuses) {
        String line = "+" + "-".repeat(34) + "+" + "-".repeat(11) + "+" + "-".repeat(10) + "+" + "-".repeat(46) + "+";
        out.println(line);
        out.printf("| %-32s | %-9s | %-8s | %-44s |%n", "recipient", "state", "attempts", "reply / events");
        out.println(line);
        for (DeliveryStatus s : statuses) {
            StringBuilder notes = new StringBuilder(s.reply().orElse(""));
            if (s.opened()) {
                notes.append(" [opened]");
            }
            if (s.clicked()) {
                notes.append(" [clicked]");
            }
            if (s.complained()) {
                notes.append(" [complained]");
            }
            String n = notes.length() > 44 ? notes.substring(0, 41) + "..." : notes.toString();
            out.printf("| %-32s | %-9s | %8d | %-44s |%n", s.recipient(), s.state(), s.attempts(), n);
        }
        out.println(line);
    }
}
