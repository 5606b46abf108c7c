package dev.ses.smtp.internal;

import java.net.Socket;
import java.util.Optional;

/**
 * Catches the TCP socket under an SMTP connection while the connection is opened. The reply to the end of data
 * needs a read timeout of its own (RFC 5321 section 4.5.3.2.6: ten minutes, twice that of a command), and Angus
 * sets one read timeout when it connects and keeps the socket to itself. The socket factories, which Angus calls
 * on the thread that opens the connection, offer each socket they make or layer TLS over to the capture open on
 * that thread; the first one offered is the TCP socket, whose timeout also governs reads through TLS over it.
 * Reading Angus's private field by reflection would be the alternative; it fails where Angus's packages are not
 * open to ses (the module path).
 *
 * <p>Confined to the thread that opens the capture.
 */
final class SocketCapture implements AutoCloseable {
    private static final ThreadLocal<SocketCapture> OPEN = new ThreadLocal<>();

    private Socket socket;

    private SocketCapture() {
    }

    /** Opens a capture on this thread, until {@link #close()}. */
    static SocketCapture open() {
        SocketCapture capture = new SocketCapture();
        OPEN.set(capture);
        return capture;
    }

    /**
     * Records the socket with the capture open on this thread, unless it holds one already.
     *
     * @return the socket
     */
    static Socket offer(Socket socket) {
        SocketCapture capture = OPEN.get();
        if (capture != null && capture.socket == null) {
            capture.socket = socket;
        }
        return socket;
    }

    /** The first socket offered while this capture was open. */
    Optional<Socket> socket() {
        return Optional.ofNullable(socket);
    }

    @Override
    public void close() {
        OPEN.remove();
    }
}
