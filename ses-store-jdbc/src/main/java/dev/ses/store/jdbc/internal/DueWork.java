package dev.ses.store.jdbc.internal;

import dev.ses.core.spi.DueWorkSubscription;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nodes on one PostgreSQL database wake each other through it: a transaction that makes work due (queues mail,
 * creates a task, resumes a run) sends {@code NOTIFY} on one channel with its schema as the payload, which PostgreSQL
 * delivers when, and only if, it commits; every listening node whose store uses that schema wakes its workers. The
 * channel is per database, so nodes of other schemas hear the notice too and ignore it by the payload.
 *
 * <p>A listener holds one connection of the store's data source and one daemon thread. It never ends but with
 * {@link #close()}: a connection that fails (the server restarted, the backend was ended) is given back, and a new
 * one is opened after a back-off of 100 ms doubling up to 30 s; once it listens again it wakes the workers, since
 * notices sent meanwhile were lost. Every 30 s an idle listener checks its connection with a query, so a connection
 * that died silently is found too.
 */
public final class DueWork {
    /** The channel of every ses store on a database. */
    static final String CHANNEL = "ses_due_work";
    /** How the listening connection names itself in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "ses-due-work";
    private static final Logger LOG = LoggerFactory.getLogger(DueWork.class);
    private static final int WAIT_MS = 500;
    private static final long CHECK_EVERY_MS = 30_000;
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 30_000;

    private DueWork() {
    }

    /**
     * Announces, in the transaction of {@code c}, that work has become due; PostgreSQL sends the notice on commit
     * (one per transaction, however often this is called in it). Does nothing on H2, whose database one JVM owns.
     */
    static void announce(Transactions tx, Connection c) throws SQLException {
        if (tx.dialect() != Dialect.POSTGRESQL) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', current_schema())")) {
            ps.execute();
        }
    }

    /**
     * Starts listening on a connection of {@code dataSource}, calling {@code onDue} for every notice of this
     * schema (several at once call it once).
     */
    public static DueWorkSubscription listen(DataSource dataSource, Runnable onDue) {
        Listener l = new Listener(Objects.requireNonNull(dataSource, "dataSource"),
                Objects.requireNonNull(onDue, "onDue"));
        l.thread.start();
        return l;
    }

    private static final class Listener implements DueWorkSubscription, Runnable {
        private final DataSource dataSource;
        private final Runnable onDue;
        private final Thread thread;
        private volatile boolean closed;

        Listener(DataSource dataSource, Runnable onDue) {
            this.dataSource = dataSource;
            this.onDue = onDue;
            this.thread = new Thread(this, "ses-due-work");
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            int failures = 0;
            boolean listenedBefore = false;
            while (!closed) {
                try (Connection c = dataSource.getConnection()) {
                    String schema = listen(c);
                    if (listenedBefore || failures > 0) {
                        LOG.info("listening again for due work on schema {}", schema);
                        // Notices sent while no connection listened are lost: look for work once.
                        wake();
                    }
                    listenedBefore = true;
                    failures = 0;
                    try {
                        receive(c, schema);
                    } finally {
                        unlisten(c);
                    }
                } catch (SQLException | RuntimeException e) {
                    if (closed) {
                        break;
                    }
                    failures++;
                    long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(failures - 1, 20));
                    if (failures == 1) {
                        LOG.warn("cannot listen for due work (the idle poll goes on); retrying in {} ms", backoff, e);
                    } else {
                        LOG.warn("cannot listen for due work ({} in a row): {}; retrying in {} ms", failures,
                                e.toString(), backoff);
                    }
                    pause(backoff);
                }
            }
        }

        /** Listens on a fresh connection and returns the schema whose notices count. */
        private static String listen(Connection c) throws SQLException {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET application_name = '" + APPLICATION_NAME + "'");
                s.execute("LISTEN " + CHANNEL);
                try (ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                    rs.next();
                    String schema = rs.getString(1);
                    return schema == null ? "" : schema;
                }
            }
        }

        private void receive(Connection c, String schema) throws SQLException {
            PGConnection pg = c.unwrap(PGConnection.class);
            long lastCheck = System.nanoTime();
            while (!closed) {
                PGNotification[] notices = pg.getNotifications(WAIT_MS);
                boolean due = false;
                if (notices != null) {
                    for (PGNotification n : notices) {
                        due |= schema.equals(n.getParameter());
                    }
                }
                if (due) {
                    wake();
                }
                if (System.nanoTime() - lastCheck > CHECK_EVERY_MS * 1_000_000L) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT 1");
                    }
                    lastCheck = System.nanoTime();
                }
            }
        }

        /** Leaves a connection that goes back to the pool as it was; it may be broken already. */
        private static void unlisten(Connection c) {
            try (Statement s = c.createStatement()) {
                s.execute("UNLISTEN *");
                s.execute("RESET application_name");
            } catch (SQLException e) {
                LOG.debug("could not reset the listening connection", e);
            }
        }

        private void wake() {
            try {
                onDue.run();
            } catch (RuntimeException e) {
                LOG.warn("waking the workers failed", e);
            }
        }

        private void pause(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                // Only close() interrupts this thread, and the loop then ends.
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            thread.interrupt();
            try {
                thread.join(WAIT_MS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
