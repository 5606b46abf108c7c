package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.testing.SesFixture;
import dev.ses.core.testing.SimulatedMail;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every refused tracking request (malformed token, unknown message, oversized request, wrong method) is answered
 * with its status, logged exactly once at debug, and changes nothing in the store. The test classpath's SLF4J
 * binding (slf4j-simple, set to debug for these loggers in {@code simplelogger.properties}) writes to
 * {@code System.err}, which the test captures.
 */
class TrackingRefusalsLogTest {
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]*/c/[^\"]*)\"");

    private SesFixture f;
    private WebServer web;
    private String base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void start() {
        f = SesFixture.create();
        web = WebServer.builder(f.ses().trackingEndpoints()).start();
        base = "http://127.0.0.1:" + web.address().getPort() + "/t";
        f.account().trackingSetup().setAccount(TrackingSetup.DEFAULT.withBaseUrl(base));
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(originalErr);
        web.close();
        f.close();
    }

    /** The debug lines written while one request was answered. */
    private List<String> debugLinesOf(String method, String url, String body, int status) throws Exception {
        captured.reset();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s", method, url).isEqualTo(status);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" DEBUG ")).toList();
    }

    @Test
    void eachRefusalIsLoggedOnceAtDebugAndChangesNothing() throws Exception {
        long tpl = f.htmlTemplate("<a href=\"https://shop.example/\">x</a>");
        f.account().send(f.message(tpl, "hi").to("ann@acme.test").tracking(MessageTracking.BULK).build());
        f.runDueWork();
        SimulatedMail m = f.simulator().mailbox("ann@acme.test").get(0);
        Matcher href = HREF.matcher(m.html().orElseThrow());
        assertThat(href.find()).isTrue();
        String click = href.group(1);
        String unsubscribe = m.headers().get("List-Unsubscribe");
        unsubscribe = unsubscribe.substring(1, unsubscribe.indexOf('>'));
        String copy = click.substring(click.lastIndexOf('/') + 1, click.lastIndexOf('.'));
        String keyId = copy.substring(0, copy.indexOf('.'));
        int events = f.store().events().ofMessage(SesFixture.ACCOUNT, m.sendId()).size();

        record Refusal(String what, String method, String url, String body, int status) {
        }
        String pixel = base + "/o/" + copy;
        List<Refusal> refusals = List.of(
                new Refusal("malformed token", "GET", base + "/c/not-a-token", "", 404),
                new Refusal("changed signature", "GET", base + "/o/" + copy.substring(0, copy.length() - 1)
                        + (copy.endsWith("A") ? "B" : "A"), "", 404),
                new Refusal("unknown message", "GET", base + "/o/" + new dev.ses.core.internal.tracking.TrackingTokens(
                        f.store().tracking().keys(), keyId).sign(dev.ses.core.internal.tracking.TrackingTokens.Kind.OPEN,
                        987_654, "ann@acme.test", 0), "", 404),
                new Refusal("link number outside the copy", "GET", base + "/c/" + copy + ".7", "", 404),
                new Refusal("oversized URL", "GET", base + "/c/" + "a".repeat(3_000), "", 414),
                new Refusal("oversized path", "GET", base + "/c/" + "a".repeat(1_100), "", 414),
                new Refusal("oversized body", "POST", unsubscribe, "x".repeat(70_000), 413),
                new Refusal("wrong method at the pixel", "POST", pixel, "", 405),
                new Refusal("wrong method at a click", "DELETE", click, "", 405),
                new Refusal("wrong method at unsubscribe", "PUT", unsubscribe, "", 405),
                new Refusal("no endpoint", "GET", base + "/x/abc", "", 404));
        for (Refusal r : refusals) {
            assertThat(debugLinesOf(r.method(), r.url(), r.body(), r.status())).as(r.what()).hasSize(1);
        }

        assertThat(f.store().events().ofMessage(SesFixture.ACCOUNT, m.sendId())).hasSize(events);
        assertThat(f.store().blocklist().unsubscribed(SesFixture.ACCOUNT, SesFixture.DOMAIN,
                List.of("ann@acme.test"))).isEmpty();
        assertThat(f.account().deliveries().byMessage(m.sendId()).get(0).opened()).isFalse();
        // An accepted hit logs nothing at debug.
        assertThat(debugLinesOf("GET", pixel, "", 200)).isEmpty();
    }
}
