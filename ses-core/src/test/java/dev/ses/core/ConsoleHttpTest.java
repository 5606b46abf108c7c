package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.testing.SesFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console over real HTTP (the JDK server on 127.0.0.1, the JDK client): who gets in, the session cookie, the
 * CSRF check, escaping, the security headers, account isolation, and forms refused by the facade.
 */
class ConsoleHttpTest {
    private static final String TOKEN = "console-token-0123456789";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private SesFixture f;
    private WebServer web;
    private String base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() {
        f = SesFixture.create();
        web = f.ses().serveConsole(ConsoleSettings.builder().token(TOKEN).accounts(SesFixture.ACCOUNT)
                .secureCookies(false).build());
        base = "http://127.0.0.1:" + web.address().getPort();
    }

    @AfterEach
    void stop() {
        web.close();
        f.close();
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Posts the login form of the console at {@code url} as a browser would: with the form's cookie and token. */
    private HttpResponse<String> loginAt(String url, String credential) throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(url + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        Matcher m = CSRF.matcher(form.body());
        assertThat(m.find()).as(form.body()).isTrue();
        return http.send(HttpRequest.newBuilder(URI.create(url + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("credential=" + enc(credential) + "&csrf="
                        + enc(m.group(1)))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> loginPost(String credential) throws Exception {
        return loginAt(base, credential);
    }

    /** Logs in and returns the cookie to send. */
    private String login(String credential) throws Exception {
        HttpResponse<String> r = loginPost(credential);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    private String csrf(String cookie, String page) throws Exception {
        Matcher m = CSRF.matcher(get(page, cookie).body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void everyPageNeedsALogin() throws Exception {
        for (String path : new String[] {"/", "/a/test/", "/a/test/domains", "/a/test/tasks/1/progress.json"}) {
            HttpResponse<String> r = get(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).as(path).hasValue("/login");
        }
        assertThat(post("/a/test/templates", null, "name=x").statusCode()).isEqualTo(403);
        assertThat(get("/a/test/", "ses-console=made-up").statusCode()).isEqualTo(303);
        assertThat(get("/static/console.css", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongCredentialGetsNoSessionAndTheRightOneAStrictCookie() throws Exception {
        HttpResponse<String> wrong = loginPost(TOKEN + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("ses-console="));
        assertThat(wrong.body()).contains("id=\"login-error\"");

        HttpResponse<String> right = loginPost(TOKEN);
        assertThat(right.statusCode()).isEqualTo(303);
        String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("ses-console=").contains("HttpOnly", "SameSite=Strict", "Path=/")
                .doesNotContain("Secure");
        HttpResponse<String> home = get("/a/test/", cookie.split(";", 2)[0]);
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Overview");
    }

    @Test
    void cookiesAreSecureByDefault() throws Exception {
        try (WebServer secure = f.ses().serveConsole(ConsoleSettings.builder().token(TOKEN).accounts("test")
                .build())) {
            HttpResponse<String> r = loginAt("http://127.0.0.1:" + secure.address().getPort(), TOKEN);
            assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure", "HttpOnly",
                    "SameSite=Strict");
        }
    }

    @Test
    void aPasswordIsKeptAsAPbkdf2HashAndChecked() throws Exception {
        String hash = ConsoleSettings.hashPassword("correct horse battery");
        assertThat(hash).startsWith("pbkdf2-sha256$310000$").doesNotContain("correct");
        assertThat(ConsoleSettings.hashPassword("correct horse battery")).as("a new salt each time").isNotEqualTo(hash);
        try (WebServer pw = f.ses().serveConsole(ConsoleSettings.builder().passwordHash(hash).accounts("test")
                .secureCookies(false).build())) {
            String url = "http://127.0.0.1:" + pw.address().getPort();
            for (String[] attempt : new String[][] {{"correct horse battery", "303"}, {"correct horse", "401"}}) {
                HttpResponse<String> r = loginAt(url, attempt[0]);
                assertThat(r.statusCode()).as(attempt[0]).isEqualTo(Integer.parseInt(attempt[1]));
            }
        }
        assertThatThrownBy(() -> ConsoleSettings.builder().passwordHash("plain-password")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("passwordHash");
        assertThatThrownBy(() -> ConsoleSettings.builder().token("short")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("token");
        assertThatThrownBy(() -> ConsoleSettings.builder().token(TOKEN).build()).isInstanceOf(
                IllegalStateException.class).hasMessageContaining("accounts");
        assertThatThrownBy(() -> ConsoleSettings.builder().accounts("test").build()).isInstanceOf(
                IllegalStateException.class).hasMessageContaining("credential");
    }

    @Test
    void failedLoginsAreThrottledForAMinute() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(loginPost("wrong-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(loginPost(TOKEN).statusCode()).isEqualTo(429);
        f.clock().advance(Duration.ofSeconds(61));
        assertThat(loginPost(TOKEN).statusCode()).isEqualTo(303);
    }

    @Test
    void aSessionEndsAtItsTimeoutAndAtLogOut() throws Exception {
        String cookie = login(TOKEN);
        f.clock().advance(Duration.ofHours(8).minusSeconds(1));
        assertThat(get("/a/test/", cookie).statusCode()).isEqualTo(200);
        f.clock().advance(Duration.ofSeconds(1));
        assertThat(get("/a/test/", cookie).statusCode()).isEqualTo(303);

        String again = login(TOKEN);
        String token = csrf(again, "/a/test/");
        HttpResponse<String> out = post("/logout", again, "csrf=" + enc(token));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(get("/a/test/", again).statusCode()).isEqualTo(303);
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenChangesNothing() throws Exception {
        String cookie = login(TOKEN);
        String form = "name=welcome&type=HTML&body=" + enc("<p>hi</p>");
        HttpResponse<String> none = post("/a/test/templates", cookie, form);
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("CSRF");
        HttpResponse<String> wrong = post("/a/test/templates", cookie, form + "&csrf=guessed");
        assertThat(wrong.statusCode()).isEqualTo(403);
        String other = csrf(login(TOKEN), "/a/test/");
        assertThat(post("/a/test/templates", cookie, form + "&csrf=" + enc(other)).statusCode())
                .as("another session's token").isEqualTo(403);
        assertThat(f.account().templates().find("welcome")).isEmpty();

        HttpResponse<String> ok = post("/a/test/templates", cookie, form + "&csrf=" + enc(csrf(cookie,
                "/a/test/templates")));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(f.account().templates().find("welcome")).isPresent();
    }

    @Test
    void aPostFromAnotherOriginIsRefused() throws Exception {
        String cookie = login(TOKEN);
        String token = csrf(cookie, "/a/test/");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/a/test/groups"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString("name=g&csrf="
                        + enc(token))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(f.account().groups().find("g")).isEmpty();
    }

    @Test
    void valuesFromTheStoreAreEscapedEverywhere() throws Exception {
        String xss = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";
        long id = f.account().templates().create(xss, TemplateType.HTML, "<p>{{name}}</p>", xss).id();
        f.account().groups().create(xss, xss);
        String cookie = login(TOKEN);
        for (String page : new String[] {"/a/test/templates", "/a/test/templates/" + id, "/a/test/groups",
                "/a/test/tasks"}) {
            String body = get(page, cookie).body();
            assertThat(body).as(page).doesNotContain("<script>alert", "<img src=x").contains(
                    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
        }
    }

    @Test
    void everyPageCarriesAStrictPolicyAndPreviewsAreSandboxed() throws Exception {
        long id = f.account().templates().create("t", TemplateType.HTML,
                "<p>Hi {{name}}</p><script>alert(1)</script>").id();
        String cookie = login(TOKEN);
        for (String page : new String[] {"/login", "/a/test/", "/a/test/domains", "/a/test/domains/"
                + SesFixture.DOMAIN, "/a/test/addresses", "/a/test/templates", "/a/test/templates/" + id,
                "/a/test/groups", "/a/test/tasks", "/a/test/statistics", "/a/test/settings", "/a/test/deliveries",
                "/a/test/blocklist", "/a/test/callbacks", "/a/test/queue", "/a/test/opens", "/a/test/complaints",
                "/a/test/bounces", "/a/test/unsubscriptions"}) {
            HttpResponse<String> r = get(page, cookie);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).as(page).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                    "frame-ancestors 'none'", "form-action 'self'").doesNotContain("unsafe");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.body()).as(page).doesNotContain(" style=", "<script>");
        }
        assertThat(get("/a/test/templates/" + id, cookie).body()).contains("<iframe class=\"preview\" sandbox=\"\"");
        HttpResponse<String> preview = get("/a/test/templates/" + id + "/preview", cookie);
        assertThat(preview.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("sandbox;").contains("default-src 'none'").doesNotContain("script-src");
        assertThat(preview.body()).contains("<p>Hi [name]</p>");
    }

    @Test
    void anAccountTheHostDidNotNameIsNotThere() throws Exception {
        f.ses().account("other").groups().create("secret", "");
        String cookie = login(TOKEN);
        assertThat(get("/a/other/", cookie).statusCode()).isEqualTo(404);
        assertThat(get("/a/other/groups", cookie).statusCode()).isEqualTo(404);
        assertThat(get("/a/test/groups", cookie).body()).doesNotContain("secret");
    }

    @Test
    void aFormTheFacadeRefusesShowsItsMessageNextToTheFieldAndChangesNothing() throws Exception {
        String cookie = login(TOKEN);
        String token = csrf(cookie, "/a/test/templates");
        HttpResponse<String> r = post("/a/test/templates", cookie, "name=&type=HTML&body=x&csrf=" + enc(token));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("<span class=\"error\" id=\"error-name\">name: a template name is required");
        assertThat(f.account().templates().list(PageRequest.first()).total()).isZero();

        HttpResponse<String> bad = post("/a/test/templates", cookie, "name=t&type=HTML&body=" + enc("{{#a}}")
                + "&csrf=" + enc(token));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("id=\"error-body\"").contains("value=\"t\"");
        assertThat(f.account().templates().find("t")).isEmpty();

        HttpResponse<String> domain = post("/a/test/domains", cookie, "domain=" + enc("not a domain") + "&csrf="
                + enc(token));
        assertThat(domain.statusCode()).isEqualTo(422);
        assertThat(domain.body()).contains("id=\"error-domain\"");
        assertThat(f.account().domains().list(PageRequest.first()).total()).isEqualTo(1);
    }

    @Test
    void aTasksProgressIsJsonForTheBar() throws Exception {
        long tpl = f.htmlTemplate("<p>hi</p>");
        RecipientGroup g = f.account().groups().create("g", "");
        f.account().groups().importCsv(g.id(), new java.io.StringReader("email\na@x.test\nb@x.test\n"));
        long task = f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "s")).id();
        String cookie = login(TOKEN);
        assertThat(get("/a/test/tasks/" + task + "/progress.json", cookie).body()).contains("\"percent\":0");
        f.runDueWork();
        HttpResponse<String> r = get("/a/test/tasks/" + task + "/progress.json", cookie);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).contains("\"percent\":100", "\"done\":true", "\"status\":\"COMPLETED\"");
    }
}
