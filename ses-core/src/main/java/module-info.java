/**
 * The ses model, rules, facade and engine, the SPIs and their in-memory implementations, and the test fixtures.
 * Exports the API only: {@code dev.ses.core} (the facade and its values), {@code dev.ses.core.spi} (what a store,
 * a transport or a DNS resolver implements) and {@code dev.ses.core.testing} (the mailbox simulator and the JUnit 5
 * extension, whose JUnit dependency is optional). The {@code internal} packages are not exported.
 */
module dev.ses.core {
    exports dev.ses.core;
    exports dev.ses.core.spi;
    exports dev.ses.core.testing;

    requires static transitive org.jspecify;
    // Only the test fixtures' JUnit 5 extension uses it; a test that uses the extension has JUnit already. Not
    // transitive: a module reading ses-core would then need JUnit to compile.
    requires static org.junit.jupiter.api;
    requires org.opentest4j;
    requires org.slf4j;
    requires com.github.mustachejava;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.csv;
    requires org.apache.commons.io;
    requires com.github.benmanes.caffeine;
    requires com.sanctionco.jmail;
    requires org.jsoup;
    // The HTTP endpoints and the console (the JDK's own server) and the callbacks (the JDK's client).
    requires jdk.httpserver;
    requires java.net.http;
    // SesMetrics only; an application that uses it adds Micrometer.
    requires static micrometer.core;
}
