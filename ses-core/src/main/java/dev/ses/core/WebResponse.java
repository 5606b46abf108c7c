package dev.ses.core;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP response from a {@link WebHandler}: the host writes status, headers and body as they are.
 *
 * @param status the status code, 100 to 599
 * @param headers the headers, in order
 * @param body the body; the record keeps its own copy
 */
public record WebResponse(int status, Map<String, String> headers, byte[] body) {
    /**
     * Checks and copies the fields.
     *
     * @param status the status code, 100 to 599
     * @param headers the headers, in order
     * @param body the body; the record keeps its own copy
     * @throws IllegalArgumentException if the status is outside 100..599
     */
    public WebResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100..599: " + status);
        }
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers,
                "headers")));
        body = Objects.requireNonNull(body, "body").clone();
    }

    /**
     * {@return a small plain-text page}
     *
     * @param status the status code, 100 to 599
     * @param text the page's text, without the final line break
     */
    public static WebResponse text(int status, String text) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "text/plain; charset=utf-8");
        h.put("Cache-Control", "no-store");
        h.put("X-Content-Type-Options", "nosniff");
        return new WebResponse(status, h, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** {@return a copy of the body} */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * {@return the value of a header, by name in any case, if the response has it}
     *
     * @param name the header's name, in any case
     */
    public Optional<String> header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }
}
