package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.testing.SesFixture;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: headless Chromium driven by Selenium against the console on 127.0.0.1, over a
 * {@link SesFixture} (the mailbox simulator, a manual clock, a DNS resolver the test controls). Each page's
 * screenshot is saved under {@code target/console-screenshots} for a person to look at.
 *
 * <p>Waiting is on the page's state only ({@link WebDriverWait} polls the DOM until a condition holds); time in
 * ses moves only when the test moves the manual clock.
 */
@ExtendWith(Chromium.Requirement.class)
class ConsoleBrowserTest {
    private static final String TOKEN = "browser-token-0123456789";
    private static ChromeDriver driver;
    private static Path shots;

    private SesFixture f;
    private WebServer web;
    private String base;

    @BeforeAll
    static void browser() throws IOException {
        Path dir = Chromium.workDir();
        driver = Chromium.start(dir);
        shots = Files.createDirectories(Path.of("target/console-screenshots"));
    }

    @AfterAll
    static void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    private void open(SesFixture fixture) {
        f = fixture;
        web = f.ses().serveConsole(ConsoleSettings.builder().token(TOKEN).accounts(SesFixture.ACCOUNT)
                .secureCookies(false).sessionTimeout(Duration.ofDays(7)).build());
        base = "http://127.0.0.1:" + web.address().getPort();
        driver.manage().deleteAllCookies();
        driver.get(base + "/");
        assertThat(driver.getCurrentUrl()).endsWith("/login");
        driver.findElement(By.id("credential")).sendKeys(TOKEN);
        clickAndLoad(driver.findElement(By.cssSelector("form button[type=submit]")));
        assertThat(driver.getCurrentUrl()).as(driver.getPageSource()).endsWith("/a/test/");
    }

    @AfterEach
    void close() {
        if (web != null) {
            web.close();
        }
        if (f != null) {
            f.close();
        }
    }

    private void go(String page) {
        driver.get(base + "/a/test/" + page);
    }

    private WebDriverWait waiting() {
        return (WebDriverWait) new WebDriverWait(driver, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(50));
    }

