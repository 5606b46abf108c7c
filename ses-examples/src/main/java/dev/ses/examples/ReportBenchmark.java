package dev.ses.examples;

import dev.ses.core.InMemoryStore;
import dev.ses.core.QuotaPolicy;
import dev.ses.core.IngestResult;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.TemplateType;
import dev.ses.core.spi.ReportParser;
import dev.ses.core.spi.StoredReport;
import dev.ses.core.spi.Store;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.ManualClock;
import dev.ses.core.testing.SimulatedMail;
import dev.ses.smtp.InboundListener;
import dev.ses.smtp.MailReports;
import dev.ses.store.jdbc.JdbcStore;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * How fast reports come in: Postfix-shaped DSNs parsed, and parsed, matched and recorded as late bounces, on one
 * thread (one core); and the inbound SMTP listener taking reports from a local Angus client over one reused
 * connection, each stored in an H2 file before its {@code 250}. Baselines measured in the same run: Jakarta Mail
 * reading the same bytes as a {@code MimeMessage} and walking its parts (the floor any MIME parser pays), and the
 * same client against the listener with a store in memory. Five warm-up rounds, then five measured; medians count.
 * Not a test.
 *
 * <pre>
 * java -cp ... dev.ses.examples.ReportBenchmark parse      # DSNs/s: MIME floor, parse, parse + match + record
 * java -cp ... dev.ses.examples.ReportBenchmark listener   # reports/s through SMTP, stored before 250
 * </pre>
 */
public final class ReportBenchmark {
    private static final String DOMAIN = "mail.bench.test";
    private static final int ROUNDS = 10;
    private static final int WARM_UP = 5;

    private ReportBenchmark() {
    }

