package dev.ses.core;

import static dev.ses.core.ConsoleClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.spi.ConsolePrincipal;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.SesFixture;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's delivery response lists, callback addresses, group members, queue status, CSV downloads, resend,
 * batch statistics settings, the login form's token and the host's authentication, over real HTTP.
 */
class ConsolePagesTest {
    private static final String TOKEN = "console-token-0123456789";
    private static final String XSS = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    private static final String XSS_ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x "
            + "onerror=alert(1)&gt;";

    private final CallbackReceiver receiver = CallbackReceiver.start();
    private SesFixture f;
    private WebServer web;
    private ConsoleClient user;

    @BeforeEach
    void start() throws Exception {
        f = SesFixture.create(b -> b.callbacks(CallbackPolicy.defaults().withPorts(Set.of(receiver.port()))
                .withLoopbackAllowed(true).withRetrySchedule(List.of())));
        web = f.ses().serveConsole(ConsoleSettings.builder().token(TOKEN).accounts(SesFixture.ACCOUNT)
                .secureCookies(false).build());
        user = new ConsoleClient(web).login(TOKEN);
    }

    @AfterEach
    void stop() {
        web.close();
        f.close();
        receiver.close();
    }

    private void send(String to) {
        long tpl = f.textTemplate("Hello {{name}}");
        f.account().send(f.message(tpl, "Hi").to(to).variable("name", "Ann").build());
    }

