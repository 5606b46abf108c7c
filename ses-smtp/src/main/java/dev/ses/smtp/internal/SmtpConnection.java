package dev.ses.smtp.internal;

import dev.ses.core.spi.Outcome;
import dev.ses.core.spi.RecipientResult;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * One SMTP connection: Angus opens it (greeting, EHLO, STARTTLS, AUTH) and this class runs each mail transaction
 * over it. When the server offers PIPELINING (RFC 2920), {@code MAIL FROM} and every {@code RCPT TO} go out
 * without waiting and their replies are read after them: one round trip instead of one per command. {@code DATA} and the end
 * of data follow as usual. Every recipient keeps its own reply. When the server offers SIZE (RFC 1870), {@code MAIL
 * FROM} declares the message's size and a message over the server's limit is not sent; 8-bit data goes with {@code
 * BODY=8BITMIME} (RFC 6152) or, to a server without it, not at all.
 *
 * <p>The reply to the end of data gets its own, longer timeout (RFC 5321 section 4.5.3.2.6), and once the final dot
 * is out the server may have the message: a connection that fails from then on leaves the recipients
 * {@link Outcome#UNCERTAIN}, never a failure of the connection that a caller would mend by sending again.
 *
 * <p>Not thread-safe beyond what {@link SMTPTransport} is: a connection serves one transaction at a time, which the
 * pool ensures.
 */
final class SmtpConnection extends SMTPTransport {
    private static final int CLOSING = 421;
    private static final byte[] CRLF = {'\r', '\n'};

    private final Duration readTimeout;
    private final Duration dataTimeout;
    private Socket socket;

    /**
     * An unconnected connection for {@code smtp} or {@code smtps}, configured from the session's properties.
     *
     * @param readTimeout the read timeout the session gives Angus, restored after the end of data
     * @param dataTimeout the longest wait for the reply to the end of data
     */
    SmtpConnection(Session session, String protocol, Duration readTimeout, Duration dataTimeout) {
        super(session, new URLName(protocol, null, -1, null, null, null), protocol, "smtps".equals(protocol));
        this.readTimeout = readTimeout;
        this.dataTimeout = dataTimeout;
    }

    /** Connects as Angus does, keeping the TCP socket that the session's socket factories made. */
    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        try (SocketCapture capture = SocketCapture.open()) {
            boolean connected = super.protocolConnect(host, port, user, password);
            socket = capture.socket().orElseThrow(() -> new IllegalStateException(
                    "the session's socket factories made no socket for the connection to " + host));
            // Angus connects without authenticating to a server that offers no AUTH. With credentials configured (the
            // password tells: Angus fills a missing user name in from the system), that is a relay other than the
            // one meant, or one that would take mail from anyone: send nothing.
            if (password != null && !supportsExtension("AUTH") && !supportsExtension("AUTH=LOGIN")) {
                close();
                throw new MessagingException("credentials are configured but " + host + ":" + port
                        + " does not offer AUTH: not sending unauthenticated");
            }
            return connected;
        }
    }

    /**
     * What became of a transaction.
     *
     * @param results one per recipient, in the order given
     * @param reusable whether the connection may carry another transaction (not after a 421, nor after a failure
     *                 that followed the final dot)
     */
    record Transaction(List<RecipientResult> results, boolean reusable) {
    }

    /**
     * Sends one message to its recipients.
     *
     * @param envelopeFrom the return path, or empty for the null sender
     * @param rcpts the envelope recipients
     * @param message the message with CRLF line ends, sent as it is (dot-stuffed on the way)
     * @throws IllegalArgumentException if an envelope address could not be a command argument
     * @throws MessagingException if the connection failed before the final dot was sent (its cause is the I/O
     *                            error, an {@link EOFException} when the server closed it); nothing is known of the
     *                            recipients then
     * @throws IOException if writing the message failed
     */
    synchronized Transaction send(String envelopeFrom, List<String> rcpts, byte[] message)
            throws MessagingException, IOException {
        checkEnvelope("envelope sender", envelopeFrom, true);
        rcpts.forEach(r -> checkEnvelope("envelope recipient", r, false));
        boolean pipelining = supportsExtension("PIPELINING");
        StringBuilder mailFrom = new StringBuilder("MAIL FROM:<").append(envelopeFrom).append('>');
        long size = message.length + (endsWithCrlf(message) ? 0 : CRLF.length);
        if (supportsExtension("SIZE")) {
            // RFC 1870: declare the size, and send nothing the server has said it would refuse.
            long limit = sizeLimit(getExtensionParameter("SIZE"));
            if (limit > 0 && size > limit) {
                return new Transaction(fill(rcpts, new RecipientResult[rcpts.size()], new RecipientResult("",
                        Outcome.FAILED, "not sent: the message is " + size + " octets, over the limit of " + limit
                        + " octets that the server declares (SIZE, RFC 1870)")), true);
            }
            mailFrom.append(" SIZE=").append(size);
        }
        if (!isSevenBit(message)) {
            // RFC 6152: 8-bit data (an attached message that is itself 8-bit) only to a server that takes it.
            if (!supportsExtension("8BITMIME")) {
                return new Transaction(fill(rcpts, new RecipientResult[rcpts.size()], new RecipientResult("",
                        Outcome.FAILED, "not sent: the message holds 8-bit data (an attached message) and the "
                        + "server does not offer 8BITMIME (RFC 6152)")), true);
            }
            mailFrom.append(" BODY=8BITMIME");
        }

        sendCommand(mailFrom.toString());
        if (pipelining) {
            for (String rcpt : rcpts) {
                sendCommand("RCPT TO:<" + rcpt + ">");
            }
        }
        int code = reply();
        if (code != 250) {
            String text = lastReply();
            if (pipelining) {
                // The server answers each RCPT too (503, bad sequence): read them to stay in step.
                for (int i = 0; i < rcpts.size() && code != CLOSING; i++) {
                    reply();
                }
            }
            // A refused sender says nothing of the recipients' addresses; a refusal of the command itself (syntax,
            // SIZE=) is about ses's message.
            Outcome outcome = code >= 500 ? Outcome.classify(code, text) : Outcome.DEFERRED;
            if (outcome == Outcome.HARD_BOUNCE || outcome == Outcome.SOFT_BOUNCE) {
                outcome = Outcome.REJECTED;
            }
            return new Transaction(fill(rcpts, new RecipientResult[rcpts.size()],
                    new RecipientResult("", outcome, text)), reset(code));
        }

        RecipientResult[] refused = new RecipientResult[rcpts.size()];
        int accepted = 0;
        boolean closing = false;
        for (int i = 0; i < rcpts.size(); i++) {
            if (closing) {
                refused[i] = new RecipientResult(rcpts.get(i), Outcome.DEFERRED, lastReply());
                continue;
            }
            if (!pipelining) {
                sendCommand("RCPT TO:<" + rcpts.get(i) + ">");
            }
            code = reply();
            if (code >= 200 && code < 300) {
                accepted++;
            } else {
                refused[i] = RecipientResult.fromReply(rcpts.get(i), code, lastReply());
                closing = code == CLOSING;
            }
        }
        if (closing) {
            // 421: the server is closing the connection; nothing was sent to those it had accepted.
            return new Transaction(fill(rcpts, refused, new RecipientResult("", Outcome.DEFERRED, lastReply())),
                    false);
        }
        if (accepted == 0) {
            return new Transaction(List.of(refused), reset(code));
        }

        try {
            OutputStream data = data();
            data.write(message);
            if (!endsWithCrlf(message)) {
                data.write(CRLF);
            }
            // Not Angus's finishData(): it waits for the reply with the command timeout, and reports a connection
            // that drops before the reply like one that drops before the dot.
            sendCommand(".");
        } catch (SMTPSendFailedException e) {
            // DATA refused: Angus has sent RSET. The reply holds for every accepted recipient.
            int failed = e.getReturnCode();
            if (failed < 0) {
                throw new MessagingException("the server closed the connection",
                        new EOFException("the server closed the connection"));
            }
            RecipientResult refusal = RecipientResult.fromReply("", failed, oneLine(e.getMessage()));
            return new Transaction(fill(rcpts, refused, refusal), failed != CLOSING);
        }
        return endOfData(rcpts, refused);
    }

    /**
     * Reads the reply to the final dot, which is out: whatever fails from here, the server may have the message.
     * The transaction is over whatever the reply, so a refusal needs no RSET.
     */
    private Transaction endOfData(List<String> rcpts, RecipientResult[] refused) {
        int code;
        try {
            socket.setSoTimeout(Math.toIntExact(dataTimeout.toMillis()));
            code = readServerResponse();
        } catch (MessagingException | SocketException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String what = cause instanceof SocketTimeoutException
                    ? "no reply to the end of data within " + brief(dataTimeout)
                    : "connection lost before the reply to the end of data (" + describe(cause) + ")";
            return uncertain(rcpts, refused, what);
        }
        if (code < 0) {
            return uncertain(rcpts, refused, "the connection closed before the reply to the end of data");
        }
        String text = lastReply();
        boolean reusable = code != CLOSING && restoreReadTimeout();
        if (code >= 200 && code < 300) {
            String reply = text.isEmpty() ? "250 OK" : text;
            return new Transaction(fill(rcpts, refused, new RecipientResult("", Outcome.DELIVERED, reply)), reusable);
        }
        return new Transaction(fill(rcpts, refused, RecipientResult.fromReply("", code, text)), reusable);
    }

    private static Transaction uncertain(List<String> rcpts, RecipientResult[] refused, String what) {
        return new Transaction(fill(rcpts, refused,
                RecipientResult.uncertain("", what + ": the server may have the message")), false);
    }

    /** Puts the command timeout back for the next transaction; false when the socket is broken. */
    private boolean restoreReadTimeout() {
        try {
            socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    /** Reads one reply; the server closing the connection is a failure of the connection, not a reply. */
    private int reply() throws MessagingException {
        int code = readServerResponse();
        if (code < 0) {
            // Not the last reply as the reason: it was a success, and the failure is that nothing followed it.
            throw new MessagingException("the server closed the connection",
                    new EOFException("the server closed the connection"));
        }
        return code;
    }

    /**
     * Ends a failed transaction so that the connection can carry the next; false when it cannot. The transaction's
     * outcome is known by then, so a connection that fails here is only not reused.
     */
    private boolean reset(int lastCode) {
        if (lastCode == CLOSING) {
            return false;
        }
        try {
            sendCommand("RSET");
            return reply() == 250;
        } catch (MessagingException e) {
            return false;
        }
    }

    private String lastReply() {
        return oneLine(getLastServerResponse());
    }

    /** The recipients' results: their own refusal, or the outcome and reply of {@code others}. */
    private static List<RecipientResult> fill(List<String> rcpts, RecipientResult[] refused, RecipientResult others) {
        List<RecipientResult> results = new ArrayList<>(rcpts.size());
        for (int i = 0; i < rcpts.size(); i++) {
            results.add(refused[i] != null ? refused[i]
                    : new RecipientResult(rcpts.get(i), others.outcome(), others.reply()));
        }
        return results;
    }

    /** The limit a SIZE keyword declares; 0 for none (RFC 1870: no parameter, or 0, means no fixed limit). */
    private static long sizeLimit(String parameter) {
        if (parameter == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(parameter.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isSevenBit(byte[] message) {
        for (byte b : message) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWithCrlf(byte[] message) {
        int n = message.length;
        return n >= 2 && message[n - 2] == '\r' && message[n - 1] == '\n';
    }

    /** A duration as people write it: {@code 10m}, {@code 90s}, {@code 200ms}. */
    private static String brief(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
    }

    /** A server reply on one line: continuation lines joined by a space. */
    private static String oneLine(String raw) {
        if (raw == null || raw.isBlank()) {
            return "";
        }
        return raw.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** Refuses what could not stand between angle brackets in a command: CR, LF, spaces, brackets, non-ASCII. */
    private static void checkEnvelope(String field, String address, boolean mayBeEmpty) {
        if (address.isEmpty() && mayBeEmpty) {
            return;
        }
        boolean ok = !address.isEmpty() && address.indexOf('@') > 0;
        for (int i = 0; ok && i < address.length(); i++) {
            char c = address.charAt(i);
            ok = c > ' ' && c < 127 && c != '<' && c != '>';
        }
        if (!ok) {
            throw new IllegalArgumentException(field + " is not a plain ASCII mailbox: '" + address + "'");
        }
    }
}
