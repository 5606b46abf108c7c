package dev.ses.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.MessageState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReadmeTest {
    private static String between(String text, String begin, String end) {
        int from = text.indexOf(begin);
        int to = text.indexOf(end, from);
        assertThat(from).as(begin).isNotNegative();
        assertThat(to).as(end).isGreaterThan(from);
        return text.substring(text.indexOf('\n', from) + 1, to);
    }

    private static String normal(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("```")
                && !l.startsWith("//")).map(l -> l.replaceAll("\\s*//.*$", "")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void theQuickStartInTheReadmeIsTheOneThatCompilesAndRuns() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String source = Files.readString(Path.of("src/main/java/dev/ses/examples/QuickStart.java"));
        String inReadme = between(readme, "<!-- quickstart:begin -->", "<!-- quickstart:end -->");
        String inSource = between(source, "// README:quickstart:begin", "// README:quickstart:end");
        assertThat(normal(inReadme)).isEqualTo(normal(inSource));
        assertThat(QuickStart.run()).singleElement().satisfies(s -> assertThat(s.state())
                .isEqualTo(MessageState.DELIVERED));
    }

    @Test
    void theBatchExampleInTheReadmeIsTheOneThatCompilesAndRuns() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String source = Files.readString(Path.of("src/main/java/dev/ses/examples/BatchStart.java"));
        assertThat(normal(between(readme, "<!-- batch:begin -->", "<!-- batch:end -->")))
                .isEqualTo(normal(between(source, "// README:batch:begin", "// README:batch:end")));
        try (dev.ses.core.testing.SesFixture f = dev.ses.core.testing.SesFixture.create()) {
            f.dns().publish(f.account().domains().create("mail.acme.example"));
            f.account().domains().verify("mail.acme.example");
            f.account().addresses().create("mail.acme.example", "noreply", "Acme");
            long welcome = f.htmlTemplate("<p>Hi {{name}} from {{city}}, happy {{season}}</p>");
            dev.ses.core.TaskProgress p = BatchStart.run(f.account(), new java.io.StringReader(
                    "email,name,city\nann@example.com,Ann,Paris\nbob@example.com,Bob,Rome\n"), welcome);
            assertThat(p.status()).isEqualTo(dev.ses.core.TaskStatus.WAITING);
            f.runDueWork();
            f.simulator().assertThat("bob@example.com").received().withVariable("city", "Rome")
                    .withVariable("season", "spring").withSubject("Hello Bob");
        }
    }

    @Test
    void theDemoShowsEachOutcomeAndKeepsItsDataBetweenRuns(@org.junit.jupiter.api.io.TempDir Path data)
            throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Demo.run(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), data);
        String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream again = new java.io.ByteArrayOutputStream();
        Demo.run(new java.io.PrintStream(again, true, java.nio.charset.StandardCharsets.UTF_8), data);
        assertThat(again.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("Found domain mail.acme.example").containsPattern("delivered@\\S+ +\\| DELIVERED");
        assertThat(out).containsPattern("delivered@\\S+ +\\| DELIVERED")
                .containsPattern("bounce@\\S+ +\\| BOUNCED +\\| +1 \\| 550 5\\.1\\.1")
                .containsPattern("suppressed@\\S+ +\\| REJECTED")
                .containsPattern("tempfail@\\S+ +\\| DELIVERED +\\| +2 ")
                .containsPattern("complaint@.*\\[complained]")
                .containsPattern("carol@example.test .*\\[opened] \\[clicked]")
                .contains("Blocklisted now: [bounce@simulator.ses.test")
                .containsPattern("dana@example.test +\\| DELIVERED")
                .contains("DKIM-Signature v=1;");
    }
}
