package dev.ses.smtp.internal;

import jakarta.mail.Session;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A message that writes exactly the bytes it was given: a DKIM signature covers those bytes, and letting Jakarta
 * Mail rebuild headers or re-encode parts would break it.
 */
public final class RawMessage extends SMTPMessage {
    private final byte[] bytes;

    /** A message of these bytes, sent with this envelope sender. */
    public RawMessage(Session session, byte[] bytes, String envelopeFrom) {
        super(session);
        this.bytes = bytes;
        setEnvelopeFrom(envelopeFrom);
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        os.write(bytes);
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
        os.write(bytes);
    }

    @Override
    public int getSize() {
        return bytes.length;
    }
}
