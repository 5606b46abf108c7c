package dev.ses.core.internal.console;

import dev.ses.core.ConsoleSettings;
import dev.ses.core.Ses;
import dev.ses.core.WebHandler;
import dev.ses.core.WebRequest;
import dev.ses.core.WebResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console as one {@link WebHandler}: static assets, logging in and out, sessions, the CSRF check, and the
 * routes of each account's pages.
 *
 * <p>Safety, in the order a request meets it: a path outside the prefix is 404; assets need no session; every other
 * page needs the session cookie ({@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} unless turned off), else
 * it goes to the login page; a POST must carry the session's CSRF token in its form and, when the browser sends an
 * {@code Origin}, come from the console's own origin; an account not in the settings is 404 whatever the URL. Every
 * HTML answer carries a Content-Security-Policy that allows only the console's own script, style and frames, so a
 * value that slipped past escaping could still run nothing. Failed logins are throttled (five a minute). The
 * referrer policy is {@code same-origin}, not {@code no-referrer}: under the latter browsers send
 * {@code Origin: null} with every form, and the origin check could not tell the console's forms from others.
 */
public final class Console implements WebHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    static final String COOKIE = "ses-console";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final int MAX_FAILURES_PER_MINUTE = 5;
    private static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ses ses;
    private final ConsoleSettings settings;
    private final String prefix;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Deque<Instant> failures = new ArrayDeque<>();
    private final Pages pages;

    /** A session: its CSRF token and when it ends. */
    record Session(String csrf, Instant expiresAt) {
    }

    public Console(Ses ses, ConsoleSettings settings) {
        this.ses = ses;
        this.settings = settings;
        this.prefix = settings.pathPrefix();
        this.pages = new Pages(ses);
    }

    @Override
    public WebResponse handle(WebRequest request) {
        try {
            return route(request);
        } catch (RuntimeException e) {
            LOG.warn("the console failed on {} {}", request.method(), request.path(), e);
            return html(500, "<!doctype html><title>Error</title><p>The console failed; see the log.</p>");
        }
    }

    private WebResponse route(WebRequest request) {
        String path = request.path();
        if (!path.startsWith(prefix + "/")) {
            return path.equals(prefix) && !prefix.isEmpty() ? redirect(prefix + "/") : WebResponse.text(404,
                    "Not found");
        }
        String rest = path.substring(prefix.length());
        String method = request.method();
        if (rest.startsWith("/static/")) {
            return method.equals("GET") || method.equals("HEAD") ? asset(rest.substring("/static/".length()))
                    : WebResponse.text(405, "Method not allowed");
        }
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
            return WebResponse.text(405, "Method not allowed");
        }
        if (method.equals("POST") && !sameOrigin(request)) {
            return WebResponse.text(403, "Forbidden: the form did not come from this console");
        }
        Form form = method.equals("POST") ? Form.parse(new String(request.body(), StandardCharsets.UTF_8))
                : Form.empty();
        if (rest.equals("/login")) {
            return method.equals("POST") ? login(form) : loginPage(200, "");
        }
        Optional<Map.Entry<String, Session>> session = session(request);
        if (session.isEmpty()) {
            return method.equals("GET") ? redirect(prefix + "/login") : WebResponse.text(403,
                    "Forbidden: log in first");
        }
        Session s = session.get().getValue();
        if (method.equals("POST") && !MessageDigest.isEqual(s.csrf().getBytes(StandardCharsets.UTF_8),
                form.raw("csrf").getBytes(StandardCharsets.UTF_8))) {
            return WebResponse.text(403, "Forbidden: the form's CSRF token is missing or wrong; reload the page");
        }
        if (rest.equals("/logout") && method.equals("POST")) {
            sessions.remove(session.get().getKey());
            return withCookie(redirect(prefix + "/login"), COOKIE + "=; Path=" + cookiePath() + "; Max-Age=0; "
                    + "HttpOnly; SameSite=Strict" + (settings.secureCookies() ? "; Secure" : ""));
        }
        if (rest.equals("/")) {
            return redirect(prefix + "/a/" + settings.accounts().get(0) + "/");
        }
        String[] parts = rest.substring(1).split("/", -1);
        if (parts.length < 2 || !parts[0].equals("a")) {
            return WebResponse.text(404, "Not found");
        }
        String account = decode(parts[1]);
        if (!settings.accounts().contains(account)) {
            return WebResponse.text(404, "Not found");
        }
        String[] tail = java.util.Arrays.copyOfRange(parts, 2, parts.length);
        for (int i = 0; i < tail.length; i++) {
            tail[i] = decode(tail[i]);
        }
        Ctx ctx = new Ctx(ses, ses.account(account), prefix, prefix + "/a/" + account, s.csrf(),
                settings.accounts(), Form.parse(request.query()), form);
        return pages.answer(ctx, method.equals("HEAD") ? "GET" : method, tail);
    }

    private boolean sameOrigin(WebRequest request) {
        Optional<String> origin = request.header("Origin");
        if (origin.isEmpty()) {
            return true;
        }
        Optional<String> host = request.header("Host");
        if (host.isEmpty() || origin.get().equals("null")) {
            return false;
        }
        try {
            URI uri = URI.create(origin.get());
            String authority = uri.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.get());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Optional<Map.Entry<String, Session>> session(WebRequest request) {
        Instant now = ses.clock().instant();
        for (String header : request.headers().getOrDefault("cookie", java.util.List.of())) {
            for (String c : header.split(";")) {
                String[] kv = c.strip().split("=", 2);
                if (kv.length == 2 && kv[0].equals(COOKIE)) {
                    Session s = sessions.get(kv[1]);
                    if (s != null && now.isBefore(s.expiresAt())) {
                        return Optional.of(Map.entry(kv[1], s));
                    }
                    if (s != null) {
                        sessions.remove(kv[1]);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private WebResponse login(Form form) {
        Instant now = ses.clock().instant();
        synchronized (failures) {
            while (!failures.isEmpty() && failures.peekFirst().isBefore(now.minus(Duration.ofMinutes(1)))) {
                failures.removeFirst();
            }
            if (failures.size() >= MAX_FAILURES_PER_MINUTE) {
                return loginPage(429, "Too many failed attempts; wait a minute and try again.");
            }
        }
        if (!Credentials.matches(settings.credential(), form.raw("credential"))) {
            synchronized (failures) {
                failures.addLast(now);
            }
            LOG.info("a console login failed");
            return loginPage(401, "That credential is not the one this console was set up with.");
        }
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
        if (sessions.size() >= MAX_SESSIONS) {
            return loginPage(503, "Too many open sessions; log out elsewhere first.");
        }
        String id = random();
        sessions.put(id, new Session(random(), now.plus(settings.sessionTimeout())));
        return withCookie(redirect(prefix + "/"), COOKIE + "=" + id + "; Path=" + cookiePath() + "; Max-Age="
                + settings.sessionTimeout().toSeconds() + "; HttpOnly; SameSite=Strict"
                + (settings.secureCookies() ? "; Secure" : ""));
    }

    private String cookiePath() {
        return prefix.isEmpty() ? "/" : prefix;
    }

    private WebResponse loginPage(int status, String problem) {
        Html h = new Html();
        h.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ses console: log in</title>")
                .raw("<link rel=\"stylesheet\"").attr("href", prefix + "/static/console.css").raw("></head>")
                .raw("<body class=\"login\"><main><h1>ses console</h1><form method=\"post\"")
                .attr("action", prefix + "/login").raw("><label for=\"credential\">Password or token</label>")
                .raw("<input type=\"password\" id=\"credential\" name=\"credential\" autocomplete=\"current-password\""
                        + " autofocus required>");
        if (!problem.isEmpty()) {
            h.raw("<p class=\"error\" id=\"login-error\">").text(problem).raw("</p>");
        }
        h.raw("<button type=\"submit\">Log in</button></form></main></body></html>");
        return html(status, h.toString());
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    private static WebResponse asset(String name) {
        String type = switch (name) {
            case "console.css" -> "text/css; charset=utf-8";
            case "console.js" -> "text/javascript; charset=utf-8";
            default -> null;
        };
        if (type == null) {
            return WebResponse.text(404, "Not found");
        }
        try (InputStream in = Console.class.getResourceAsStream(name)) {
            if (in == null) {
                return WebResponse.text(404, "Not found");
            }
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", type);
            h.put("Cache-Control", "max-age=3600");
            h.put("X-Content-Type-Options", "nosniff");
            return new WebResponse(200, h, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTML page with the console's security headers. */
    static WebResponse html(int status, String page) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "text/html; charset=utf-8");
        h.put("Content-Security-Policy", CSP);
        h.put("X-Frame-Options", "DENY");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "same-origin");
        h.put("Cache-Control", "no-store");
        return new WebResponse(status, h, page.getBytes(StandardCharsets.UTF_8));
    }

    /** A 303 to a GET of another page. */
    static WebResponse redirect(String location) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Location", location);
        h.put("Cache-Control", "no-store");
        return new WebResponse(303, h, new byte[0]);
    }

    private static WebResponse withCookie(WebResponse r, String cookie) {
        Map<String, String> h = new LinkedHashMap<>(r.headers());
        h.put("Set-Cookie", cookie);
        return new WebResponse(r.status(), h, r.body());
    }
}