    private String body(String path) throws Exception {
        HttpResponse<String> r = user.get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void bouncesComplaintsAndUnsubscriptionsAreListedEscapedAndAnUnsubscriptionIsWithdrawn() throws Exception {
        f.simulator().rule("xss@example.org").reply(550, "5.1.1 " + XSS);
        send("xss@example.org");
        send("bounce@" + MailboxSimulator.DOMAIN);
        send("complaint@" + MailboxSimulator.DOMAIN);
        f.runDueWork();
        f.runDueWork();

        String bounces = body("/a/test/bounces");
        assertThat(bounces).contains("id=\"bounces\"", "bounce@" + MailboxSimulator.DOMAIN, "xss@example.org",
                XSS_ESCAPED).doesNotContain("<script>alert", "<img src=x");
        assertThat(body("/a/test/complaints")).contains("complaint@" + MailboxSimulator.DOMAIN)
                .doesNotContain("bounce@" + MailboxSimulator.DOMAIN);
        assertThat(body("/a/test/bounces?senderDomain=" + SesFixture.DOMAIN + "&recipientDomain=example.org"))
                .contains("xss@example.org").doesNotContain("bounce@" + MailboxSimulator.DOMAIN);

        HttpResponse<String> bad = user.get("/a/test/bounces?from=yesterday");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("id=\"error-from\"", "from: a day such as");

        String unsubscriptions = body("/a/test/unsubscriptions");
        assertThat(unsubscriptions).contains("complaint@" + MailboxSimulator.DOMAIN);
        String form = "senderDomain=" + enc(SesFixture.DOMAIN) + "&address=" + enc("complaint@"
                + MailboxSimulator.DOMAIN);
        HttpResponse<String> forged = user.post("/a/test/unsubscriptions/withdraw", form);
        assertThat(forged.statusCode()).as("a POST without the CSRF token").isEqualTo(403);
        assertThat(body("/a/test/unsubscriptions")).contains("complaint@" + MailboxSimulator.DOMAIN);

        HttpResponse<String> ok = user.submit("/a/test/unsubscriptions", "/a/test/unsubscriptions/withdraw", form);
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(body("/a/test/unsubscriptions")).doesNotContain("complaint@" + MailboxSimulator.DOMAIN);
        HttpResponse<String> again = user.submit("/a/test/unsubscriptions", "/a/test/unsubscriptions/withdraw",
                form);
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(again.body()).contains("had not unsubscribed");
    }

    @Test
    void opensAndClicksAreListed() throws Exception {
        f.simulator().rule("reader@example.org").deliver().thenOpen(Duration.ZERO);
        send("reader@example.org");
        f.runDueWork();
        f.runDueWork();
        assertThat(body("/a/test/opens")).contains("id=\"opens\"", "reader@example.org", "OPENED");
    }

    @Test
    void aListDownloadsAsCsvStreamedWithItsFilters() throws Exception {
        send("bounce@" + MailboxSimulator.DOMAIN);
        send("bounce+2@" + MailboxSimulator.DOMAIN);
        f.runDueWork();
        assertThat(body("/a/test/bounces")).contains("href=\"/a/test/bounces.csv\"");

        HttpResponse<String> csv = user.get("/a/test/bounces.csv?recipientDomain=" + MailboxSimulator.DOMAIN);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("bounces.csv");
        assertThat(csv.headers().firstValue("Content-Length")).as("streamed, so chunked").isEmpty();
        assertThat(csv.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("type,time_ms,time,message_id").endsWith("bounce_type,reply,enhanced_code");
        assertThat(lines.subList(1, 3)).allMatch(l -> l.startsWith("BOUNCED,"));

        assertThat(user.get("/a/test/bounces.csv?recipientDomain=nowhere.example").body().lines()).hasSize(1);
        HttpResponse<String> bad = user.get("/a/test/bounces.csv?from=nonsense");
        assertThat(bad.statusCode()).as("a bad filter is a page, not a file").isEqualTo(422);
        assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");

        for (String page : List.of("/a/test/complaints.csv", "/a/test/opens.csv", "/a/test/unsubscriptions.csv",
                "/a/test/deliveries.csv", "/a/test/queue.csv", "/a/test/queue-activity.csv",
                "/a/test/statistics-sending.csv", "/a/test/statistics-tracking.csv")) {
            HttpResponse<String> r = user.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(page).hasValue("text/csv; charset=utf-8");
            assertThat(r.body().lines().findFirst().orElse("")).as(page).contains(",");
        }
        assertThat(user.get("/a/test/deliveries.csv").body().lines()).as("header and two copies").hasSize(3);
        assertThat(user.get("/a/test/statistics-sending.csv").body()).contains("\ntotal,");
    }

    @Test
    void aGroupsMembersArePagedRemovedAndDownloaded() throws Exception {
        RecipientGroup g = f.account().groups().create("g", "");
        StringBuilder csv = new StringBuilder("email,name\n");
        for (int i = 0; i < 150; i++) {
            csv.append("m").append(i).append("@example.org,").append(i == 0 ? "\"" + XSS.replace("\"", "\"\"")
                    + "\"" : "M" + i).append('\n');
        }
        f.account().groups().importCsv(g.id(), new StringReader(csv.toString()));
        String first = body("/a/test/groups/" + g.id());
        assertThat(first).contains("id=\"members\"", "m0@example.org", "m99@example.org", XSS_ESCAPED)
                .doesNotContain("m100@example.org", "<script>alert", "<img src=x");
        Matcher next = Pattern.compile("id=\"next-page\" href=\"([^\"]+)\"").matcher(first);
        assertThat(next.find()).isTrue();
        String second = body(next.group(1).replace("&amp;", "&"));
        assertThat(second).contains("m100@example.org", "m149@example.org").doesNotContain("m99@example.org")
                .doesNotContain("id=\"next-page\"");

        String page = "/a/test/groups/" + g.id();
        assertThat(user.post(page + "/remove", "address=m1%40example.org").statusCode()).isEqualTo(403);
        HttpResponse<String> removed = user.submit(page, page + "/remove", "address=" + enc("m1@example.org")
                + "&address=" + enc("m2@example.org"));
        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(f.account().groups().get(g.id()).recipients()).isEqualTo(148);
        assertThat(body(page)).doesNotContain("m1@example.org<", "m2@example.org<");

        HttpResponse<String> members = user.get(page + "/members.csv");
        assertThat(members.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(members.body().lines()).hasSize(149).first().isEqualTo("email,name");
    }

    @Test
    void theQueueShowsWhatWaitsPerSenderAndRecipientDomain() throws Exception {
        send("ann@example.org");
        send("bob@example.org");
        send("cy@example.net");
        String queue = body("/a/test/queue");
        assertThat(queue).contains("id=\"queue\"", "<td>" + SesFixture.DOMAIN + "</td><td>example.org</td><td>2</td>",
                "<td>example.net</td><td>1</td>");
        f.runDueWork();
        assertThat(body("/a/test/queue")).contains("The queue is empty.");
    }

    @Test
    void aCallbackAddressShowsItsDeadLettersAndReplaysThem() throws Exception {
        receiver.otherwise(CallbackReceiver.status(500, "down"));
        HttpResponse<String> bad = user.submit("/a/test/callbacks", "/a/test/callbacks", "url="
                + enc("http://127.0.0.1:1/hooks"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(f.account().callbacks().list()).isEmpty();
        HttpResponse<String> set = user.submit("/a/test/callbacks", "/a/test/callbacks", "url="
                + enc(receiver.url("/hooks")));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(303);
        CallbackAddress address = f.account().callbacks().accountAddress().orElseThrow();
        assertThat(body("/a/test/callbacks")).contains(receiver.url("/hooks"));

        send("ann@example.org");
        f.runDueWork();
        f.runDueWork();
        List<CallbackDelivery> dead = f.account().callbacks().deliveries(address.id(), CallbackDeliveryState.DEAD,
                0, 100);
        assertThat(dead).isNotEmpty();
        String page = "/a/test/callbacks/" + address.id();
        String deadPage = body(page);
        assertThat(deadPage).contains("id=\"callback-deliveries\"", "500 · down", "id=\"replay-" + dead.get(0).id()
                + "\"");

        assertThat(user.post(page + "/replay", "delivery=" + dead.get(0).id()).statusCode()).isEqualTo(403);
        HttpResponse<String> one = user.submit(page, page + "/replay", "delivery=" + dead.get(0).id());
        assertThat(one.statusCode()).isEqualTo(303);
        assertThat(f.account().callbacks().deliveries(address.id(), CallbackDeliveryState.DEAD, 0, 100))
                .extracting(CallbackDelivery::id).doesNotContain(dead.get(0).id());
        assertThat(body(page + "?state=PENDING")).contains("<td>" + dead.get(0).id() + "</td>");
        HttpResponse<String> twice = user.submit(page, page + "/replay", "delivery=" + dead.get(0).id());
        assertThat(twice.statusCode()).isEqualTo(422);
        assertThat(twice.body()).contains("not DEAD");

        HttpResponse<String> all = user.submit(page, page + "/replay", "");
        assertThat(all.statusCode()).isEqualTo(303);
        assertThat(f.account().callbacks().deliveries(address.id(), CallbackDeliveryState.DEAD, 0, 100)).isEmpty();
    }

    @Test
    void aTaskIsSentAgainToTheRecipientsAFilterPicks() throws Exception {
        long tpl = f.htmlTemplate("<p>hi</p>");
        RecipientGroup g = f.account().groups().create("g", "");
        f.account().groups().importCsv(g.id(), new StringReader("email\na@example.org\nmailboxfull@"
                + MailboxSimulator.DOMAIN + "\n"));
        long task = f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "s")).id();
        f.runDueWork();
        String page = "/a/test/tasks/" + task;
        assertThat(body(page)).contains("id=\"resend-SOFT_BOUNCED\"");

        HttpResponse<String> none = user.submit(page, page + "/resend", "");
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(none.body()).contains("id=\"error-filter\"");
        assertThat(user.post(page + "/resend", "filter=SOFT_BOUNCED").statusCode()).isEqualTo(403);
        assertThat(f.account().tasks().list(PageRequest.first()).total()).isEqualTo(1);

        HttpResponse<String> failed = user.submit(page, page + "/resend", "filter=FAILED");
        assertThat(failed.statusCode()).as("no recipient failed").isEqualTo(422);
        assertThat(failed.body()).contains("no recipient of task");

        HttpResponse<String> r = user.submit(page, page + "/resend", "filter=SOFT_BOUNCED");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        SendTask again = f.account().tasks().list(PageRequest.first()).items().get(0);
        assertThat(again.id()).isNotEqualTo(task);
        assertThat(r.headers().firstValue("Location")).hasValue("/a/test/tasks/" + again.id());
        assertThat(f.account().groups().get(again.groupId()).recipients()).isEqualTo(1);
    }

    @Test
    void severalDomainsGetTheirSwitchesAtOnce() throws Exception {
        SenderDomain second = f.account().domains().create("news.example.test");
        f.account().domains().create("third.example.test");
        String page = "/a/test/settings";
        assertThat(body(page)).contains("form=\"batch-settings\"");
        String form = "domain=" + enc(SesFixture.DOMAIN) + "&domain=" + enc(second.name()) + "&clicks=on";
        assertThat(user.post("/a/test/settings/batch", form).statusCode()).isEqualTo(403);
        assertThat(f.account().statistics().settings().domain(second.name())).isEqualTo(TrackingSettings.ON);

        assertThat(user.submit(page, "/a/test/settings/batch", form).statusCode()).isEqualTo(303);
        TrackingSettings clicksOnly = new TrackingSettings(false, true);
        assertThat(f.account().statistics().settings().domain(SesFixture.DOMAIN)).isEqualTo(clicksOnly);
        assertThat(f.account().statistics().settings().domain(second.name())).isEqualTo(clicksOnly);
        assertThat(f.account().statistics().settings().domain("third.example.test")).isEqualTo(TrackingSettings.ON);

        HttpResponse<String> unknown = user.submit(page, "/a/test/settings/batch", "domain=" + enc("nope.example")
                + "&domain=" + enc("third.example.test"));
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("nope.example");
        assertThat(f.account().statistics().settings().domain("third.example.test")).isEqualTo(TrackingSettings.ON);

        assertThat(user.submit(page, "/a/test/settings/batch", "domain=" + enc(second.name()) + "&clear=on")
                .statusCode()).isEqualTo(303);
        assertThat(f.account().statistics().settings().domain(second.name())).isEqualTo(TrackingSettings.ON);
    }

    @Test
    void emailStatusIsPagedByKey() throws Exception {
        for (int i = 0; i < 101; i++) {
            send("r" + i + "@example.org");
        }
        String first = body("/a/test/deliveries");
        Matcher next = Pattern.compile("id=\"next-page\" href=\"([^\"]+)\"").matcher(first);
        assertThat(next.find()).isTrue();
        assertThat(first).contains("r100@example.org").doesNotContain(">r0@example.org<");
        String second = body(next.group(1).replace("&amp;", "&"));
        assertThat(second).contains(">r0@example.org<").doesNotContain("r100@example.org", "id=\"next-page\"");
        HttpResponse<String> forged = user.get("/a/test/deliveries?after=not-a-key");
        assertThat(forged.statusCode()).isEqualTo(422);
    }

    @Test
    void theLoginFormCarriesItsOwnToken() throws Exception {
        ConsoleClient stranger = new ConsoleClient(web);
        HttpResponse<String> noToken = stranger.post("/login", "credential=" + enc(TOKEN));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("ses-console="));

        HttpResponse<String> form = stranger.get("/login");
        String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(loginCookie).startsWith("ses-console-login=").contains("HttpOnly", "SameSite=Strict");
        HttpResponse<String> otherToken = stranger.raw(HttpRequest.newBuilder(URI.create(stranger.base()
                + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", loginCookie.split(";", 2)[0])
                .POST(HttpRequest.BodyPublishers.ofString("credential=" + enc(TOKEN) + "&csrf=guessed")));
        assertThat(otherToken.statusCode()).isEqualTo(403);
        HttpResponse<String> again = stranger.raw(HttpRequest.newBuilder(URI.create(stranger.base() + "/login"))
                .header("Cookie", loginCookie.split(";", 2)[0]));
        assertThat(ConsoleClient.csrfOf(again.body())).as("a second load (a favicon's redirect) keeps the token")
                .isEqualTo(loginCookie.split(";", 2)[0].substring("ses-console-login=".length()));
        assertThat(otherToken.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("ses-console="));
        assertThat(stranger.login(TOKEN)).isNotNull();
    }

    @Test
    void theHostsAuthenticationDecidesWhoGetsInAndWhichAccounts() throws Exception {
        f.ses().account("other").groups().create("secret", "");
        f.ses().account("third").groups().create("hidden", "");
        ConsoleSettings settings = ConsoleSettings.builder().accounts(SesFixture.ACCOUNT, "other")
                .hostAuthentication(request -> request.header("X-Host-User").map(name -> new ConsolePrincipal(name,
                        name.equals("admin") ? List.of(SesFixture.ACCOUNT, "other", "third")
                                : List.of(SesFixture.ACCOUNT))))
                .secureCookies(false).build();
        assertThat(settings.credential()).isEmpty();
        try (WebServer hosted = f.ses().serveConsole(settings)) {
            ConsoleClient anonymous = new ConsoleClient(hosted);
            assertThat(anonymous.get("/a/test/").statusCode()).isEqualTo(403);
            assertThat(anonymous.get("/login").statusCode()).isEqualTo(403);

            String base = anonymous.base();
            HttpResponse<String> ann = anonymous.raw(HttpRequest.newBuilder(URI.create(base + "/a/test/groups"))
                    .header("X-Host-User", "ann"));
            assertThat(ann.statusCode()).isEqualTo(200);
            assertThat(ann.body()).doesNotContain("Log out", "/a/other/");
            assertThat(anonymous.raw(HttpRequest.newBuilder(URI.create(base + "/a/other/groups"))
                    .header("X-Host-User", "ann")).statusCode()).isEqualTo(404);
            HttpResponse<String> admin = anonymous.raw(HttpRequest.newBuilder(URI.create(base + "/a/other/groups"))
                    .header("X-Host-User", "admin"));
            assertThat(admin.statusCode()).isEqualTo(200);
            assertThat(admin.body()).contains("secret");
            assertThat(anonymous.raw(HttpRequest.newBuilder(URI.create(base + "/a/third/groups"))
                    .header("X-Host-User", "admin")).statusCode()).as("not in the settings").isEqualTo(404);
            assertThat(anonymous.raw(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("X-Host-User", "ann")).statusCode()).isEqualTo(404);

            String annToken = ConsoleClient.csrfOf(ann.body());
            String adminToken = ConsoleClient.csrfOf(admin.body());
            assertThat(annToken).isNotEqualTo(adminToken);
            for (String token : new String[] {"", adminToken}) {
                HttpResponse<String> r = anonymous.raw(HttpRequest.newBuilder(URI.create(base + "/a/test/groups"))
                        .header("X-Host-User", "ann").header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("name=made&csrf=" + enc(token))));
                assertThat(r.statusCode()).as("token " + token).isEqualTo(403);
            }
            assertThat(f.account().groups().find("made")).isEmpty();
            HttpResponse<String> made = anonymous.raw(HttpRequest.newBuilder(URI.create(base + "/a/test/groups"))
                    .header("X-Host-User", "ann").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=made&csrf=" + enc(annToken))));
            assertThat(made.statusCode()).isEqualTo(303);
            assertThat(f.account().groups().find("made")).isPresent();
        }
    }
}
