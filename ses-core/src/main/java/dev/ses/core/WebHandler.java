package dev.ses.core;

/**
 * Answers HTTP requests without any server framework: {@link Ses#trackingEndpoints()} is one, and
 * {@link WebServer} serves any. A host mounts one in its own server by turning its request into a
 * {@link WebRequest} and writing the {@link WebResponse} back, e.g. in a servlet:
 *
 * <pre>{@code
 * WebResponse r = handler.handle(new WebRequest(req.getMethod(), req.getRequestURI(),
 *         Objects.requireNonNullElse(req.getQueryString(), ""), headersOf(req),
 *         req.getInputStream().readNBytes(65_536), Optional.of(req.getRemoteAddr())));
 * resp.setStatus(r.status());
 * r.headers().forEach(resp::setHeader);
 * r.writeBody(resp.getOutputStream());      // streams a long CSV export as it is written
 * }</pre>
 *
 * <p>Contract: thread-safe; may block on the store; never throws for bad input (that is a 4xx response), and
 * answers a failure of ses itself with a small 5xx page, never a stack trace.
 */
@FunctionalInterface
public interface WebHandler {
    /**
     * Answers one request.
     *
     * @param request the request, as the host's server received it
     * @return the response to write back as it is
     */
    WebResponse handle(WebRequest request);
}
