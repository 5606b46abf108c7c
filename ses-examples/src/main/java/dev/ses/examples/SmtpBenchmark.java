package dev.ses.examples;

import dev.ses.core.EventType;
import dev.ses.core.QuotaPolicy;
import dev.ses.core.SenderDomain;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.TaskRequest;
import dev.ses.core.TemplateType;
import dev.ses.core.WarmupPolicy;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.RecipientResult;
import dev.ses.core.spi.TransportContext;
import dev.ses.smtp.SmtpTransport;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.SocketFactory;

/**
 * Measures how fast ses puts mail into a local SMTP sink, next to what plain Jakarta Mail manages on the same
 * machine in the same run.
 *
 * <p>Starts Postfix's {@code smtp-sink} on a free port of 127.0.0.1, then measures, each after a warm-up:
 * <ol>
 *   <li>a naive loop of {@code Transport.send} (a new connection per message, default sockets);</li>
 *   <li>a hand-tuned pool: four threads, each with one connected {@code Transport} over a {@code TCP_NODELAY}
 *       socket, reused for every message;</li>
 *   <li>ses end to end: a BATCH task to a group of that many recipients imported from CSV beforehand, timed from
 *       the task's creation (which queues the group) through the dispatcher and {@link SmtpTransport} until every
 *       message is settled, with the DKIM signature stripped;</li>
 *   <li>the JDK's RSA-2048 {@code SHA256withRSA} signing rate on two threads over 8 KB inputs;</li>
 *   <li>ses end to end, DKIM-signed with the domain's RSA-2048 key;</li>
 *   <li>the raw signing rate once more: the ratio is taken against the better of its two measurements;</li>
 *   <li>Postfix's {@code smtp-source} as the physical limit of this machine and sink: 16 sessions, each reusing its
 *       connection ({@code -d}), messages of the same size (skipped when {@code smtp-source} is not installed).</li>
 * </ol>
 * Every message is personalised (name and order number) and about 8 KB. The pool and each ses run first warm up
 * with twice as many messages as they measure (ses in whole batches), so that the JIT has compiled the sending
 * and signing paths before the clock starts. Each contender but the naive loop is then measured over three rounds and
 * its median rate counts. Peak heap is sampled during each phase.
 *
 * <p>System properties: {@code bench.messages} (default 10000), {@code bench.naive} (200), {@code bench.warmup}
 * (messages of each warm-up, twice {@code bench.messages}; ses rounds it up to whole batches), {@code bench.workers}
 * (dispatcher threads, 2), {@code bench.claim} (claim size, 256), {@code bench.pool} (ses connections, 4),
 * {@code bench.rounds} (measured rounds, 3), {@code bench.sink} (path of smtp-sink).
 */
public final class SmtpBenchmark {
    private static final int MESSAGES = Integer.getInteger("bench.messages", 10_000);
    private static final int NAIVE_MESSAGES = Integer.getInteger("bench.naive", 200);
    private static final int WORKERS = Integer.getInteger("bench.workers", 2);
    private static final int POOL = Integer.getInteger("bench.pool", 4);
    private static final int CLAIM = Integer.getInteger("bench.claim", 256);
    /** Measured rounds of each contender but the naive loop; the median counts. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    /** Messages of each warm-up: the hand-tuned pool's, and ses's in whole batches of {@code MESSAGES}. */
    private static final int WARMUP = Integer.getInteger("bench.warmup", 2 * MESSAGES);
    private static final int IMPORT_ROWS = 10_000;
    private static final long SETTLE_TIMEOUT_SECONDS = 600;
    private static final String DOMAIN = "mail.bench.example";
    private static final String FILLER = filler();

    private SmtpBenchmark() {
    }

