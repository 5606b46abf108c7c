package dev.ses.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A file attached to a message.
 *
 * @param filename the name shown to the recipient; no path separators, line breaks or other control characters
 *                 (a tab is fine)
 * @param contentType the MIME type, e.g. {@code application/pdf}
 * @param content the bytes (copied in and out)
 */
public record Attachment(String filename, String contentType, byte[] content) {
    /**
     * Checks and copies the fields.
     *
     * @param filename the name shown to the recipient; no path separators, line breaks or other control characters (a
     *         tab is fine)
     * @param contentType the MIME type, e.g. {@code application/pdf}
     * @param content the bytes (copied in and out)
     * @throws IllegalArgumentException if the file name is blank, holds a path separator or a control character,
     *                                  or the content type is not {@code type/subtype}
     */
    public Attachment {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(content, "content");
        dev.ses.core.internal.HeaderChecks.fileName(filename);
        if (!contentType.matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+")) {
            throw new IllegalArgumentException("contentType must be type/subtype: " + contentType);
        }
        content = content.clone();
    }

    /** {@return a copy of the bytes} */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** {@return the size in bytes} */
    public int size() {
        return content.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attachment a && a.filename.equals(filename) && a.contentType.equals(contentType)
                && Arrays.equals(a.content, content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(filename, contentType, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "Attachment[" + filename + ", " + contentType + ", " + content.length + " bytes]";
    }
}
