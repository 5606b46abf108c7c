package dev.ses.core.internal.console;

import dev.ses.core.ConsoleSettings;
import dev.ses.core.Ses;
import dev.ses.core.WebHandler;
import dev.ses.core.WebRequest;
import dev.ses.core.WebResponse;
import dev.ses.core.spi.ConsoleAuthenticator;
import dev.ses.core.spi.ConsolePrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * value that slipped past escaping could still run nothing. Failed logins are throttled (five a minute), and the
 * login form carries a token of its own (in a cookie and in the form), so another site cannot log a browser into a
 * session it chose. Under the host's authentication ({@link ConsoleSettings#hostAuthentication()}) the host's
 * authenticator replaces the login and the session: each request is asked about, the accounts shown are those both
 * it and the settings name, and the CSRF token is a keyed digest of the principal's name. The
 * referrer policy is {@code same-origin}, not {@code no-referrer}: under the latter browsers send
 * {@code Origin: null} with every form, and the origin check could not tell the console's forms from others.
 */
public final class Console implements WebHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    static final String COOKIE = "ses-console";
    static final String LOGIN_COOKIE = "ses-console-login";
    private static final java.util.regex.Pattern TOKEN_SHAPE = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{43}");
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
    private final byte[] formKey = new byte[32];

    /** A session: its CSRF token and when it ends. */
    record Session(String csrf, Instant expiresAt) {
    }

    public Console(Ses ses, ConsoleSettings settings) {
        this.ses = ses;
        this.settings = settings;
        this.prefix = settings.pathPrefix();
        this.pages = new Pages(ses);
        RANDOM.nextBytes(formKey);
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
        if (settings.hostAuthentication().isPresent()) {
            return asHost(request, rest, method, form, settings.hostAuthentication().get());
        }
        if (rest.equals("/login")) {
            return method.equals("POST") ? login(request, form) : loginPage(request, 200, "");
        }
        Optional<Map.Entry<String, Session>> session = session(request);
        if (session.isEmpty()) {
            return method.equals("GET") ? redirect(prefix + "/login") : WebResponse.text(403,
                    "Forbidden: log in first");
        }
        Session s = session.get().getValue();
        if (method.equals("POST") && !sameToken(s.csrf(), form.raw("csrf"))) {
            return WebResponse.text(403, "Forbidden: the form's CSRF token is missing or wrong; reload the page");
        }
        if (rest.equals("/logout") && method.equals("POST")) {
            sessions.remove(session.get().getKey());
            return redirect(prefix + "/login").withHeader("Set-Cookie", COOKIE + "=; Path=" + cookiePath()
                    + "; Max-Age=0; HttpOnly; SameSite=Strict" + (settings.secureCookies() ? "; Secure" : ""));
        }
        return accountPage(request, rest, method, form, s.csrf(), settings.accounts());
    }

    /**
     * A request under the host's authentication: no login and no session of the console's own; the CSRF token is a
     * keyed digest of the principal's name, so it is the same on every page for that user and unknown to others.
     */
    private WebResponse asHost(WebRequest request, String rest, String method, Form form, ConsoleAuthenticator auth) {
        Optional<ConsolePrincipal> principal = auth.authenticate(request);
        if (principal.isEmpty()) {
            return WebResponse.text(403, "Forbidden: the host did not let this request in");
        }
        List<String> allowed = settings.accounts().stream().filter(principal.get().accounts()::contains).toList();
        if (allowed.isEmpty()) {
            return WebResponse.text(403, "Forbidden: no account of this console is open to "
                    + principal.get().name());
        }
        String csrf = hostToken(principal.get().name());
        if (method.equals("POST") && !sameToken(csrf, form.raw("csrf"))) {
            return WebResponse.text(403, "Forbidden: the form's CSRF token is missing or wrong; reload the page");
        }
        if (rest.equals("/login") || rest.equals("/logout")) {
            return WebResponse.text(404, "Not found: the host's own login applies");
        }
        return accountPage(request, rest, method, form, csrf, allowed);
    }

    private WebResponse accountPage(WebRequest request, String rest, String method, Form form, String csrf,
                                    List<String> accounts) {
        if (rest.equals("/")) {
            return redirect(prefix + "/a/" + accounts.get(0) + "/");
        }
        String[] parts = rest.substring(1).split("/", -1);
        if (parts.length < 2 || !parts[0].equals("a")) {
            return WebResponse.text(404, "Not found");
        }
        String account = decode(parts[1]);
        if (!accounts.contains(account)) {
            return WebResponse.text(404, "Not found");
        }
        String[] tail = java.util.Arrays.copyOfRange(parts, 2, parts.length);
        for (int i = 0; i < tail.length; i++) {
            tail[i] = decode(tail[i]);
        }
        Ctx ctx = new Ctx(ses, ses.account(account), prefix, prefix + "/a/" + account, csrf, accounts,
                Form.parse(request.query()), form, settings.hostAuthentication().isEmpty());
        return pages.answer(ctx, method.equals("HEAD") ? "GET" : method, tail);
    }

    private static boolean sameToken(String expected, String sent) {
        return !sent.isEmpty() && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8));
    }

    private String hostToken(String principal) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(formKey, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(("csrf\n" + principal)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
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
        for (String header : request.headers().getOrDefault("cookie", List.of())) {
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

    private static Optional<String> cookie(WebRequest request, String name) {
        for (String header : request.headers().getOrDefault("cookie", List.of())) {
            for (String c : header.split(";")) {
                String[] kv = c.strip().split("=", 2);
                if (kv.length == 2 && kv[0].equals(name)) {
                    return Optional.of(kv[1]);
                }
            }
        }
        return Optional.empty();
    }

    private WebResponse login(WebRequest request, Form form) {
        Instant now = ses.clock().instant();
        Optional<String> loginCookie = cookie(request, LOGIN_COOKIE);
        if (loginCookie.isEmpty() || !sameToken(loginCookie.get(), form.raw("csrf"))) {
            return loginPage(request, 403, "The login form expired or did not come from this console; log in "
                    + "again.");
        }
        synchronized (failures) {
            while (!failures.isEmpty() && failures.peekFirst().isBefore(now.minus(Duration.ofMinutes(1)))) {
                failures.removeFirst();
            }
            if (failures.size() >= MAX_FAILURES_PER_MINUTE) {
                return loginPage(request, 429, "Too many failed attempts; wait a minute and try again.");
            }
        }
        if (!Credentials.matches(settings.credential(), form.raw("credential"))) {
            synchronized (failures) {
                failures.addLast(now);
            }
            LOG.info("a console login failed");
            return loginPage(request, 401, "That credential is not the one this console was set up with.");
        }
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
        if (sessions.size() >= MAX_SESSIONS) {
            return loginPage(request, 503, "Too many open sessions; log out elsewhere first.");
        }
        String id = random();
        sessions.put(id, new Session(random(), now.plus(settings.sessionTimeout())));
        return redirect(prefix + "/").withHeader("Set-Cookie", COOKIE + "=" + id + "; Path=" + cookiePath()
                + "; Max-Age=" + settings.sessionTimeout().toSeconds() + "; HttpOnly; SameSite=Strict"
                + (settings.secureCookies() ? "; Secure" : ""));
    }

    private String cookiePath() {
        return prefix.isEmpty() ? "/" : prefix;
    }

    /**
     * The login form, with a token of its own in a cookie and in the form (double submit): a page of another site
     * cannot read the cookie, so it cannot post a login that logs the browser into a session it chose.
     */
    private WebResponse loginPage(WebRequest request, int status, String problem) {
        // A browser that holds the form's cookie keeps it: a second GET of this page (its favicon's redirect, a
        // second tab) must not change the token under a form already shown.
        String token = cookie(request, LOGIN_COOKIE).filter(t -> TOKEN_SHAPE.matcher(t).matches())
                .orElseGet(Console::random);
        Html h = new Html();
        h.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ses console: log in</title>")
                .raw("<link rel=\"stylesheet\"").attr("href", prefix + "/static/console.css").raw("></head>")
                .raw("<body class=\"login\"><main><h1>ses console</h1><form method=\"post\"")
                .attr("action", prefix + "/login").raw(">").hidden("csrf", token)
                .raw("<label for=\"credential\">Password or token</label>")
                .raw("<input type=\"password\" id=\"credential\" name=\"credential\" autocomplete=\"current-password\""
                        + " autofocus required>");
        if (!problem.isEmpty()) {
            h.raw("<p class=\"error\" id=\"login-error\">").text(problem).raw("</p>");
        }
        h.raw("<button type=\"submit\">Log in</button></form></main></body></html>");
        return html(status, h.toString()).withHeader("Set-Cookie", LOGIN_COOKIE + "=" + token + "; Path="
                + cookiePath() + "; Max-Age=3600; HttpOnly; SameSite=Strict"
                + (settings.secureCookies() ? "; Secure" : ""));
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
}
