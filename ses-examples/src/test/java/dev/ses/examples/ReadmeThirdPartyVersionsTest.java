package dev.ses.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README names the other libraries a user adds (a JDBC driver, GreenMail, the contract suites' JUnit and AssertJ) at the versions ses is built with. */
class ReadmeThirdPartyVersionsTest {
    private static String versionInReadme(String readme, String artifactId) {
        Matcher m = Pattern.compile("<artifactId>" + Pattern.quote(artifactId) + "</artifactId>\\s*<version>([^<]+)"
                + "</version>").matcher(readme);
        assertThat(m.find()).as(artifactId + " with a version in the README").isTrue();
        return m.group(1);
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as(name + " in the parent POM").isTrue();
        return m.group(1);
    }

    @Test
    void theDriversAndGreenMailAreThoseSesIsBuiltWith() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String pom = Files.readString(Path.of("..", "pom.xml"));
        assertThat(versionInReadme(readme, "h2")).isEqualTo(property(pom, "h2.version"));
        assertThat(versionInReadme(readme, "postgresql")).isEqualTo(property(pom, "postgresql.version"));
        assertThat(versionInReadme(readme, "greenmail-junit5")).isEqualTo(property(pom, "greenmail.version"));
        assertThat(versionInReadme(readme, "assertj-core")).isEqualTo(property(pom, "assertj.version"));
        assertThat(versionInReadme(readme, "junit-jupiter")).isEqualTo(property(pom, "junit.version"));
        assertThat(readme).contains("<groupId>org.eclipse.angus</groupId>\n        <artifactId>jakarta.mail</artifactId>");
    }
}
