package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A console user over real HTTP (the JDK client): logs in through the form as a browser would, gets and posts. */
final class ConsoleClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private String cookie = "";

    ConsoleClient(WebServer server) {
        this.base = "http://127.0.0.1:" + server.address().getPort();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The CSRF token in a page. */
    static String csrfOf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as(page).isTrue();
        return m.group(1);
    }

    /** Logs in with the credential, keeping the session cookie. */
    ConsoleClient login(String credential) throws Exception {
        HttpResponse<String> form = get("/login");
        String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", loginCookie)
                .POST(HttpRequest.BodyPublishers.ofString("credential=" + enc(credential) + "&csrf="
                        + enc(csrfOf(form.body())))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        return this;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Posts a form as it is, without adding a CSRF token. */
    HttpResponse<String> post(String path, String form) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Posts a form with the CSRF token of the page it is on. */
    HttpResponse<String> submit(String page, String action, String form) throws Exception {
        String token = csrfOf(get(page).body());
        return post(action, form + (form.isEmpty() ? "" : "&") + "csrf=" + enc(token));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        if (!cookie.isEmpty()) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with extra headers and no session cookie. */
    HttpResponse<String> raw(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String base() {
        return base;
    }
}