    /** Runs every measurement and prints a summary; exits with 2 when smtp-sink is missing. */
    public static void main(String[] args) throws Exception {
        Optional<Path> sinkBinary = findSmtpSink();
        if (sinkBinary.isEmpty()) {
            System.err.println("smtp-sink not found (looked on PATH, in /usr/sbin and /usr/lib/postfix): install "
                    + "Debian's 'postfix' package, or pass -Dbench.sink=/path/to/smtp-sink");
            System.exit(2);
            return;
        }
        HeapSampler heap = new HeapSampler();
        heap.start();
        Process sink = null;
        List<Result> results = new ArrayList<>();
        try {
            int port = freePort();
            sink = startSink(sinkBinary.get(), port);
            System.out.printf(Locale.ROOT, "smtp-sink on 127.0.0.1:%d; %d messages of %d bytes of body; "
                    + "%d cores, max heap %d MiB%n", port, MESSAGES, body(0).length(),
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

            results.add(measure(heap, "naive Transport.send loop", NAIVE_MESSAGES, 1,
                    () -> naive(port, 20), () -> naive(port, NAIVE_MESSAGES)));
            results.add(measure(heap, "hand-tuned Angus pool, 4 x TCP_NODELAY", MESSAGES, ROUNDS,
                    () -> pool(port, WARMUP), () -> pool(port, MESSAGES)));
            results.add(sesRun(heap, "ses end to end, unsigned", port, false));
            results.add(measure(heap, "JDK RSA-2048 signing, 2 threads, 8 KB", 4_000, ROUNDS,
                    () -> signing(4_000), () -> signing(4_000)));
            results.add(sesRun(heap, "ses end to end, DKIM rsa-sha256", port, true));
            // Once more after the signed run: the baseline is the better of the two, so that a moment of load from
            // elsewhere during one of them cannot flatter the ratio.
            results.add(measure(heap, "JDK RSA-2048 signing, again", 4_000, ROUNDS, () -> { },
                    () -> signing(4_000)));
            Optional<Path> source = sinkBinary.get().resolveSibling("smtp-source").toFile().canExecute()
                    ? Optional.of(sinkBinary.get().resolveSibling("smtp-source")) : Optional.empty();
            if (source.isPresent()) {
                results.add(measure(heap, "Postfix smtp-source, 16 sessions, reused connections", MESSAGES, ROUNDS,
                        () -> smtpSource(source.get(), port, WARMUP), () -> smtpSource(source.get(), port,
                                MESSAGES)));
            } else {
                System.out.println("smtp-source not found next to smtp-sink: the physical limit is not measured");
            }
        } finally {
            if (sink != null) {
                sink.destroy();
                if (!sink.waitFor(5, TimeUnit.SECONDS)) {
                    sink.destroyForcibly();
                }
            }
            heap.stop();
        }
        report(results);
    }

    // ---------------------------------------------------------------- the sink

    private static Optional<Path> findSmtpSink() {
        String configured = System.getProperty("bench.sink");
        if (configured != null) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "smtp-sink"));
                }
            }
        }
        candidates.add(Path.of("/usr/sbin/smtp-sink"));
        candidates.add(Path.of("/usr/lib/postfix/smtp-sink"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Runs smtp-source against the sink and waits for it: {@code count} messages of about 8 KB over 16 sessions. */
    private static void smtpSource(Path binary, int port, int count) throws IOException, InterruptedException {
        List<String> command = List.of(binary.toString(), "-d", "-s", "16", "-m", String.valueOf(count), "-l",
                String.valueOf(FILLER.length()), "-f", "news@" + DOMAIN, "-t", "customer@example.com",
                "127.0.0.1:" + port);
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!process.waitFor(SETTLE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("smtp-source did not finish within " + SETTLE_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("smtp-source exited with status " + process.exitValue());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Process startSink(Path binary, int port) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            // smtp-sink refuses to run as root without a user to switch to after binding.
            command.addAll(List.of("-u", "nobody"));
        }
        command.addAll(List.of("-c", "127.0.0.1:" + port, "1000"));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("smtp-sink exited at once with status " + process.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return process;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("smtp-sink did not listen on port " + port + " within 10 s");
    }

    // ---------------------------------------------------------------- messages

    /** About 8 KB of text: 110 lines of 72 characters. */
    private static String filler() {
        String words = "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut "
                + "labore et dolore magna aliqua Ut enim ad minim veniam quis nostrud exercitation ullamco ";
        StringBuilder sb = new StringBuilder(8200);
        int at = 0;
        for (int line = 0; line < 110; line++) {
            for (int c = 0; c < 72; c++) {
                sb.append(words.charAt(at++ % words.length()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String name(int i) {
        return "Customer " + i;
    }

    private static String order(int i) {
        return "A-" + (100_000 + i);
    }

    private static String subject(int i) {
        return "Your order " + order(i) + " has shipped";
    }

    private static String body(int i) {
        return "Dear " + name(i) + ",\n\nyour order " + order(i) + " is on its way.\n\n" + FILLER;
    }

    private static String recipient(int i) {
        return "user" + i + "@example.test";
    }

    /** Group members {@code from .. from + count - 1} as CSV: address, name and order number. */
    private static java.io.Reader csv(int from, int count) {
        StringBuilder b = new StringBuilder(count * 48).append("email,name,order\n");
        for (int i = from; i < from + count; i++) {
            b.append(recipient(i)).append(',').append(name(i)).append(',').append(order(i)).append('\n');
        }
        return new java.io.StringReader(b.toString());
    }

    private static MimeMessage mime(Session session, int i) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("news@" + DOMAIN));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient(i)));
        m.setSubject(subject(i), "UTF-8");
        m.setText(body(i), "UTF-8");
        m.saveChanges();
        return m;
    }

    // ---------------------------------------------------------------- (a) naive

    private static void naive(int port, int count) throws MessagingException {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(port));
        Session session = Session.getInstance(p);
        for (int i = 0; i < count; i++) {
            Transport.send(mime(session, i));
        }
    }

    // ---------------------------------------------------------------- (b) hand-tuned pool

    private static void pool(int port, int count) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.socketFactory", new NoDelayFactory());
        p.setProperty("mail.smtp.quitwait", "false");
        Session session = Session.getInstance(p);
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    Transport transport = session.getTransport("smtp");
                    transport.connect("127.0.0.1", port, null, null);
                    try {
                        for (int i; (i = next.getAndIncrement()) < count; ) {
                            MimeMessage m = mime(session, i);
                            transport.sendMessage(m, m.getAllRecipients());
                        }
                    } finally {
                        transport.close();
                    }
                } catch (MessagingException e) {
                    failures.add(e);
                }
            }, "bench-pool-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /** Sockets with TCP_NODELAY, as every hand-tuned SMTP client sets. */
    private static final class NoDelayFactory extends SocketFactory {
        @Override
        public Socket createSocket() throws IOException {
            return noDelay(new Socket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return noDelay(new Socket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return noDelay(new Socket(host, port, local, localPort));
        }

        private static Socket noDelay(Socket s) throws IOException {
            s.setTcpNoDelay(true);
            return s;
        }
    }

    // ---------------------------------------------------------------- (c) ses end to end

    private static Result sesRun(HeapSampler heap, String label, int port, boolean signed) throws Exception {
        SettleCounter settled = new SettleCounter();
        MailTransport smtp = SmtpTransport.relay("127.0.0.1", port).poolSize(POOL).build();
        MailTransport transport = signed ? smtp : new Unsigned(smtp);
        StaticDnsResolver dns = new StaticDnsResolver();
        try (Ses ses = Ses.builder().transport(transport).dns(dns).workers(WORKERS).listener(settled)
                .claimSize(CLAIM).quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none())).build()) {
            SesAccount account = ses.account("bench");
            SenderDomain domain = account.domains().create(DOMAIN);
            dns.publish(domain);
            account.domains().verify(DOMAIN);
            String from = account.addresses().create(DOMAIN, "news", "Bench News").email();
            long template = account.templates().create("shipped", TemplateType.TEXT,
                    "Dear {{name}},\n\nyour order {{order}} is on its way.\n\n" + FILLER).id();
            long group = account.groups().create("customers", "everyone who ordered").id();
            for (int at = 0; at < MESSAGES; at += IMPORT_ROWS) {
                account.groups().importCsv(group, csv(at, Math.min(IMPORT_ROWS, MESSAGES - at)));
            }

            // A round is one BATCH task to the whole group, timed from its creation to the last message settled.
            ThrowingRunnable batch = () -> {
                long target = settled.total() + MESSAGES;
                account.tasks().create(TaskRequest.batch(from, group, template, "Your order {{order}} has shipped"));
                settled.await(target, SETTLE_TIMEOUT_SECONDS);
            };
            ThrowingRunnable warmUp = () -> {
                for (int sent = 0; sent < WARMUP; sent += MESSAGES) {
                    batch.run();
                }
            };
            Result r = measure(heap, label, MESSAGES, ROUNDS, warmUp, batch);
            long notDelivered = settled.total() - settled.delivered();
            if (notDelivered > 0 || settled.deferred() > 0) {
                System.out.printf(Locale.ROOT, "  warning: %d settled other than DELIVERED, %d deferrals%n",
                        notDelivered, settled.deferred());
            }
            return r;
        }
    }

    /** Counts settled messages (delivered, bounced, rejected, failed) and deferrals. */
    private static final class SettleCounter implements dev.ses.core.SesListener {
        private final AtomicLong total = new AtomicLong();
        private final LongAdder delivered = new LongAdder();
        private final LongAdder deferred = new LongAdder();
        private final Object lock = new Object();

        @Override
        public void onEvent(dev.ses.core.SesEvent event) {
            EventType type = event.type();
            if (type == EventType.DEFERRED) {
                deferred.increment();
                return;
            }
            if (type == EventType.DELIVERED) {
                delivered.increment();
            } else if (type != EventType.BOUNCED && type != EventType.REJECTED && type != EventType.FAILED) {
                return;
            }
            total.incrementAndGet();
            synchronized (lock) {
                lock.notifyAll();
            }
        }

        long total() {
            return total.get();
        }

        long delivered() {
            return delivered.sum();
        }

        long deferred() {
            return deferred.sum();
        }

        void await(long target, long timeoutSeconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            synchronized (lock) {
                while (total.get() < target) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("only " + total.get() + " of " + target
                                + " messages settled within " + timeoutSeconds + " s");
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
                }
            }
        }
    }

    /** Sends without the DKIM signature: the engine signs whenever the sender domain has an active key. */
    private static final class Unsigned implements MailTransport {
        private final MailTransport delegate;

        Unsigned(MailTransport delegate) {
            this.delegate = delegate;
        }

        private static OutboundMail strip(OutboundMail m) {
            return new OutboundMail(m.messageId(), m.envelopeFrom(), m.fromAddress(), m.fromName(), m.to(), m.cc(),
                    m.replyTo(), m.envelopeRecipients(), m.subject(), m.text(), m.html(), m.headers(),
                    m.attachments(), m.date(), Optional.empty(), m.metadata());
        }

        @Override
        public List<RecipientResult> send(OutboundMail mail) {
            return delegate.send(strip(mail));
        }

        @Override
        public List<List<RecipientResult>> sendAll(List<OutboundMail> mails) {
            return delegate.sendAll(mails.stream().map(Unsigned::strip).toList());
        }

        @Override
        public void start(TransportContext context) {
            delegate.start(context);
        }

        @Override
        public void runDueWork() {
            delegate.runDueWork();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    // ---------------------------------------------------------------- (d) raw signing

    private static final KeyPair RSA = rsaKey();

    private static KeyPair rsaKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void signing(int count) throws Exception {
        PrivateKey key = RSA.getPrivate();
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread thread = new Thread(() -> {
                try {
                    Signature s = Signature.getInstance("SHA256withRSA");
                    for (int i; (i = next.getAndIncrement()) < count; ) {
                        s.initSign(key);
                        s.update(body(i).getBytes(StandardCharsets.UTF_8));
                        s.sign();
                    }
                } catch (java.security.GeneralSecurityException e) {
                    failures.add(e);
                }
            }, "bench-sign-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    // ---------------------------------------------------------------- measuring and reporting

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A measurement: the median of its rounds' rates, and the highest heap in use seen during any of them. */
    private record Result(String label, int count, double[] rates, long peakHeapBytes) {
        double rate() {
            double[] sorted = rates.clone();
            java.util.Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }
    }

    /** Runs {@code warmUp} once, then {@code run} {@code rounds} times, each timed after a garbage collection. */
    private static Result measure(HeapSampler heap, String label, int count, int rounds, ThrowingRunnable warmUp,
                                  ThrowingRunnable run) throws Exception {
        warmUp.run();
        double[] rates = new double[rounds];
        long peak = 0;
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < rounds; i++) {
            System.gc();
            heap.reset();
            long start = System.nanoTime();
            run.run();
            rates[i] = count / ((System.nanoTime() - start) / 1e9);
            peak = Math.max(peak, heap.peak());
            each.append(i == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.1f", rates[i]));
        }
        Result r = new Result(label, count, rates, peak);
        System.out.printf(Locale.ROOT, "%-42s %7d x %d: median %8.1f /s (%s), peak heap %5d MiB%n", label, count,
                rounds, r.rate(), each, r.peakHeapBytes() >> 20);
        return r;
    }

    private static void report(List<Result> results) {
        Result naive = results.get(0);
        Result pool = results.get(1);
        Result unsigned = results.get(2);
        Result signing = results.get(3).rate() >= results.get(5).rate() ? results.get(3) : results.get(5);
        Result signed = results.get(4);
        System.out.println();
        System.out.printf(Locale.ROOT, "ses unsigned / hand-tuned pool  = %6.2fx (target >= 1.5x)%n",
                unsigned.rate() / pool.rate());
        System.out.printf(Locale.ROOT, "ses unsigned / naive loop       = %6.1fx (target >= 50x)%n",
                unsigned.rate() / naive.rate());
        System.out.printf(Locale.ROOT, "ses signed / raw signing rate   = %6.2fx (target >= 0.7x; raw rate %.1f/s, "
                + "the better of its two measurements)%n", signed.rate() / signing.rate(), signing.rate());
        if (results.size() > 6) {
            Result source = results.get(6);
            System.out.printf(Locale.ROOT, "ses unsigned / smtp-source      = %6.2fx (aim >= 0.5x; smtp-source %.0f/s)%n",
                    unsigned.rate() / source.rate(), source.rate());
        }
    }

    /** Samples the used heap every 5 ms and keeps the highest value since the last reset. */
    private static final class HeapSampler {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::loop, "bench-heap-sampler");

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (running) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void reset() {
            peak.set(memory.getHeapMemoryUsage().getUsed());
        }

        long peak() {
            return Math.max(peak.get(), memory.getHeapMemoryUsage().getUsed());
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }
    }
}
