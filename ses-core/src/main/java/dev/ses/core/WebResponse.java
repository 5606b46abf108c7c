package dev.ses.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP response from a {@link WebHandler}: the host writes status, headers and body as they are.
 *
 * <p>A response holds its body as bytes, or, when it was made by {@link #streaming}, as a writer that produces the
 * body while the host sends it (a CSV export of millions of rows). A host that streams calls
 * {@link #writeBody(OutputStream)}; a host that only knows {@link #body()} still works, since {@code body()} then
 * runs the writer into memory. Immutable and thread-safe; a streamed body is produced once per call.
 */
public final class WebResponse {
    /**
     * Writes a streamed body. Called by the host, on its own thread, once per {@link #writeBody} or {@link #body()}.
     */
    @FunctionalInterface
    public interface BodyWriter {
        /**
         * Writes the whole body; flushes but does not close the stream.
         *
         * @param out where the body goes
         * @throws IOException if the stream fails (the client went away)
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;
    private final @Nullable BodyWriter writer;

    /**
     * A response with its whole body.
     *
     * @param status the status code, 100 to 599
     * @param headers the headers, in order
     * @param body the body; the response keeps its own copy
     * @throws IllegalArgumentException if the status is outside 100..599
     */
    public WebResponse(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, Objects.requireNonNull(body, "body").clone(), null);
    }

    private WebResponse(int status, Map<String, String> headers, byte[] body, @Nullable BodyWriter writer) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100..599: " + status);
        }
        this.status = status;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        this.body = body;
        this.writer = writer;
    }

    /**
     * A response whose body is written while it is sent, so that it never sits in memory whole.
     *
     * @param status the status code, 100 to 599
     * @param headers the headers, in order (no {@code Content-Length}: the length is not known up front)
     * @param body writes the body
     * @return the response
     * @throws IllegalArgumentException if the status is outside 100..599
     */
    public static WebResponse streaming(int status, Map<String, String> headers, BodyWriter body) {
        return new WebResponse(status, headers, new byte[0], Objects.requireNonNull(body, "body"));
    }

    /**
     * A small plain-text page.
     *
     * @param status the status code, 100 to 599
     * @param text the text, sent with a line break after it
     * @return the response
     */
    public static WebResponse text(int status, String text) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "text/plain; charset=utf-8");
        h.put("Cache-Control", "no-store");
        h.put("X-Content-Type-Options", "nosniff");
        return new WebResponse(status, h, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** {@return the status code} */
    public int status() {
        return status;
    }

    /** {@return the headers, in order, unmodifiable} */
    public Map<String, String> headers() {
        return headers;
    }

    /** {@return whether the body is written while it is sent ({@link #streaming}) rather than held} */
    public boolean streamed() {
        return writer != null;
    }

    /**
     * The body as bytes: a copy of the held body, or, for a streamed one, the whole body written into memory.
     *
     * @return the body
     * @throws UncheckedIOException if a streamed body fails while it is written
     */
    public byte[] body() {
        if (writer == null) {
            return body.clone();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("the response body could not be written: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the body to a stream: the held bytes, or the streamed body as it is produced. Does not close it.
     *
     * @param out where the body goes
     * @throws IOException if the stream fails
     */
    public void writeBody(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        if (writer == null) {
            out.write(body);
        } else {
            writer.writeTo(out);
        }
        out.flush();
    }

    /**
     * This response with one header more or replaced, the body (held or streamed) kept.
     *
     * @param name the header's name
     * @param value its value
     * @return the new response
     */
    public WebResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        h.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new WebResponse(status, h, body, writer);
    }

    /**
     * This response with another status, the headers and the body (held or streamed) kept.
     *
     * @param newStatus the status code, 100 to 599
     * @return the new response
     * @throws IllegalArgumentException if the status is outside 100..599
     */
    public WebResponse withStatus(int newStatus) {
        return new WebResponse(newStatus, headers, body, writer);
    }

    /**
     * The value of a header, by name in any case, if the response has it.
     *
     * @param name the header's name
     * @return its value
     */
    public Optional<String> header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "WebResponse[status=" + status + ", headers=" + headers + (writer == null ? ", " + body.length
                + " bytes]" : ", streamed]");
    }
}
