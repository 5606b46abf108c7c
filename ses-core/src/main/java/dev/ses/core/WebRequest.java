package dev.ses.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request, as any server hands it over: what {@link WebHandler}s take, so that ses's endpoints mount in a
 * Servlet container, Spring, Netty or the JDK's own server ({@link WebServer}) alike.
 *
 * @param method the method in upper case, such as {@code GET}
 * @param path the path, not decoded, without the query, such as {@code /c/k1.AbC.xyz}
 * @param query the raw query after {@code ?}, empty if none
 * @param headers the headers; names are compared case-insensitively, and the record keeps them in lower case
 * @param body the body, empty for none; the record keeps its own copy
 * @param remoteAddress the client's IP address, if the host knows it (behind a proxy: the address it forwarded)
 */
public record WebRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body,
                         Optional<String> remoteAddress) {
    /**
     * Checks and copies the fields.
     *
     * @param method the method in upper case, such as {@code GET}
     * @param path the path, not decoded, without the query, such as {@code /c/k1.AbC.xyz}
     * @param query the raw query after {@code ?}, empty if none
     * @param headers the headers; names are compared case-insensitively, and the record keeps them in lower case
     * @param body the body, empty for none; the record keeps its own copy
     * @param remoteAddress the client's IP address, if the host knows it (behind a proxy: the address it forwarded)
     */
    public WebRequest {
        Objects.requireNonNull(method, "method");
        method = method.toUpperCase(Locale.ROOT);
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        Map<String, List<String>> lower = new LinkedHashMap<>();
        Objects.requireNonNull(headers, "headers").forEach((k, v) -> lower
                .computeIfAbsent(k.toLowerCase(Locale.ROOT), n -> new java.util.ArrayList<>()).addAll(v));
        lower.replaceAll((k, v) -> List.copyOf(v));
        headers = java.util.Collections.unmodifiableMap(lower);
        body = Objects.requireNonNull(body, "body").clone();
        Objects.requireNonNull(remoteAddress, "remoteAddress");
    }

    /**
     * {@return a request without headers, body or address: for tests and simulators}
     *
     * @param method the method, such as {@code GET}
     * @param path the path, not decoded, without the query
     */
    public static WebRequest of(String method, String path) {
        return new WebRequest(method, path, "", Map.of(), new byte[0], Optional.empty());
    }

    /**
     * {@return the first value of a header, by name in any case}
     *
     * @param name the header's name, in any case
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** {@return a copy of the body} */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * {@return this request with one more header value}
     *
     * @param name the header's name
     * @param value the value to add
     */
    public WebRequest withHeader(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        copy.merge(name.toLowerCase(Locale.ROOT), List.of(value), (a, b) -> {
            List<String> all = new java.util.ArrayList<>(a);
            all.addAll(b);
            return all;
        });
        return new WebRequest(method, path, query, copy, body, remoteAddress);
    }
}
