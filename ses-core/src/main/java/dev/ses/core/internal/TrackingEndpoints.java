package dev.ses.core.internal;

import dev.ses.core.FeedbackResult;
import dev.ses.core.ReaderKind;
import dev.ses.core.WebHandler;
import dev.ses.core.WebRequest;
import dev.ses.core.WebResponse;
import dev.ses.core.internal.tracking.TrackingTokens;
import dev.ses.core.spi.Feedback;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public endpoints of tracking and unsubscribing, framework-neutral. Paths end in {@code /o/<token>} (the pixel:
 * GET or HEAD), {@code /c/<token>.<link>} (a click: GET or HEAD, a 302 to the link that was in the message, read
 * from the link set stored when the copy was sent; {@code /c/<token>} of older mail still works) and
 * {@code /u/<token>} (GET shows a page whose button POSTs; POST unsubscribes at once, RFC 8058, whatever its body);
 * whatever comes before is the host's mount point. Every hit that names a message goes through the feedback intake.
 * A token that is malformed, changed, of another kind, signed by an unknown key or naming no stored message is
 * answered with a plain 404 page, logged at debug, and changes nothing; a click never redirects anywhere but to
 * the link its message held. Thread-safe.
 */
public final class TrackingEndpoints implements WebHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TrackingEndpoints.class);
    /** A transparent 1×1 GIF: 43 bytes. */
    static final byte[] PIXEL = {0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, (byte) 0x80, 0x00,
        0x00, 0x00, 0x00, 0x00, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x21, (byte) 0xF9, 0x04, 0x01, 0x00, 0x00,
        0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B};
    private static final int MAX_PATH = 1_024;

    private final Engine engine;
    private final Tracker tracker;
    private final Rendering rendering;
    private final Requests requests;
    private final Function<Feedback, FeedbackResult> intake;

    public TrackingEndpoints(Engine engine, Tracker tracker, Rendering rendering, Requests requests,
                             Function<Feedback, FeedbackResult> intake) {
        this.engine = engine;
        this.tracker = tracker;
        this.rendering = rendering;
        this.requests = requests;
        this.intake = intake;
    }

    /** A row found by a verified token, with its request. */
    private record Target(TrackingTokens.Claim claim, MessageRecord row, MailRequest request) {
    }

    @Override
    public WebResponse handle(WebRequest req) {
        String path = req.path();
        if (path.length() > MAX_PATH) {
            return refuse(req, 414, "URL too long", "a path of " + path.length() + " characters");
        }
        int slash = path.lastIndexOf('/');
        int before = slash <= 0 ? -1 : path.lastIndexOf('/', slash - 1);
        if (slash < 0 || before < 0 || slash - before != 2) {
            return refuse(req, 404, "Not found", "no endpoint");
        }
        char kind = path.charAt(before + 1);
        String token = path.substring(slash + 1);
        try {
            return switch (kind) {
                case 'o' -> open(req, token);
                case 'c' -> click(req, token);
                case 'u' -> unsubscribe(req, token);
                default -> refuse(req, 404, "Not found", "no endpoint");
            };
        } catch (RuntimeException e) {
            LOG.warn("a tracking request failed: {} {}", req.method(), path, e);
            return WebResponse.text(503, "Temporarily unavailable, please try again later");
        }
    }

    private WebResponse open(WebRequest req, String token) {
        if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            return wrongMethod(req, "GET, HEAD");
        }
        Optional<Target> t = target(req, token, TrackingTokens.Kind.OPEN);
        if (t.isEmpty()) {
            return WebResponse.text(404, "Not found");
        }
        if (t.get().claim().linkGiven()) {
            return refuse(req, 404, "Not found", "a click token at the pixel");
        }
        record(req, t.get(), Feedback.Type.OPENED, Optional.empty(), false);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "image/gif");
        h.put("Cache-Control", "no-store, no-cache, must-revalidate, private, max-age=0");
        h.put("Pragma", "no-cache");
        h.put("Expires", "0");
        return new WebResponse(200, h, PIXEL);
    }

    private WebResponse click(WebRequest req, String token) {
        if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            return wrongMethod(req, "GET, HEAD");
        }
        Optional<Target> t = target(req, token, TrackingTokens.Kind.CLICK);
        if (t.isEmpty()) {
            return WebResponse.text(404, "This link is not valid");
        }
        TrackingTokens.Claim claim = t.get().claim();
        if (claim.kind() == TrackingTokens.Kind.COPY && !claim.linkGiven()) {
            return refuse(req, 404, "This link is not valid", "a pixel token at a click");
        }
        // A copy token names the links the copy was sent with; a click token of older mail finds them by rendering
        // the message again.
        Optional<List<String>> stored = claim.linkSet().isPresent() ? tracker.linkSet(claim.linkSet().get())
                : Optional.of(rendering.legacyLinks(t.get().request(), t.get().row()));
        if (stored.isEmpty()) {
            return refuse(req, 404, "This link is not valid", "link set " + claim.linkSet().get() + " is not stored");
        }
        List<String> links = stored.get();
        int index = claim.link();
        if (index >= links.size()) {
            return refuse(req, 404, "This link is not valid", "link " + index + " of " + links.size());
        }
        String link = links.get(index);
        record(req, t.get(), Feedback.Type.CLICKED, Optional.of(link), true);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Location", link);
        h.put("Cache-Control", "no-store");
        h.put("Referrer-Policy", "no-referrer");
        return new WebResponse(302, h, new byte[0]);
    }

    private WebResponse unsubscribe(WebRequest req, String token) {
        if (!req.method().equals("GET") && !req.method().equals("POST")) {
            return wrongMethod(req, "GET, POST");
        }
        Optional<Target> t = target(req, token, TrackingTokens.Kind.UNSUBSCRIBE);
        if (t.isEmpty()) {
            return WebResponse.text(404, "This unsubscribe link is not valid");
        }
        if (req.method().equals("GET")) {
            // A GET never unsubscribes: link scanners fetch every URL of a message.
            return html(200, "<p>Stop receiving these emails at " + escape(t.get().row().recipient())
                    + "?</p><form method=\"post\"><button type=\"submit\">Unsubscribe</button></form>");
        }
        MessageRecord row = t.get().row();
        intake.apply(new Feedback(Feedback.Type.UNSUBSCRIBED, messageId(t.get()), row.recipient(),
                engine.clock().instant(), Optional.empty(), req.header("User-Agent"), ip(req), Optional.empty()));
        return html(200, "<p>" + escape(row.recipient()) + " is unsubscribed.</p>");
    }

    private void record(WebRequest req, Target t, Feedback.Type type, Optional<String> link, boolean click) {
        Instant now = engine.clock().instant();
        Optional<String> ua = req.header("User-Agent");
        ReaderKind reader = Readers.judge(req.method(), click, ua, req.remoteAddress(), t.row().deliveredAt(), now,
                tracker.scannerWindow());
        intake.apply(new Feedback(type, messageId(t), t.row().recipient(), now, link, ua, ip(req),
                Optional.of(reader)));
    }

    private Optional<String> ip(WebRequest req) {
        return tracker.keepIp() ? req.remoteAddress() : Optional.empty();
    }

    private static String messageId(Target t) {
        return MessageToken.single(t.request().id(), t.row().id()).messageId(t.row().senderDomain());
    }

    private Optional<Target> target(WebRequest req, String token, TrackingTokens.Kind kind) {
        Optional<TrackingTokens.Claim> claim = tracker.tokens().verify(token);
        boolean copy = kind != TrackingTokens.Kind.UNSUBSCRIBE && claim.filter(c -> c.kind()
                == TrackingTokens.Kind.COPY).isPresent();
        if (claim.isEmpty() || claim.get().kind() != kind && !copy) {
            LOG.debug("refused {} {}: the token is not valid", req.method(), req.path());
            return Optional.empty();
        }
        Optional<MessageRecord> row = engine.store().messages().get(claim.get().rowId())
                .filter(m -> claim.get().names(m.recipient()));
        Optional<MailRequest> request = row.flatMap(m -> requests.get(m.requestId()));
        if (request.isEmpty()) {
            LOG.debug("refused {} {}: the token names no stored message", req.method(), req.path());
            return Optional.empty();
        }
        return Optional.of(new Target(claim.get(), row.get(), request.get()));
    }

    private static WebResponse refuse(WebRequest req, int status, String text, String why) {
        LOG.debug("refused {} {}: {}", req.method(), req.path().length() > 200 ? req.path().substring(0, 200) + "..."
                : req.path(), why);
        return WebResponse.text(status, text);
    }

    private static WebResponse wrongMethod(WebRequest req, String allowed) {
        LOG.debug("refused {} {}: method not allowed", req.method(), req.path());
        Map<String, String> h = new LinkedHashMap<>(WebResponse.text(405, "Method not allowed").headers());
        h.put("Allow", allowed);
        return new WebResponse(405, h, ("Method not allowed\n").getBytes(StandardCharsets.UTF_8));
    }

    private static WebResponse html(int status, String body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "text/html; charset=utf-8");
        h.put("Cache-Control", "no-store");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Content-Security-Policy", "default-src 'none'; form-action 'self'");
        String page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Unsubscribe</title></head><body>"
                + body + "</body></html>";
        return new WebResponse(status, h, page.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