    private void shot(String name) throws IOException {
        Files.write(shots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private void type(String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    private void submit(String formId) {
        clickAndLoad(driver.findElement(By.cssSelector("#" + formId + " button[type=submit]")));
    }

    /**
     * Clicks what loads a new page, and waits until the old one is gone. While the browser swaps documents,
     * ChromeDriver may answer a question about the old page's node with "does not belong to the document" instead
     * of a stale-element error: that too means the old page is gone.
     */
    private void clickAndLoad(WebElement e) {
        WebElement page = driver.findElement(By.tagName("html"));
        e.click();
        waiting().until(d -> {
            try {
                page.isEnabled();
                return false;
            } catch (StaleElementReferenceException gone) {
                return true;
            } catch (WebDriverException swapping) {
                if (String.valueOf(swapping.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw swapping;
            }
        });
    }

    @Test
    void aWrongCredentialStaysOnTheLoginPage() throws IOException {
        open(SesFixture.create());
        driver.manage().deleteAllCookies();
        driver.get(base + "/a/test/domains");
        type("credential", "not-the-token-at-all");
        clickAndLoad(driver.findElement(By.cssSelector("form button[type=submit]")));
        assertThat(text("login-error")).contains("not the one");
        shot("login");
    }

    @Test
    void aDomainIsCreatedAndVerifiedAgainstTheTestsDns() throws IOException {
        open(SesFixture.create());
        go("domains");
        type("domain", "news.example.test");
        submit("create-domain");
        assertThat(text("domain-status")).isEqualTo("PENDING");
        assertThat(driver.findElements(By.cssSelector("#records tbody tr"))).hasSizeGreaterThanOrEqualTo(3);

        clickAndLoad(driver.findElement(By.id("verify-now")));
        assertThat(text("domain-status")).isEqualTo("PENDING");
        assertThat(driver.findElements(By.cssSelector("#checks td.check-missing"))).isNotEmpty();

        f.dns().publish(f.account().domains().get("news.example.test"));
        clickAndLoad(driver.findElement(By.id("verify-now")));
        assertThat(text("domain-status")).isEqualTo("VERIFIED");
        List<WebElement> rows = driver.findElements(By.cssSelector("#checks tbody tr"));
        assertThat(rows).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#checks td.check-missing, #checks td.check-mismatch")))
                .isEmpty();
        assertThat(f.account().domains().get("news.example.test").status()).isEqualTo(DomainStatus.VERIFIED);
        shot("domain");
    }

    @Test
    void aCsvImportShowsItsReportLineByLine() throws IOException {
        open(SesFixture.create());
        go("groups");
        type("name", "customers");
        type("description", "all of them");
        submit("create-group");
        type("csv", "email,name\nann@example.test,Ann\nnot-an-address,Bob\ncy@example.test,Cy\n");
        submit("import");
        assertThat(text("import-summary")).startsWith("Nothing was imported: 1 row was rejected");
        List<WebElement> rejected = driver.findElements(By.cssSelector("#rejected tbody tr"));
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).findElements(By.tagName("td")).get(0).getText()).isEqualTo("3");
        assertThat(text("recipients")).isEqualTo("0");

        driver.findElement(By.id("skipInvalid")).click();
        submit("import");
        assertThat(text("import-summary")).startsWith("Imported 2 rows; 1 row was rejected");
        assertThat(text("recipients")).isEqualTo("2");
        assertThat(f.account().groups().find("customers").orElseThrow().recipients()).isEqualTo(2);
        shot("group-import");
    }

    @Test
    void aBatchTasksProgressBarReachesOneHundredAsTheClockMoves() throws IOException {
        open(SesFixture.create(b -> b.quotas(QuotaPolicy.unlimited().withDomainDailyLimit(2))));
        long tpl = f.htmlTemplate("<p>Hello {{name}}</p>");
        RecipientGroup g = f.account().groups().create("four", "");
        f.account().groups().importCsv(g.id(), new StringReader(
                "email,name\na@example.test,A\nb@example.test,B\nc@example.test,C\nd@example.test,D\n"));
        go("tasks");
        new Select(driver.findElement(By.id("from"))).selectByValue(f.sender());
        new Select(driver.findElement(By.id("groupId"))).selectByValue(Long.toString(g.id()));
        new Select(driver.findElement(By.id("templateId"))).selectByValue(Long.toString(tpl));
        type("subject", "Hello");
        submit("create-task");
        WebElement bar = driver.findElement(By.id("progress"));
        assertThat(value(bar)).isZero();

        f.runDueWork();
        waiting().until(d -> value(bar) == 50);
        assertThat(text("task-status")).isEqualTo("PAUSED");
        shot("task-half");

        f.advance(Duration.ofDays(1));
        waiting().until(d -> value(bar) == 100);
        waiting().until(d -> text("task-status").equals("COMPLETED"));
        assertThat(f.simulator().mailbox("d@example.test")).hasSize(1);
        driver.navigate().refresh();
        assertThat(driver.findElement(By.cssSelector("#states td[data-state=DELIVERED]")).getText()).isEqualTo("4");
        assertThat(driver.findElements(By.cssSelector("#runs tbody tr"))).hasSize(1);
        shot("task");
    }

    private static double value(WebElement bar) {
        return Double.parseDouble(Optional.ofNullable(bar.getDomProperty("value")).orElse("-1"));
    }

    @Test
    void theStatisticsChartsPointsAreTheFacadesNumbers() throws IOException {
        open(SesFixture.create());
        long tpl = f.htmlTemplate("<p>hi</p>");
        f.simulator().rule("bounce@example.test").hardBounce();
        for (String to : List.of("a@example.test", "b@example.test", "bounce@example.test")) {
            f.account().send(f.message(tpl, "day one").to(to).build());
        }
        f.runDueWork();
        f.advance(Duration.ofDays(2));
        f.account().send(f.message(tpl, "day three").to("c@example.test").build());
        f.runDueWork();

        LocalDate from = LocalDate.parse("2026-01-04");
        LocalDate to = LocalDate.parse("2026-01-08");
        go("statistics?from=" + from + "&to=" + to);
        StatisticsReport<SendingStats> report = f.account().statistics().sending(StatisticsQuery.between(from, to));
        Map<String, Long> delivered = new LinkedHashMap<>();
        Map<String, Long> requests = new LinkedHashMap<>();
        for (SendingStats s : report.series()) {
            delivered.put(s.start().toLocalDate().toString(), s.delivered());
            requests.put(s.start().toLocalDate().toString(), s.requests());
        }
        assertThat(points("delivered")).isEqualTo(delivered);
        assertThat(points("requests")).isEqualTo(requests);
        assertThat(requests).containsEntry("2026-01-05", 3L).containsEntry("2026-01-07", 1L);
        assertThat(delivered).containsEntry("2026-01-05", 2L);
        shot("statistics");
    }

    private Map<String, Long> points(String series) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (WebElement c : driver.findElements(By.cssSelector("#sending-chart circle[data-series='" + series
                + "']"))) {
            out.put(c.getAttribute("data-day"), Long.parseLong(c.getAttribute("data-value")));
        }
        return out;
    }

    @Test
    void blocklistEntriesAreRemovedOneByOneAndInBulk() throws IOException {
        open(SesFixture.create());
        for (String a : List.of("one@example.test", "two@example.test", "three@example.test")) {
            f.account().blocklist().add(a, "test", Optional.empty());
        }
        go("blocklist");
        shot("blocklist");
        clickAndLoad(driver.findElement(By.id("remove-two@example.test")));
        assertThat(driver.findElements(By.cssSelector("#blocklist tbody tr"))).hasSize(2);
        assertThat(f.account().blocklist().isBlocked("two@example.test")).isFalse();
        assertThat(f.account().blocklist().isBlocked("one@example.test")).isTrue();

        for (WebElement box : driver.findElements(By.cssSelector("#blocklist input[type=checkbox]"))) {
            box.click();
        }
        clickAndLoad(driver.findElement(By.id("remove-selected")));
        assertThat(driver.findElements(By.cssSelector("#blocklist tbody tr"))).isEmpty();
        assertThat(f.account().blocklist().isBlocked("one@example.test")).isFalse();
        assertThat(f.account().blocklist().isBlocked("three@example.test")).isFalse();
    }

    @Test
    void aPostWithoutItsCsrfTokenIsRefusedAndAScriptInANameIsOnlyText() throws IOException {
        open(SesFixture.create());
        String xss = "<img src=x onerror=alert(1)><script>alert(2)</script>";
        go("templates");
        type("name", xss);
        type("body", "<p>Hi {{name}}</p><script>alert(3)</script>");
        submit("create-template");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(xss);
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        WebElement frame = driver.findElement(By.cssSelector("iframe.preview"));
        assertThat(frame.getAttribute("sandbox")).isEmpty();
        driver.switchTo().frame(frame);
        assertThat(driver.findElement(By.tagName("p")).getText()).isEqualTo("Hi [name]");
        driver.switchTo().defaultContent();
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        shot("template");
        go("templates");
        assertThat(driver.findElement(By.cssSelector("#templates tbody a")).getText()).isEqualTo(xss);

        type("name", "sneaky");
        type("body", "<p>x</p>");
        ((JavascriptExecutor) driver).executeScript(
                "document.querySelector('#create-template input[name=csrf]').remove()");
        submit("create-template");
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("CSRF");
        assertThat(f.account().templates().find("sneaky")).isEmpty();
    }

    @Test
    void everyPageRendersWithData() throws IOException {
        open(SesFixture.create());
        long tpl = f.htmlTemplate("<p>Hello {{name}}</p>");
        RecipientGroup g = f.account().groups().create("readers", "the newsletter's");
        f.account().groups().importCsv(g.id(), new StringReader("email,name\na@example.test,A\nb@example.test,B\n"));
        SendTask task = f.account().tasks().create(TaskRequest.batch(f.sender(), g.id(), tpl, "News"));
        f.runDueWork();
        f.account().blocklist().add("gone@example.test", "left", Optional.empty());
        f.account().domains().create("pending.example.test");
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("overview", "");
        pages.put("domains", "domains");
        pages.put("domain-records", "domains/pending.example.test");
        pages.put("addresses", "addresses");
        pages.put("templates", "templates");
        pages.put("groups", "groups");
        pages.put("group", "groups/" + g.id());
        pages.put("tasks", "tasks");
        pages.put("task-done", "tasks/" + task.id());
        pages.put("statistics-week", "statistics");
        pages.put("settings", "settings");
        pages.put("deliveries", "deliveries");
        pages.put("blocklist-one", "blocklist");
        pages.put("callbacks", "callbacks");
        pages.put("queue", "queue");
        pages.put("opens", "opens");
        pages.put("complaints", "complaints");
        pages.put("bounces", "bounces");
        pages.put("unsubscriptions", "unsubscriptions");
        for (Map.Entry<String, String> p : pages.entrySet()) {
            go(p.getValue());
            assertThat(driver.findElement(By.tagName("h1")).getText()).as(p.getKey()).isNotBlank();
            assertThat(driver.findElements(By.cssSelector("header nav a"))).as(p.getKey()).hasSize(16);
            shot("page-" + p.getKey());
        }
        go("deliveries");
        clickAndLoad(driver.findElement(By.linkText("timeline")));
        assertThat(driver.findElements(By.cssSelector("#timeline li"))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(text("timeline")).contains("DELIVERED");
        shot("page-timeline");

        go("settings");
        driver.findElement(By.id("account-opens")).click();
        submit("account-settings");
        assertThat(f.account().statistics().settings().account()).isEqualTo(new TrackingSettings(false, true));
    }

    @Test
    void theDeliveryResponseListsGroupMembersAndCallbacksActInTheBrowser() throws IOException {
        CallbackReceiver receiver = CallbackReceiver.start();
        try {
            open(SesFixture.create(b -> b.callbacks(CallbackPolicy.defaults().withPorts(java.util.Set.of(
                    receiver.port())).withLoopbackAllowed(true).withRetrySchedule(List.of()))));
            receiver.otherwise(CallbackReceiver.status(503, "maintenance"));
            String xss = "<img src=x onerror=alert(1)><script>alert(2)</script>";
            f.simulator().rule("odd@example.org").reply(550, "5.1.1 " + xss);
            long tpl = f.textTemplate("Hello {{name}}");
            go("callbacks");
            type("url", receiver.url("/hooks"));
            submit("set-callback");
            for (String to : List.of("odd@example.org", "complaint@simulator.ses.test", "queued@example.net")) {
                f.account().send(f.message(tpl, "Hi").to(to).variable("name", "Ann").build());
            }
            go("queue");
            assertThat(text("queue")).contains("example.org", "example.net");
            shot("page-queue-waiting");
            f.runDueWork();
            f.runDueWork();

            go("bounces");
            assertThat(text("bounces")).contains("odd@example.org", "5.1.1 " + xss);
            assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
            assertThat(driver.findElement(By.id("csv-bounces")).getAttribute("href")).endsWith("/bounces.csv");
            shot("page-bounces-escaped");
            go("complaints");
            assertThat(text("complaints")).contains("complaint@simulator.ses.test");
            shot("page-complaints");

            go("unsubscriptions");
            assertThat(text("unsubscriptions")).contains("complaint@simulator.ses.test");
            ((JavascriptExecutor) driver).executeScript(
                    "document.querySelector('#unsubscriptions form input[name=csrf]').remove()");
            clickAndLoad(driver.findElement(By.cssSelector("#unsubscriptions form button")));
            assertThat(driver.findElement(By.tagName("body")).getText()).contains("CSRF");
            go("unsubscriptions");
            assertThat(text("unsubscriptions")).as("the refused POST changed nothing")
                    .contains("complaint@simulator.ses.test");
            clickAndLoad(driver.findElement(By.cssSelector("#unsubscriptions form button")));
            assertThat(text("unsubscriptions")).doesNotContain("complaint@simulator.ses.test");
            shot("page-unsubscriptions-withdrawn");

            CallbackAddress address = f.account().callbacks().accountAddress().orElseThrow();
            go("callbacks/" + address.id());
            assertThat(text("callback-deliveries")).contains("503 · maintenance");
            shot("page-callback-dead-letters");
            receiver.otherwise(CallbackReceiver.ok());
            submit("replay-all");
            assertThat(f.account().callbacks().deliveries(address.id(), CallbackDeliveryState.DEAD, 0, 100))
                    .isEmpty();
            f.runDueWork();
            go("callbacks/" + address.id() + "?state=DELIVERED");
            assertThat(driver.findElements(By.cssSelector("#callback-deliveries tbody tr"))).hasSizeGreaterThan(0);
            shot("page-callback-delivered");

            RecipientGroup g = f.account().groups().create("members", "");
            f.account().groups().importCsv(g.id(), new StringReader("email,name\na@example.test,A\n"
                    + "b@example.test,B\nc@example.test,C\n"));
            go("groups/" + g.id());
            driver.findElement(By.cssSelector("input[aria-label='select b@example.test']")).click();
            submit("remove-members");
            assertThat(text("members")).contains("a@example.test", "c@example.test").doesNotContain("b@example.test");
            assertThat(f.account().groups().get(g.id()).recipients()).isEqualTo(2);
            shot("page-group-members");
        } finally {
            receiver.close();
        }
    }
}
