package dev.ses.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigratorStatementsTest {
    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        String sql = "-- a comment; with a semicolon\nCREATE TABLE a (x VARCHAR(3) DEFAULT 'a;b');\n"
                + "/* block; comment */ INSERT INTO \"odd;name\" VALUES ('it''s;');\n\n;  \n";
        assertThat(Migrator.statements(sql)).containsExactly("CREATE TABLE a (x VARCHAR(3) DEFAULT 'a;b')",
                "INSERT INTO \"odd;name\" VALUES ('it''s;')");
    }

    @Test
    void everyShippedScriptExistsForEveryDialect() {
        for (Dialect d : Dialect.values()) {
            List<Migrator.Script> scripts = Migrator.shippedScripts(d);
            assertThat(scripts).extracting(Migrator.Script::version).startsWith(1).isSorted();
            assertThat(scripts).allSatisfy(s -> assertThat(Migrator.statements(s.sql())).isNotEmpty());
        }
    }
}