    /** Runs the benchmark named by the first argument. */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "parse";
        switch (mode) {
            case "parse" -> parse(args.length > 1 ? Integer.parseInt(args[1]) : 2_000);
            case "listener" -> listener(args.length > 1 ? Integer.parseInt(args[1]) : 1_000);
            default -> throw new IllegalArgumentException("mode is parse or listener: " + mode);
        }
    }

    /** A Ses whose sender domain is verified, with the simulator and the report parser. */
    private static Ses ses(Store store, MailboxSimulator sim) {
        StaticDnsResolver dns = new StaticDnsResolver();
        Ses ses = Ses.builder().store(store).transport(sim).dns(dns).workers(0).quotas(QuotaPolicy.unlimited())
                .clock(ManualClock.at("2026-01-05T09:00:00Z"))
                .returnPathKey("benchmark return path key".getBytes(StandardCharsets.UTF_8))
                .reportParser(MailReports.parser()).build();
        SesAccount a = ses.defaultAccount();
        dns.publish(a.domains().create(DOMAIN));
        a.domains().verify(DOMAIN);
        a.addresses().create(DOMAIN, "noreply", "Bench");
        return ses;
    }

    /** Sends {@code n} messages, one recipient each, and writes a failed DSN for each. */
    private static List<byte[]> sendAndWriteReports(Ses ses, MailboxSimulator sim, int n, String prefix) {
        SesAccount a = ses.defaultAccount();
        List<dev.ses.core.Template> existing = a.templates().list(dev.ses.core.PageRequest.first()).items();
        long tpl = existing.isEmpty()
                ? a.templates().create("t", TemplateType.TEXT, "Hello, your order has shipped.").id()
                : existing.get(0).id();
        List<String> rcpts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String rcpt = prefix + i + "@example.org";
            rcpts.add(rcpt);
            a.send(dev.ses.core.SendRequest.builder().template(tpl).from("noreply@" + DOMAIN)
                    .subject("Your order").to(rcpt).build());
        }
        ses.runDueWork();
        List<byte[]> reports = new ArrayList<>(n);
        for (String rcpt : rcpts) {
            SimulatedMail m = sim.mailbox(rcpt).get(0);
            reports.add(dsn(m.returnPath(), m.messageId(), rcpt));
        }
        return reports;
    }

    static byte[] dsn(String returnPath, String messageId, String rcpt) {
        String b = "=_dsn_" + Integer.toHexString(rcpt.hashCode());
        return ("Return-Path: <>\r\n"
                + "From: MAILER-DAEMON@mx1.relay.test (Mail Delivery System)\r\n"
                + "To: " + returnPath + "\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "Date: Mon, 5 Jan 2026 09:05:12 +0000\r\n"
                + "Message-ID: <" + Integer.toHexString(rcpt.hashCode()) + ".dsn@mx1.relay.test>\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + b + "\"\r\n\r\n"
                + "This is a MIME-encapsulated message.\r\n\r\n"
                + "--" + b + "\r\nContent-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n"
                + "\r\nThis is the mail system at host mx1.relay.test.\r\n\r\nI'm sorry to have to inform you that "
                + "your message could not\r\nbe delivered to one or more recipients. It's attached below.\r\n\r\n<"
                + rcpt + ">: host mx.example.org[192.0.2.25] said: 550 5.1.1\r\n    <" + rcpt + ">: Recipient "
                + "address rejected: User unknown (in reply to RCPT TO command)\r\n\r\n"
                + "--" + b + "\r\nContent-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n"
                + "\r\nReporting-MTA: dns; mx1.relay.test\r\nX-Postfix-Queue-ID: 4Xq1Zk2Lb3z9\r\n"
                + "Arrival-Date: Mon, 5 Jan 2026 09:00:01 +0000\r\n\r\nFinal-Recipient: rfc822; " + rcpt + "\r\n"
                + "Original-Recipient: rfc822;" + rcpt + "\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Remote-MTA: dns; mx.example.org\r\nDiagnostic-Code: smtp; 550 5.1.1 <" + rcpt + ">: Recipient "
                + "address rejected: User unknown\r\n\r\n"
                + "--" + b + "\r\nContent-Description: Undelivered Message Headers\r\n"
                + "Content-Type: text/rfc822-headers\r\n\r\nReturn-Path: <" + returnPath + ">\r\n"
                + "From: Bench <noreply@" + DOMAIN + ">\r\nTo: " + rcpt + "\r\nSubject: Your order\r\n"
                + "Date: Mon, 5 Jan 2026 09:00:00 +0000\r\nMessage-ID: <" + messageId + ">\r\n\r\n"
                + "--" + b + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static void parse(int n) throws Exception {
        MailboxSimulator sim = MailboxSimulator.create();
        Session session = Session.getInstance(new Properties());
        ReportParser parser = MailReports.parser();
        try (Ses ses = ses(new InMemoryStore(), sim)) {
            List<List<byte[]>> rounds = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                rounds.add(sendAndWriteReports(ses, sim, n, "r" + r + "u"));
            }
            double[] floor = new double[ROUNDS - WARM_UP];
            double[] parsed = new double[ROUNDS - WARM_UP];
            double[] ingested = new double[ROUNDS - WARM_UP];
            for (int r = 0; r < ROUNDS; r++) {
                List<byte[]> reports = rounds.get(r);
                long t0 = System.nanoTime();
                int parts = 0;
                for (byte[] raw : reports) {
                    MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(raw));
                    parts += new jakarta.mail.internet.MimeMultipart(m.getDataHandler().getDataSource()).getCount();
                }
                long t1 = System.nanoTime();
                for (byte[] raw : reports) {
                    parts += parser.parse(raw).recipients().size();
                }
                long t2 = System.nanoTime();
                int applied = 0;
                for (byte[] raw : reports) {
                    IngestResult res = ses.ingest(new ByteArrayInputStream(raw));
                    applied += res.status() == StoredReport.Status.APPLIED ? 1 : 0;
                }
                long t3 = System.nanoTime();
                if (applied != n || parts == 0) {
                    throw new IllegalStateException("round " + r + ": applied " + applied + " of " + n);
                }
                String label = r < WARM_UP ? "warm-up" : "round";
                System.out.printf(Locale.ROOT, "%s %d: MIME floor %s/s, parse %s/s, parse+match+record %s/s%n",
                        label, r, fmt(n / ((t1 - t0) / 1e9)), fmt(n / ((t2 - t1) / 1e9)),
                        fmt(n / ((t3 - t2) / 1e9)));
                if (r >= WARM_UP) {
                    floor[r - WARM_UP] = n / ((t1 - t0) / 1e9);
                    parsed[r - WARM_UP] = n / ((t2 - t1) / 1e9);
                    ingested[r - WARM_UP] = n / ((t3 - t2) / 1e9);
                }
            }
            System.out.printf(Locale.ROOT, "median of %d rounds of %d DSNs: MIME floor %s/s, parse %s/s (%.2f of the"
                    + " floor), parse+match+record in memory %s/s (%.2f of the floor)%n", ROUNDS - WARM_UP, n,
                    fmt(median(floor)), fmt(median(parsed)), median(parsed) / median(floor), fmt(median(ingested)),
                    median(ingested) / median(floor));
        }
    }

    private static void listener(int n) throws Exception {
        double memory = listenerRun(n, new InMemoryStore(), "in memory");
        Path dir = Files.createTempDirectory("ses-report-bench");
        try (JdbcStore h2 = JdbcStore.h2(dir)) {
            double durable = listenerRun(n, h2, "H2 file");
            System.out.printf(Locale.ROOT, "listener, median: H2 file %s reports/s, in memory %s reports/s "
                    + "(H2 %.2f of in memory)%n", fmt(durable), fmt(memory), durable / memory);
        }
    }

    private static double listenerRun(int n, Store store, String label) throws Exception {
        MailboxSimulator sim = MailboxSimulator.create();
        try (Ses ses = ses(store, sim);
             InboundListener mx = InboundListener.builder(ses).bind(InetAddress.getLoopbackAddress(), 0)
                     .returnPathDomain(DOMAIN).build()) {
            mx.start();
            Properties p = new Properties();
            p.put("mail.smtp.host", "127.0.0.1");
            p.put("mail.smtp.port", String.valueOf(mx.port()));
            p.put("mail.smtp.from", "");
            Session session = Session.getInstance(p);
            double[] rates = new double[ROUNDS - WARM_UP];
            for (int r = 0; r < ROUNDS; r++) {
                List<byte[]> reports = sendAndWriteReports(ses, sim, n, label.charAt(0) + "r" + r + "u");
                List<MimeMessage> messages = new ArrayList<>(n);
                List<Address[]> rcpts = new ArrayList<>(n);
                for (byte[] raw : reports) {
                    MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(raw));
                    messages.add(m);
                    rcpts.add(new Address[] {new InternetAddress(m.getHeader("To", null))});
                }
                long before = mx.accepted();
                long t0 = System.nanoTime();
                try (Transport t = session.getTransport("smtp")) {
                    t.connect();
                    for (int i = 0; i < n; i++) {
                        t.sendMessage(messages.get(i), rcpts.get(i));
                    }
                }
                double rate = n / ((System.nanoTime() - t0) / 1e9);
                if (mx.accepted() - before != n) {
                    throw new IllegalStateException("accepted " + (mx.accepted() - before) + " of " + n);
                }
                System.out.printf(Locale.ROOT, "%s %s %d: %s reports/s%n", label, r < WARM_UP ? "warm-up" : "round",
                        r, fmt(rate));
                if (r >= WARM_UP) {
                    rates[r - WARM_UP] = rate;
                }
            }
            return median(rates);
        }
    }
}
