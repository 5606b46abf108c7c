package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.testing.SesFixture;
import dev.ses.core.testing.SimulatedMail;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tracking and unsubscribing end to end: messages rendered with their pixel, rewritten links and unsubscribe
 * headers, and a real HTTP client against the JDK server on 127.0.0.1.
 */
class TrackingOverHttpTest {
    private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.0";
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");
    private static final Pattern PIXEL = Pattern.compile("<img src=\"([^\"]*/o/[^\"]*)\"");

    private SesFixture f;
    private WebServer web;
    private String base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() {
        f = SesFixture.create();
        web = WebServer.builder(f.ses().trackingEndpoints()).start();
        base = "http://127.0.0.1:" + web.address().getPort() + "/t";
        f.account().trackingSetup().setAccount(TrackingSetup.DEFAULT.withBaseUrl(base));
        // A person's clicks come later than a scanner's: past the link scanner window of the delivery.
    }

    @AfterEach
    void stop() {
        web.close();
        f.close();
    }

    private SimulatedMail sendHtml(String html, String to, MessageTracking tracking) {
        long tpl = f.htmlTemplate(html);
        f.account().send(f.message(tpl, "hi").to(to).tracking(tracking).build());
        f.runDueWork();
        List<SimulatedMail> box = f.simulator().mailbox(to);
        return box.get(box.size() - 1);
    }

