package dev.ses.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server on 127.0.0.1 whose replies a test scripts, to exercise failures real servers produce:
 * refusals at each step, dropped and reset connections, a server that answers late or stops answering. Counts
 * connections and keeps the messages it received and those it accepted. Like a strict receiver, it refuses a message
 * holding a line over 998 octets ({@link #LINE_TOO_LONG}) and, when the script declares a SIZE, a message over it.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
    /** A reply that makes the server close the connection instead of answering. */
    public static final String DROP = "<drop>";
    /** A reply that makes the server stop answering, keeping the connection open until it is closed. */
    public static final String HANG = "<hang>";
    /** A reply that makes the server reset the connection (a TCP RST) instead of answering. */
    public static final String RESET = "<reset>";
    private static final String LATE = "<late ";

    /**
     * A reply that the server sends only after the given delay (or never, if it is closed first), as a busy server
     * answers the end of data.
     */
    public static String late(Duration delay, String reply) {
        return LATE + delay.toMillis() + ">" + reply;
    }

    /** The replies; each method may also return {@link #DROP}, {@link #HANG}, {@link #RESET} or {@link #late}. */
    public interface Script {
        /** The greeting on the n-th connection (from 1). */
        default String greeting(int connection) {
            return "220 scripted ESMTP";
        }

        default String mail(int connection, String from) {
            return "250 2.1.0 OK";
        }

        default String rcpt(int connection, String to) {
            return "250 2.1.5 OK";
        }

        default String data(int connection) {
            return "354 End data with <CR><LF>.<CR><LF>";
        }

        default String rset(int connection) {
            return "250 2.0.0 OK";
        }

        /** The reply to the final dot; a 2xx reply stores the message, and the server has received it anyway. */
        default String endOfData(int connection, Received message) {
            return "250 2.0.0 queued";
        }

        /**
         * The largest message the server takes, declared as {@code SIZE} in its EHLO reply (RFC 1870) and enforced
         * at {@code MAIL FROM} and at the end of data; 0 for no SIZE extension.
         */
        default long maxSize() {
            return 0;
        }

        /** Whether the server offers 8BITMIME (RFC 6152). */
        default boolean eightBitMime() {
            return false;
        }
    }

    /** The reply of a server that enforces RFC 5321 4.5.3.1.6 to a message holding a line over 998 octets. */
    public static final String LINE_TOO_LONG = "500 5.5.2 Line too long";

    /** A message the server received, and on which connection. */
    public record Received(int connection, String from, List<String> to, byte[] data) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket server;
    private final Script script;
    private final SSLContext tls;
    private final boolean pipelining;
    private final AtomicInteger pipelined = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Received> accepted = new CopyOnWriteArrayList<>();
    private final List<String> mailCommands = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public ScriptedSmtpServer(Script script) throws IOException {
        this(script, null);
    }

    /** A server that offers STARTTLS with the given context when it is not null. */
    public ScriptedSmtpServer(Script script, SSLContext tls) throws IOException {
        this(script, tls, false);
    }

    /**
     * A server that offers STARTTLS with the given context when it is not null, and PIPELINING (RFC 2920) when
     * asked to: it then answers commands that arrive together one by one, in order, as such a server must.
     */
    public ScriptedSmtpServer(Script script, SSLContext tls, boolean pipelining) throws IOException {
        this.script = script;
        this.tls = tls;
        this.pipelining = pipelining;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "scripted-smtp-accept");
        acceptor.setDaemon(true);
        threads.add(acceptor);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /**
     * Transactions whose RCPT TO came before their MAIL FROM was answered. A server that offers PIPELINING holds the
     * MAIL reply until the next command is in, so there the count is exact.
     */
    public int pipelinedTransactions() {
        return pipelined.get();
    }

    /**
     * Messages whose final dot the server read, whatever it answered or did then: the copies that a real server
     * may have kept.
     */
    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Messages stored (end of data answered 2xx). */
    public List<Received> accepted() {
        return new ArrayList<>(accepted);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                int n = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(socket, n), "scripted-smtp-" + n);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int n) {
        try (Socket s = socket) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            if (!reply(s, out, script.greeting(n))) {
                return;
            }
            String from = null;
            List<String> to = new ArrayList<>();
            boolean secure = false;
            String ahead = null;
            while (true) {
                String line = ahead != null ? ahead : readLine(in);
                ahead = null;
                if (line == null) {
                    return;
                }
                String upper = line.toUpperCase(java.util.Locale.ROOT);
                String answer;
                if (upper.startsWith("EHLO")) {
                    answer = "250-scripted\r\n" + (tls != null && !secure ? "250-STARTTLS\r\n" : "")
                            + (pipelining ? "250-PIPELINING\r\n" : "")
                            + (script.maxSize() > 0 ? "250-SIZE " + script.maxSize() + "\r\n" : "")
                            + (script.eightBitMime() ? "250-8BITMIME\r\n" : "") + "250 ENHANCEDSTATUSCODES";
                } else if (upper.startsWith("HELO")) {
                    answer = "250 scripted";
                } else if (upper.equals("STARTTLS") && tls != null && !secure) {
                    reply(s, out, "220 2.0.0 ready");
                    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    sockets.add(ssl);
                    in = ssl.getInputStream();
                    out = ssl.getOutputStream();
                    secure = true;
                    from = null;
                    to.clear();
                    continue;
                } else if (upper.startsWith("MAIL FROM:")) {
                    if (pipelining) {
                        // Hold the reply until the next command is in: only a client that pipelines sends it now
                        // (one that does not would wait for this reply until its read timeout).
                        ahead = readLine(in);
                        if (ahead != null && ahead.toUpperCase(java.util.Locale.ROOT).startsWith("RCPT TO:")) {
                            pipelined.incrementAndGet();
                        }
                    } else if (in.available() > 0) {
                        pipelined.incrementAndGet();
                    }
                    from = address(line);
                    to.clear();
                    mailCommands.add(line);
                    long declared = sizeParameter(line);
                    answer = script.maxSize() > 0 && declared > script.maxSize()
                            ? "552 5.3.4 message size exceeds fixed maximum message size" : script.mail(n, from);
                    if (!replyOf(answer).startsWith("2")) {
                        from = null;
                    }
                } else if (upper.startsWith("RCPT TO:")) {
                    String rcpt = address(line);
                    answer = from == null ? "503 5.5.1 MAIL first" : script.rcpt(n, rcpt);
                    if (replyOf(answer).startsWith("2")) {
                        to.add(rcpt);
                    }
                } else if (upper.equals("DATA")) {
                    answer = script.data(n);
                    if (replyOf(answer).startsWith("354")) {
                        if (!reply(s, out, answer)) {
                            return;
                        }
                        int[] longest = new int[1];
                        byte[] data = readData(in, longest);
                        if (data == null) {
                            return;
                        }
                        Received r = new Received(n, from, List.copyOf(to), data);
                        received.add(r);
                        if (longest[0] > 998) {
                            answer = LINE_TOO_LONG;
                        } else if (script.maxSize() > 0 && data.length > script.maxSize()) {
                            answer = "552 5.3.4 message size exceeds fixed maximum message size";
                        } else {
                            answer = script.endOfData(n, r);
                        }
                        if (replyOf(answer).startsWith("2")) {
                            accepted.add(r);
                        }
                        from = null;
                        to.clear();
                    }
                } else if (upper.equals("RSET")) {
                    from = null;
                    to.clear();
                    answer = script.rset(n);
                } else if (upper.equals("NOOP")) {
                    answer = "250 2.0.0 OK";
                } else if (upper.equals("QUIT")) {
                    reply(s, out, "221 2.0.0 bye");
                    return;
                } else {
                    answer = "500 5.5.1 unknown command";
                }
                if (!reply(s, out, answer)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Writes a reply; false when the script says to end the connection (the caller closes the socket). */
    private boolean reply(Socket socket, OutputStream out, String answer) throws IOException {
        if (DROP.equals(answer)) {
            return false;
        }
        if (RESET.equals(answer)) {
            // Closing with a zero linger time sends RST instead of FIN.
            socket.setSoLinger(true, 0);
            return false;
        }
        if (HANG.equals(answer)) {
            awaitClosing(Long.MAX_VALUE);
            return false;
        }
        if (answer.startsWith(LATE)) {
            int end = answer.indexOf('>');
            if (awaitClosing(Long.parseLong(answer.substring(LATE.length(), end)))) {
                return false;
            }
            answer = replyOf(answer);
        }
        out.write((answer + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return true;
    }

    /** The reply a scripted answer stands for, once it is sent. */
    private static String replyOf(String answer) {
        return answer.startsWith(LATE) ? answer.substring(answer.indexOf('>') + 1) : answer;
    }

    /** Waits up to {@code millis} for the server to close; true if it did. */
    private boolean awaitClosing(long millis) {
        try {
            return closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static String address(String line) {
        int open = line.indexOf('<');
        int close = line.indexOf('>', open + 1);
        return open >= 0 && close > open ? line.substring(open + 1, close) : line.substring(line.indexOf(':') + 1).trim();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return null;
    }

    /**
     * Reads the data up to the lone dot byte for byte, undoing dot-stuffing; null when the connection ends first.
     * {@code longest[0]} gets the length in octets of its longest line, CRLF not counted.
     */
    private static byte[] readData(InputStream in, int[] longest) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b != '\n') {
                line.write(b);
                continue;
            }
            byte[] bytes = line.toByteArray();
            line.reset();
            int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            if (len == 1 && bytes[0] == '.') {
                return data.toByteArray();
            }
            longest[0] = Math.max(longest[0], len);
            int from = len > 0 && bytes[0] == '.' ? 1 : 0;
            data.write(bytes, from, len - from);
            data.write('\r');
            data.write('\n');
        }
        return null;
    }

    /** The SIZE= parameter of a MAIL FROM command, or -1. */
    private static long sizeParameter(String mailFrom) {
        for (String word : mailFrom.split(" ")) {
            if (word.toUpperCase(java.util.Locale.ROOT).startsWith("SIZE=")) {
                return Long.parseLong(word.substring(5));
            }
        }
        return -1;
    }

    /** The MAIL FROM commands received, as sent. */
    public List<String> mailCommands() {
        return new ArrayList<>(mailCommands);
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        server.close();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
