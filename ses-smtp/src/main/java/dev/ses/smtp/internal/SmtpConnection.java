package dev.ses.smtp.internal;

import dev.ses.core.spi.Outcome;
import dev.ses.core.spi.RecipientResult;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * One SMTP connection: Angus opens it (greeting, EHLO, STARTTLS, AUTH) and this class runs each mail transaction
 * over it. When the server offers PIPELINING (RFC 2920), {@code MAIL FROM} and every {@code RCPT TO} go out
 * without waiting and their replies are read after them: one round trip instead of one per command. {@code DATA} and the end
 * of data follow as usual. Every recipient keeps its own reply.
 *
 * <p>Not thread-safe beyond what {@link SMTPTransport} is: a connection serves one transaction at a time, which the
 * pool ensures.
 */
final class SmtpConnection extends SMTPTransport {
    private static final int CLOSING = 421;

    /** An unconnected connection for {@code smtp} or {@code smtps}, configured from the session's properties. */
    SmtpConnection(Session session, String protocol) {
        super(session, new URLName(protocol, null, -1, null, null, null), protocol, "smtps".equals(protocol));
    }

    /**
     * What became of a transaction.
     *
     * @param results one per recipient, in the order given
     * @param reusable whether the connection may carry another transaction (not after a 421)
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
     * @throws MessagingException if the connection failed (its cause is the I/O error, an {@link EOFException} when
     *                            the server closed it); nothing is known of the recipients then
     * @throws IOException if writing the message failed
     */
    synchronized Transaction send(String envelopeFrom, List<String> rcpts, byte[] message)
            throws MessagingException, IOException {
        checkEnvelope("envelope sender", envelopeFrom, true);
        rcpts.forEach(r -> checkEnvelope("envelope recipient", r, false));
        boolean pipelining = supportsExtension("PIPELINING");

        sendCommand("MAIL FROM:<" + envelopeFrom + ">");
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
            // A refused sender says nothing of the recipients' addresses.
            Outcome outcome = code >= 500 ? Outcome.REJECTED : Outcome.DEFERRED;
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

        String finalReply;
        try {
            OutputStream data = data();
            data.write(message);
            finishData();
            finalReply = lastReply();
        } catch (SMTPSendFailedException e) {
            // DATA or the end of data refused: Angus has sent RSET. The reply holds for every accepted recipient.
            int failed = e.getReturnCode();
            if (failed < 0) {
                throw new MessagingException("the server closed the connection", new EOFException(lastReply()));
            }
            RecipientResult refusal = RecipientResult.fromReply("", failed, oneLine(e.getMessage()));
            return new Transaction(fill(rcpts, refused, refusal), failed != CLOSING);
        }
        String reply = finalReply.isEmpty() ? "250 OK" : finalReply;
        return new Transaction(fill(rcpts, refused, new RecipientResult("", Outcome.DELIVERED, reply)), true);
    }

    /** Reads one reply; the server closing the connection is a failure of the connection, not a reply. */
    private int reply() throws MessagingException {
        int code = readServerResponse();
        if (code < 0) {
            throw new MessagingException("the server closed the connection", new EOFException(lastReply()));
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
