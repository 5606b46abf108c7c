package dev.ses.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.DnsRecord;
import dev.ses.core.Ses;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.store.jdbc.JdbcStore;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README as a user pastes it: each of its Java blocks is a whole file of this module, named on the line before
 * it ({@code <!-- source: path -->}), and each runs here or as a test of its own.
 */
class ReadmeTest {
    private static final Pattern SOURCED_BLOCK = Pattern.compile("<!-- source: (\\S+) -->\\n```java\\n(.*?)```",
            Pattern.DOTALL);
    private static final Pattern XML_BLOCK = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"));
    }

    @Test
    void everyJavaBlockIsAFileOfThisModuleShownWhole() throws IOException {
        String readme = readme();
        List<String> sources = new ArrayList<>();
        Matcher m = SOURCED_BLOCK.matcher(readme);
        while (m.find()) {
            sources.add(m.group(1));
            assertThat(m.group(2)).as("the README's copy of " + m.group(1))
                    .isEqualTo(Files.readString(Path.of("..", m.group(1))));
        }
        assertThat(sources).as("Java blocks with their source named before them")
                .hasSize(readme.split("```java\\n", -1).length - 1)
                .allMatch(s -> s.startsWith("ses-examples/src/"))
                .contains("ses-examples/src/main/java/dev/ses/examples/QuickStart.java",
                        "ses-examples/src/main/java/dev/ses/examples/BatchStart.java",
                        "ses-examples/src/main/java/dev/ses/examples/Production.java",
                        "ses-examples/src/test/java/dev/ses/examples/WelcomeMailTest.java",
                        "ses-examples/src/test/java/dev/ses/examples/BulkMailTest.java",
                        "ses-examples/src/test/java/dev/ses/examples/SimulatorRulesTest.java",
                        "ses-examples/src/test/java/dev/ses/examples/MyStoreTest.java");
    }

    @Test
    void theDependenciesNameModulesThatExistAtTheirVersion() throws IOException {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher version = Pattern.compile("<artifactId>ses-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(version.find()).isTrue();
        Matcher xml = XML_BLOCK.matcher(readme());
        int dependencies = 0;
        while (xml.find()) {
            Matcher dep = Pattern.compile("<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>")
                    .matcher(xml.group(1));
            while (dep.find()) {
                if (dep.group(1).startsWith("ses-")) {
                    dependencies++;
                    assertThat(Path.of("..", dep.group(1))).isDirectory();
                    assertThat(dep.group(2)).as(dep.group(1)).isEqualTo(version.group(1));
                }
            }
        }
        assertThat(dependencies).isGreaterThanOrEqualTo(3);
    }

    private static String printedBy(Runnable main) {
        PrintStream out = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theQuickStartDeliversToAnn() {
        assertThat(printedBy(() -> QuickStart.main(new String[0]))).isEqualTo("ann@example.com: DELIVERED\n");
    }

    @Test
    void theBatchSampleSendsToEveryRowOfItsCsv() {
        assertThat(printedBy(() -> BatchStart.main(new String[0]))).isEqualTo("COMPLETED: 2 of 2 sent; 498 more today\n");
    }

    @Test
    void theProductionSetupPublishesItsSendingPathAndRuns(@TempDir Path data) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        StaticDnsResolver dns = new StaticDnsResolver();
        try (JdbcStore store = JdbcStore.h2(data);
             Ses ses = Production.build(store, MailboxSimulator.create(), dns, key)) {
            List<DnsRecord> records = ses.defaultAccount().domains().create("mail.acme.example").records();
            assertThat(records).extracting(DnsRecord::value)
                    .anyMatch(v -> v.contains("include:spf.relay.example"))
                    .anyMatch(v -> v.contains("bounces.acme.example"));
            assertThat(ses.health()).isNotNull();
        }
    }

    @Test
    void theDemoShowsEachOutcomeAndKeepsItsDataBetweenRuns(@TempDir Path data) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), data);
        String out = bytes.toString(StandardCharsets.UTF_8);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        Demo.run(new PrintStream(again, true, StandardCharsets.UTF_8), data);
        assertThat(again.toString(StandardCharsets.UTF_8))
                .contains("Found domain mail.acme.example").containsPattern("delivered@\\S+ +\\| DELIVERED");
        assertThat(out).containsPattern("delivered@\\S+ +\\| DELIVERED")
                .containsPattern("bounce@\\S+ +\\| BOUNCED +\\| +1 \\| 550 5\\.1\\.1")
                .containsPattern("suppressed@\\S+ +\\| REJECTED")
                .containsPattern("tempfail@\\S+ +\\| DELIVERED +\\| +2 ")
                .containsPattern("complaint@.*\\[complained]")
                .containsPattern("carol@example.test .*\\[opened] \\[clicked]")
                .contains("Blocklisted now: [bounce@simulator.ses.test")
                .containsPattern("dana@example.test +\\| DELIVERED")
                .contains("DKIM-Signature v=1;")
                .containsPattern("Its link is tracked: http://127\\.0\\.0\\.1:\\d+/c/\\S+")
                .contains("the tracking server answers 302 to https://shop.example.test/spring");
    }

    @Test
    void theDemoEndsByServingTheConsoleOverItsDataUntilEnter(@TempDir Path data) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Demo.run(out, data);
        Demo.serveConsole(out, data, null);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("No terminal on standard input");

        HttpClient http = HttpClient.newHttpClient();
        List<String> seen = new ArrayList<>();
        Reader enter = new Reader() {
            @Override
            public int read(char[] buf, int off, int len) throws IOException {
                if (!seen.isEmpty()) {
                    return -1;
                }
                String printed = bytes.toString(StandardCharsets.UTF_8);
                Matcher url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+)/")
                        .matcher(printed);
                Matcher token = Pattern.compile("token (\\S+)").matcher(printed);
                assertThat(url.find() && token.find()).as(printed).isTrue();
                try {
                    var form = http.send(HttpRequest.newBuilder(URI.create(url.group(1) + "/login")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
                    Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
                    assertThat(csrf.find()).as(form.body()).isTrue();
                    var login = http.send(HttpRequest.newBuilder(URI.create(url.group(1)
                            + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Cookie", loginCookie)
                            .POST(HttpRequest.BodyPublishers.ofString("credential=" + token.group(1) + "&csrf="
                                    + csrf.group(1))).build(), HttpResponse.BodyHandlers.ofString());
                    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
                    var page = http.send(HttpRequest.newBuilder(URI.create(url.group(1)
                            + "/a/acme/domains")).header("Cookie", cookie).build(),
                            HttpResponse.BodyHandlers.ofString());
                    seen.add(page.statusCode() + " " + page.body());
                } catch (InterruptedException e) {
                    throw new InterruptedIOException(e.toString());
                }
                buf[off] = '\n';
                return 1;
            }

            @Override
            public void close() {
            }
        };
        Demo.serveConsole(out, data, new BufferedReader(enter));
        assertThat(seen).singleElement().asString().startsWith("200 ").contains("mail.acme.example", "VERIFIED");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Press Enter to stop it.");
    }
}