    private HttpResponse<byte[]> get(String url, String agent) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", agent).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> send(String method, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", BROWSER)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String pixel(SimulatedMail m) {
        Matcher matcher = PIXEL.matcher(m.html().orElseThrow());
        assertThat(matcher.find()).as("a pixel in %s", m.html()).isTrue();
        return matcher.group(1);
    }

    private static List<String> hrefs(SimulatedMail m) {
        return HREF.matcher(m.html().orElseThrow()).results().map(r -> r.group(1).replace("&amp;", "&")).toList();
    }

    private List<SesEvent> events(SimulatedMail m) {
        return f.store().events().ofMessage(SesFixture.ACCOUNT, m.sendId()).stream().map(LoggedEvent::event)
                .toList();
    }

    private static String unsubscribeUrl(SimulatedMail m) {
        String header = m.headers().get("List-Unsubscribe");
        assertThat(header).isNotNull();
        return header.substring(1, header.indexOf('>'));
    }

    @Test
    void thePixelIsA43ByteGifThatIsNeverCachedAndRecordsOneOpen() throws Exception {
        SimulatedMail m = sendHtml("<p>Hello</p>", "ann@acme.test", MessageTracking.DEFAULT);
        f.clock().advance(Duration.ofMinutes(5));

        HttpResponse<byte[]> r = get(pixel(m), BROWSER);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).hasSize(43).startsWith("GIF89a".getBytes(StandardCharsets.US_ASCII));
        assertThat(r.headers().firstValue("Content-Type")).contains("image/gif");
        assertThat(r.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store").contains("no-cache");
        assertThat(events(m)).filteredOn(e -> e.type() == EventType.OPENED).singleElement().satisfies(e -> {
            assertThat(e.reader()).contains(ReaderKind.HUMAN);
            assertThat(e.first()).isTrue();
            assertThat(e.userAgent()).contains(BROWSER);
            assertThat(e.ip()).as("dropped by default").isEmpty();
        });
        assertThat(f.account().deliveries().byMessage(m.sendId()).get(0).opened()).isTrue();
    }

    @Test
    void aClickRedirectsToExactlyTheLinkOfTheMessageAndImpliesAnOpen() throws Exception {
        String target = "https://shop.example/offer?a=1&b=%20x#top";
        SimulatedMail m = sendHtml("<p><a href=\"" + target.replace("&", "&amp;") + "\">offer</a>"
                + " <a href=\"mailto:help@acme.test\">mail</a> <a href=\"tel:+15550100\">call</a>"
                + " <a href=\"#here\">here</a> <a data-ses-notrack href=\"https://keep.example/x\">kept</a></p>",
                "ann@acme.test", MessageTracking.DEFAULT);
        List<String> hrefs = hrefs(m);
        assertThat(hrefs).hasSize(5);
        assertThat(hrefs.get(0)).startsWith(base + "/c/");
        assertThat(hrefs.subList(1, 5)).containsExactly("mailto:help@acme.test", "tel:+15550100", "#here",
                "https://keep.example/x");
        assertThat(m.html().orElseThrow()).doesNotContain("data-ses-notrack");
        assertThat(m.text()).contains(hrefs.get(0)).doesNotContain("shop.example").contains("https://keep.example/x");
        f.clock().advance(Duration.ofMinutes(5));

        HttpResponse<byte[]> r = get(hrefs.get(0), BROWSER);

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).contains(target);
        assertThat(events(m)).extracting(SesEvent::type).containsExactly(EventType.QUEUED, EventType.DELIVERED,
                EventType.OPENED, EventType.CLICKED);
        assertThat(events(m).get(3).link()).contains(target);
        assertThat(events(m).get(3).first()).isTrue();
    }

    @Test
    void aTamperedTruncatedOrForeignTokenNeverRedirectsAndChangesNothing() throws Exception {
        SimulatedMail m = sendHtml("<a href=\"https://shop.example/\">x</a>", "ann@acme.test",
                MessageTracking.DEFAULT);
        String click = hrefs(m).get(0);
        String token = click.substring(click.lastIndexOf('/') + 1);
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        String pixelToken = pixel(m).substring(pixel(m).lastIndexOf('/') + 1);
        int before = events(m).size();

        for (String bad : List.of(base + "/c/" + tampered, base + "/c/" + token.substring(0, token.length() - 3),
                base + "/c/" + pixelToken, base + "/c/zz." + token.substring(token.indexOf('.') + 1),
                base + "/c/%00%01", base + "/c/")) {
            HttpResponse<byte[]> r = get(bad, BROWSER);
            assertThat(r.statusCode()).as(bad).isEqualTo(404);
            assertThat(r.headers().firstValue("Location")).as(bad).isEmpty();
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("Exception");
        }
        assertThat(events(m)).hasSize(before);
        assertThat(f.account().deliveries().byMessage(m.sendId()).get(0).clicked()).isFalse();
    }

    @Test
    void aClickFindsTheLinkItWasSentWithWhateverTheSetupAndSwitchesSayLater() throws Exception {
        SimulatedMail m = sendHtml("<a href=\"https://shop.example/a?x=1&amp;y=2\">a</a>"
                + "<a href=\"https://shop.example/b\">b</a>", "ann@acme.test", MessageTracking.DEFAULT);
        List<String> clicks = hrefs(m);
        f.clock().advance(Duration.ofMinutes(5));

        // The account drops its tracking domain and stops counting clicks after the copy was sent.
        f.account().trackingSetup().setAccount(TrackingSetup.DEFAULT);
        f.account().statistics().settings().setAccount(new TrackingSettings(false, false));

        HttpResponse<byte[]> second = get(clicks.get(1), BROWSER);
        assertThat(second.statusCode()).isEqualTo(302);
        assertThat(second.headers().firstValue("Location")).contains("https://shop.example/b");
        assertThat(get(clicks.get(0), BROWSER).headers().firstValue("Location"))
                .contains("https://shop.example/a?x=1&y=2");
        assertThat(get(pixel(m), BROWSER).statusCode()).isEqualTo(200);
        assertThat(events(m)).filteredOn(e -> e.type() == EventType.CLICKED).extracting(e -> e.link().orElseThrow())
                .containsExactly("https://shop.example/b", "https://shop.example/a?x=1&y=2");
    }

    @Test
    void aClickUrlIsTheCopysOneTokenAndItsLinkNumberWhichCanOnlyLeadToAnotherLinkOfThatCopy() throws Exception {
        SimulatedMail m = sendHtml("<a href=\"https://shop.example/a\">a</a><a href=\"https://shop.example/b\">b</a>",
                "ann@acme.test", MessageTracking.DEFAULT);
        List<String> clicks = hrefs(m);
        String copy = clicks.get(0).substring(0, clicks.get(0).lastIndexOf('.'));
        assertThat(clicks).containsExactly(copy + ".0", copy + ".1");
        assertThat(pixel(m)).isEqualTo(copy.replace("/c/", "/o/"));
        f.clock().advance(Duration.ofMinutes(5));
        int before = events(m).size();

        String token = copy.substring(copy.lastIndexOf('/') + 1);
        int signatureAt = token.lastIndexOf('.') + 1;
        String otherSignature = token.substring(0, signatureAt) + (token.charAt(signatureAt) == 'A' ? 'B' : 'A')
                + token.substring(signatureAt + 1);
        for (String bad : List.of(copy + ".2", copy + ".01", copy + ".-1", copy + ".1.1", copy + ".",
                base + "/c/" + otherSignature + ".1", pixel(m) + ".0", copy.replace("/c/", "/u/"))) {
            HttpResponse<byte[]> r = get(bad, BROWSER);
            assertThat(r.statusCode()).as(bad).isEqualTo(404);
            assertThat(r.headers().firstValue("Location")).as(bad).isEmpty();
        }
        assertThat(events(m)).hasSize(before);
        assertThat(get(copy + ".1", BROWSER).headers().firstValue("Location")).contains("https://shop.example/b");
    }

    @Test
    void theTokensOfMailSentBeforeCopyTokensStillWork() throws Exception {
        SimulatedMail m = sendHtml("<a href=\"https://shop.example/a\">a</a><a href=\"https://shop.example/b\">b</a>",
                "ann@acme.test", MessageTracking.DEFAULT);
        f.clock().advance(Duration.ofMinutes(5));
        List<dev.ses.core.spi.TrackingKey> keys = f.store().tracking().keys();
        dev.ses.core.internal.tracking.TrackingTokens tokens = new dev.ses.core.internal.tracking.TrackingTokens(
                keys, keys.get(keys.size() - 1).id());
        long row = Long.parseLong(m.messageId().replaceAll("^<?[^.]+\\.([0-9]+)@.*$", "$1"));

        HttpResponse<byte[]> click = get(base + "/c/" + tokens.sign(
                dev.ses.core.internal.tracking.TrackingTokens.Kind.CLICK, row, "ann@acme.test", 1), BROWSER);
        assertThat(click.statusCode()).isEqualTo(302);
        assertThat(click.headers().firstValue("Location")).contains("https://shop.example/b");
        assertThat(get(base + "/o/" + tokens.sign(dev.ses.core.internal.tracking.TrackingTokens.Kind.OPEN, row,
                "ann@acme.test", 0), BROWSER).statusCode()).isEqualTo(200);
        assertThat(events(m)).filteredOn(e -> e.type() == EventType.CLICKED).extracting(e -> e.link().orElseThrow())
                .containsExactly("https://shop.example/b");
    }

    @Test
    void getShowsAButtonThatPostsAndOnlyPostUnsubscribesOnceAndAtOnce() throws Exception {
        SimulatedMail m = sendHtml("<p>news</p>", "ann@acme.test", MessageTracking.BULK);
        String header = m.headers().get("List-Unsubscribe");
        assertThat(header).matches("<" + Pattern.quote(base) + "/u/[^>]+>, <mailto:unsubscribe\\+[^>]+@"
                + Pattern.quote(SesFixture.DOMAIN) + ">");
        String url = unsubscribeUrl(m);

        HttpResponse<byte[]> page = get(url, BROWSER);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<form method=\"post\"")
                .contains("<button");
        assertThat(f.store().blocklist().unsubscribed(SesFixture.ACCOUNT, SesFixture.DOMAIN,
                List.of("ann@acme.test"))).as("a GET never unsubscribes").isEmpty();

        HttpResponse<byte[]> first = send("POST", url, "List-Unsubscribe=One-Click");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Location")).isEmpty();
        // At once: the store shows it when the response is out, before any pump.
        assertThat(f.store().blocklist().unsubscribed(SesFixture.ACCOUNT, SesFixture.DOMAIN,
                List.of("ann@acme.test"))).containsExactly("ann@acme.test");
        assertThat(send("POST", url, "").statusCode()).isEqualTo(200);
        assertThat(events(m)).filteredOn(e -> e.type() == EventType.UNSUBSCRIBED).hasSize(1);

        long tpl = f.htmlTemplate("<p>more</p>");
        String again = f.account().send(f.message(tpl, "more").to("ann@acme.test").build()).messageId();
        f.runDueWork();
        assertThat(f.account().deliveries().byMessage(again).get(0).state()).isEqualTo(MessageState.REJECTED);
    }

    @Test
    void anAccountWideScopeStopsEveryDomainOfTheAccount() throws Exception {
        f.account().trackingSetup().setAccount(TrackingSetup.DEFAULT.withBaseUrl(base)
                .withUnsubscribeScope(UnsubscribeScope.ACCOUNT));
        SimulatedMail m = sendHtml("<p>news</p>", "ann@acme.test", MessageTracking.BULK);

        assertThat(send("POST", unsubscribeUrl(m), "List-Unsubscribe=One-Click").statusCode()).isEqualTo(200);

        assertThat(f.store().blocklist().unsubscribed(SesFixture.ACCOUNT, "", List.of("ann@acme.test")))
                .containsExactly("ann@acme.test");
        long tpl = f.htmlTemplate("<p>more</p>");
        String again = f.account().send(f.message(tpl, "more").to("ann@acme.test").build()).messageId();
        f.runDueWork();
        DeliveryStatus status = f.account().deliveries().byMessage(again).get(0);
        assertThat(status.state()).isEqualTo(MessageState.REJECTED);
    }

    @Test
    void wrongMethodsOversizedRequestsAndUnknownPathsAreRefused() throws Exception {
        SimulatedMail m = sendHtml("<a href=\"https://shop.example/\">x</a>", "ann@acme.test", MessageTracking.BULK);
        int before = events(m).size();

        HttpResponse<byte[]> post = send("POST", pixel(m), "");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(send("PUT", unsubscribeUrl(m), "").statusCode()).isEqualTo(405);
        assertThat(send("DELETE", hrefs(m).get(0), "").statusCode()).isEqualTo(405);
        assertThat(get(base + "/c/" + "a".repeat(3000), BROWSER).statusCode()).isEqualTo(414);
        assertThat(send("POST", unsubscribeUrl(m), "x".repeat(70_000)).statusCode()).isEqualTo(413);
        assertThat(get(base + "/x/abc", BROWSER).statusCode()).isEqualTo(404);
        assertThat(get("http://127.0.0.1:" + web.address().getPort() + "/", BROWSER).statusCode()).isEqualTo(404);

        assertThat(events(m)).hasSize(before);
        assertThat(f.store().blocklist().unsubscribed(SesFixture.ACCOUNT, SesFixture.DOMAIN,
                List.of("ann@acme.test"))).isEmpty();
    }

    @Test
    void machinesAreLabelledAndAFloodOfHitsIsOneUniqueOpen() throws Exception {
        SimulatedMail m = sendHtml("<a href=\"https://shop.example/\">x</a>", "ann@acme.test",
                MessageTracking.DEFAULT);
        String click = hrefs(m).get(0);

        // Within seconds of delivery: a scanner following every link.
        assertThat(get(click, BROWSER).statusCode()).isEqualTo(302);
        HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(URI.create(click))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(302);
        f.clock().advance(Duration.ofMinutes(1));
        get(pixel(m), "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)");
        f.clock().advance(Duration.ofMillis(1));
        get(pixel(m), "Mozilla/5.0");
        f.clock().advance(Duration.ofMillis(1));
        get(click, "Mozilla/5.0 (compatible; Barracuda Sentinel)");
        for (int i = 0; i < 30; i++) {
            f.clock().advance(Duration.ofMillis(1));
            assertThat(get(pixel(m), BROWSER).statusCode()).isEqualTo(200);
        }

        List<SesEvent> readings = events(m).stream()
                .filter(e -> e.type() == EventType.OPENED || e.type() == EventType.CLICKED).toList();
        assertThat(readings.subList(0, 5)).extracting(SesEvent::type, e -> e.reader().orElseThrow(), SesEvent::first)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(EventType.CLICKED, ReaderKind.LINK_SCANNER, false),
                        org.assertj.core.groups.Tuple.tuple(EventType.CLICKED, ReaderKind.LINK_SCANNER, false),
                        org.assertj.core.groups.Tuple.tuple(EventType.OPENED, ReaderKind.GMAIL_IMAGE_PROXY, false),
                        org.assertj.core.groups.Tuple.tuple(EventType.OPENED, ReaderKind.APPLE_PRIVACY_PREFETCH,
                                false),
                        org.assertj.core.groups.Tuple.tuple(EventType.CLICKED, ReaderKind.LINK_SCANNER, false));
        assertThat(readings).filteredOn(SesEvent::first).singleElement()
                .satisfies(e -> assertThat(e.reader()).contains(ReaderKind.HUMAN));
        assertThat(f.account().deliveries().byMessage(m.sendId()).get(0).clicked()).as("machines only").isFalse();

        f.runDueWork();
        TrackingStats stats = f.account().statistics().tracking(StatisticsQuery.between(
                java.time.LocalDate.parse("2026-01-01"), java.time.LocalDate.parse("2026-01-31"))).total();
        assertThat(stats.uniqueOpens()).isEqualTo(1);
        assertThat(stats.opens()).isEqualTo(30);
        assertThat(stats.machineOpens()).isEqualTo(2);
        assertThat(stats.machineClicks()).isEqualTo(3);
        assertThat(stats.uniqueClicks()).isZero();
    }

    @Test
    void theReaderAddressIsKeptOnlyWhenTheHostAsks() throws Exception {
        try (SesFixture kept = SesFixture.create(b -> b.keepReaderIp(true));
             WebServer server = WebServer.builder(kept.ses().trackingEndpoints()).start()) {
            String url = "http://127.0.0.1:" + server.address().getPort();
            kept.account().trackingSetup().setAccount(TrackingSetup.DEFAULT.withBaseUrl(url));
            long tpl = kept.htmlTemplate("<p>x</p>");
            kept.account().send(kept.message(tpl, "hi").to("ann@acme.test").build());
            kept.runDueWork();
            SimulatedMail m = kept.simulator().mailbox("ann@acme.test").get(0);

            assertThat(get(pixel(m), BROWSER).statusCode()).isEqualTo(200);

            assertThat(kept.store().events().ofMessage(SesFixture.ACCOUNT, m.sendId()).stream()
                    .map(LoggedEvent::event).filter(e -> e.type() == EventType.OPENED).findFirst().orElseThrow().ip())
                    .contains("127.0.0.1");
        }
    }

    @Test
    void theServerSendsItsSmallResponsesAtOnceUnlessTheHostSaidOtherwise() {
        // Set when WebServer is loaded: headers and body are two segments, and Nagle would hold the second.
        assertThat(System.getProperty(WebServer.NODELAY)).isEqualTo("true");
    }

    @Test
    void aServerOnTheHostsPoolLeavesThePoolRunningWhenItCloses() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            SimulatedMail m = sendHtml("<p>x</p>", "ann@acme.test", MessageTracking.DEFAULT);
            String path = URI.create(pixel(m)).getRawPath();
            try (WebServer own = WebServer.builder(f.ses().trackingEndpoints()).executor(pool).start()) {
                assertThat(get("http://127.0.0.1:" + own.address().getPort() + path, BROWSER).statusCode())
                        .isEqualTo(200);
            }
            assertThat(pool.isShutdown()).isFalse();
            assertThat(pool.submit(() -> 42).get()).isEqualTo(42);
        } finally {
            pool.shutdownNow();
        }
    }
}
