package dev.ses.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ses.core.spi.AddressRepository;
import dev.ses.core.spi.BlocklistRepository;
import dev.ses.core.spi.CounterRepository;
import dev.ses.core.spi.DomainRepository;
import dev.ses.core.spi.DueWorkSubscription;
import dev.ses.core.spi.EventRepository;
import dev.ses.core.spi.GroupRepository;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MailboxSendRepository;
import dev.ses.core.spi.MessageRepository;
import dev.ses.core.spi.RequestRepository;
import dev.ses.core.spi.StatisticsRepository;
import dev.ses.core.spi.Store;
import dev.ses.core.spi.TaskRepository;
import dev.ses.core.spi.TemplateRepository;
import dev.ses.core.spi.WarmupRepository;
import dev.ses.store.jdbc.internal.Dialect;
import dev.ses.store.jdbc.internal.DueWork;
import dev.ses.store.jdbc.internal.JdbcAddresses;
import dev.ses.store.jdbc.internal.JdbcBlocklist;
import dev.ses.store.jdbc.internal.JdbcCounters;
import dev.ses.store.jdbc.internal.JdbcDomains;
import dev.ses.store.jdbc.internal.JdbcEvents;
import dev.ses.store.jdbc.internal.JdbcGroups;
import dev.ses.store.jdbc.internal.JdbcMailboxSends;
import dev.ses.store.jdbc.internal.JdbcStatistics;
import dev.ses.store.jdbc.internal.JdbcMessages;
import dev.ses.store.jdbc.internal.JdbcRequests;
import dev.ses.store.jdbc.internal.JdbcTasks;
import dev.ses.store.jdbc.internal.JdbcTemplates;
import dev.ses.store.jdbc.internal.JdbcWarmups;
import dev.ses.store.jdbc.internal.Migrator;
import dev.ses.store.jdbc.internal.Sql;
import dev.ses.store.jdbc.internal.Transactions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The durable {@link Store}: an embedded H2 file database for one application on one host, or PostgreSQL for
 * several nodes sharing one queue.
 *
 * <pre>{@code
 * Store embedded = JdbcStore.h2(Path.of("ses-data"));               // ses-data/ses.mv.db
 * Store shared = JdbcStore.postgres("jdbc:postgresql://db/app", "ses", secret);
 * Store onYourPool = JdbcStore.builder(dataSource).migration(MigrationMode.VALIDATE).build();
 * }</pre>
 *
 * <p>Thread-safe. {@link #inTransaction} binds one connection to the calling thread; repository calls on that
 * thread inside the work use it, calls outside any transaction each borrow a connection and commit on their own.
 * {@link #inHostTransaction} lets ses's writes join a transaction the application holds, so mail is queued only if
 * the application's own work commits (a transactional outbox).
 *
 * <p>Errors: a {@link java.sql.SQLException} never escapes; every failure is a {@link dev.ses.core.SesException}
 * that keeps the SQL exception as its cause. A taken natural key (a domain name in its account, say) is
 * {@code ALREADY_EXISTS} with a message naming it, anything else a {@link JdbcStoreException} with
 * {@code STORE_ERROR}.
 * Instants are stored to the microsecond.
 *
 * <p>Several nodes: on PostgreSQL, claims use {@code FOR UPDATE SKIP LOCKED}, so nodes share the queue without a
 * message being claimed twice. On H2 the database belongs to one JVM; claims there take turns.
 */
public final class JdbcStore implements Store {
    private final DataSource dataSource;
    private final Optional<AutoCloseable> ownedPool;
    private final Transactions tx;
    private final DomainRepository domains;
    private final AddressRepository addresses;
    private final TemplateRepository templates;
    private final RequestRepository requests;
    private final JdbcMessages messages;
    private final BlocklistRepository blocklist;
    private final GroupRepository groups;
    private final TaskRepository tasks;
    private final CounterRepository counters;
    private final WarmupRepository warmups;
    private final JdbcEvents events;
    private final MailboxSendRepository mailboxSends;
    private final StatisticsRepository statistics;
    private final dev.ses.core.spi.CallbackRepository callbacks;
    private final dev.ses.core.spi.TrackingRepository tracking;
    private final dev.ses.core.spi.ReportRepository reports;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcStore(DataSource dataSource, Optional<AutoCloseable> ownedPool, Dialect dialect) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.tx = new Transactions(dataSource, dialect);
        this.domains = new JdbcDomains(tx);
        this.addresses = new JdbcAddresses(tx);
        this.templates = new JdbcTemplates(tx);
        this.requests = new JdbcRequests(tx);
        this.messages = new JdbcMessages(tx);
        this.blocklist = new JdbcBlocklist(tx);
        this.groups = new JdbcGroups(tx);
        this.tasks = new JdbcTasks(tx);
        this.counters = new JdbcCounters(tx);
        this.warmups = new JdbcWarmups(tx);
        this.events = new JdbcEvents(tx);
        this.mailboxSends = new JdbcMailboxSends(tx);
        this.statistics = new JdbcStatistics(tx);
        this.callbacks = new dev.ses.store.jdbc.internal.JdbcCallbacks(tx);
        this.tracking = new dev.ses.store.jdbc.internal.JdbcTracking(tx);
        this.reports = new dev.ses.store.jdbc.internal.JdbcReports(tx);
    }

    /**
     * {@return a store in an embedded H2 database in a directory (created if missing); the data lives in the file
     * {@code ses.mv.db} there and survives restarts} The store owns its connection pool; {@link #close()} closes
     * the database. Only one JVM may open the directory at a time.
     *
     * @param directory the directory of the database file
     * @throws JdbcStoreException if the database cannot be opened or migrated
     */
    public static JdbcStore h2(Path directory) {
        return builder().h2(directory).build();
    }

    /**
     * {@return a store on PostgreSQL, with a connection pool of its own (HikariCP, up to 10 connections) that
     * {@link #close()} closes} The schema is created or upgraded at start.
     *
     * @param url a JDBC URL, {@code jdbc:postgresql://host:port/database}
     * @param user the database user
     * @param password the user's password
     * @throws JdbcStoreException if the database cannot be reached or migrated
     */
    public static JdbcStore postgres(String url, String user, String password) {
        return builder().postgres(url, user, password).build();
    }

    /**
     * {@return a store on the application's {@code DataSource} (H2 or PostgreSQL, detected), with
     * {@link MigrationMode#MIGRATE}} The store never closes a data source it was given.
     *
     * @param dataSource the application's data source
     */
    public static JdbcStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /**
     * A builder over the application's {@code DataSource}.
     *
     * @param dataSource the application's data source
     * @return a new builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder().dataSource(dataSource);
    }

    /**
     * A builder; say where the data lives with {@link Builder#h2}, {@link Builder#postgres} or a data source.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link JdbcStore}. Not thread-safe; build once. */
    public static final class Builder {
        private DataSource dataSource;
        private Path h2Directory;
        private String url;
        private String user;
        private String password;
        private int maxPoolSize = 10;
        private MigrationMode migration = MigrationMode.MIGRATE;

        private Builder() {
        }

        /**
         * Uses the application's data source; the store will not close it.
         *
         * @param source the application's data source
         * @return this builder
         */
        public Builder dataSource(DataSource source) {
            this.dataSource = Objects.requireNonNull(source, "dataSource");
            this.h2Directory = null;
            this.url = null;
            return this;
        }

        /**
         * Uses an embedded H2 database in this directory, with a pool the store owns.
         *
         * @param directory the directory of the database file
         * @return this builder
         */
        public Builder h2(Path directory) {
            this.h2Directory = Objects.requireNonNull(directory, "directory");
            this.dataSource = null;
            this.url = null;
            return this;
        }

        /**
         * Uses PostgreSQL at this JDBC URL, with a pool the store owns.
         *
         * @param jdbcUrl a JDBC URL, {@code jdbc:postgresql://host:port/database}
         * @param username the database user
         * @param pass the user's password
         * @return this builder
         */
        public Builder postgres(String jdbcUrl, String username, String pass) {
            Objects.requireNonNull(jdbcUrl, "url");
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("url must start with jdbc:postgresql: " + jdbcUrl);
            }
            this.url = jdbcUrl;
            this.user = Objects.requireNonNull(username, "user");
            this.password = Objects.requireNonNull(pass, "password");
            this.dataSource = null;
            this.h2Directory = null;
            return this;
        }

        /**
         * The largest number of connections of a pool the store builds (H2 or PostgreSQL); default 10.
         *
         * @param size the largest number of connections
         * @return this builder
         */
        public Builder maxPoolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("maxPoolSize must be >= 1: " + size);
            }
            this.maxPoolSize = size;
            return this;
        }

        /**
         * What to do with the schema at start; default {@link MigrationMode#MIGRATE}.
         *
         * @param mode what to do with the schema
         * @return this builder
         */
        public Builder migration(MigrationMode mode) {
            this.migration = Objects.requireNonNull(mode, "migration");
            return this;
        }

        /**
         * Opens the store: builds the pool if asked, detects the database, and migrates or validates the schema.
         *
         * @return the store, open
         * @throws IllegalStateException if no database was given
         * @throws SchemaVersionException if the schema does not fit this code
         * @throws JdbcStoreException if the database cannot be reached
         */
        public JdbcStore build() {
            DataSource source;
            HikariDataSource pool = null;
            if (dataSource != null) {
                source = dataSource;
            } else if (h2Directory != null) {
                pool = pool(h2Url(h2Directory), "sa", "", "ses-h2", Map.of());
                source = pool;
            } else if (url != null) {
                // The driver sends a batch of inserts as multi-row statements: several times faster to enqueue.
                pool = pool(url, user, password, "ses-postgres", Map.of("reWriteBatchedInserts", "true"));
                source = pool;
            } else {
                throw new IllegalStateException("no database: call dataSource(), h2() or postgres() first");
            }
            try {
                Dialect dialect;
                try (Connection c = source.getConnection()) {
                    dialect = Dialect.of(c);
                } catch (SQLException e) {
                    throw Sql.translate("could not connect to the database", e);
                }
                switch (migration) {
                    case MIGRATE -> Migrator.shipped(source, dialect).migrate();
                    case VALIDATE -> Migrator.shipped(source, dialect).validate();
                    case NONE -> { }
                    default -> throw new IllegalStateException("unknown mode " + migration);
                }
                return new JdbcStore(source, Optional.ofNullable(pool), dialect);
            } catch (RuntimeException e) {
                if (pool != null) {
                    pool.close();
                }
                throw e;
            }
        }

        private static String h2Url(Path directory) {
            Path dir = directory.toAbsolutePath().normalize();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new JdbcStoreException("could not create the H2 directory " + dir, e);
            }
            // DB_CLOSE_ON_EXIT=FALSE: the store closes the database in close(); H2's own shutdown hook would
            // close it under an application that still flushes work to ses while the JVM stops.
            // WRITE_DELAY=0: H2 otherwise writes commits to the file up to half a second later. A process killed in
            // that window loses committed work (a queued mail, a recorded delivery that is then sent again), and a
            // file left that way was seen to make the next claim spin without end.
            // LOCK_TIMEOUT=10000: appends to the event log take turns on one row until they commit; H2's default
            // of one second is too short for a settle of a large chunk on a slow disk.
            return "jdbc:h2:file:" + dir.resolve("ses") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
        }

        private HikariDataSource pool(String jdbcUrl, String username, String pass, String name,
                                      Map<String, String> driverProperties) {
            HikariConfig config = new HikariConfig();
            driverProperties.forEach(config::addDataSourceProperty);
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(username);
            config.setPassword(pass);
            config.setMaximumPoolSize(maxPoolSize);
            config.setPoolName(name);
            config.setAutoCommit(true);
            try {
                return new HikariDataSource(config);
            } catch (RuntimeException e) {
                throw new JdbcStoreException("could not open the database at " + jdbcUrl + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        return tx.inTransaction(work);
    }

    /**
     * Runs work with every call this store makes on this thread going through the application's connection, inside
     * the application's transaction: a transactional outbox. What ses writes commits or rolls back with the
     * application's own rows; ses neither commits, rolls back nor closes the connection. Calls to
     * {@link #inTransaction} inside the work join it.
     *
     * <pre>{@code
     * try (Connection c = appDataSource.getConnection()) {
     *     c.setAutoCommit(false);
     *     saveOrder(c, order);
     *     store.inHostTransaction(c, () -> acme.send(confirmation(order)));
     *     c.commit();                       // the order and its mail, or neither
     * }
     * }</pre>
     *
     * <p>With a framework that binds connections to threads (Spring's {@code @Transactional}), pass the connection it
     * bound, e.g. {@code DataSourceUtils.getConnection(dataSource)}. Messages queued this way are claimed only once
     * the transaction commits, since no other connection sees them before.
     *
     * @param connection a connection to the same database (and schema) as this store, with auto-commit off
     * @param work what to run, on this thread
     * @param <T> what the work returns
     * @return what the work returned
     * @throws IllegalArgumentException if the connection is in auto-commit mode
     * @throws IllegalStateException if another transaction of this store is open on this thread
     */
    public <T> T inHostTransaction(Connection connection, Supplier<T> work) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(work, "work");
        return tx.onHostConnection(connection, work);
    }

    @Override
    public DomainRepository domains() {
        return domains;
    }

    @Override
    public AddressRepository addresses() {
        return addresses;
    }

    @Override
    public TemplateRepository templates() {
        return templates;
    }

    @Override
    public RequestRepository requests() {
        return requests;
    }

    @Override
    public MessageRepository messages() {
        return messages;
    }

    @Override
    public BlocklistRepository blocklist() {
        return blocklist;
    }

    /** One {@code INSERT ... SELECT} from the group's members, and one more for their QUEUED events. */
    @Override
    public long enqueueGroup(MailRequest request, long groupId, Instant now) {
        return tx.inTransaction(() -> {
            long queued = messages.enqueueGroup(request, groupId, now);
            events.appendQueued(request.id(), request.fromAddress());
            return queued;
        });
    }

    @Override
    public GroupRepository groups() {
        return groups;
    }

    @Override
    public TaskRepository tasks() {
        return tasks;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A reservation is one statement on the counter's row (PostgreSQL: an upsert), so nodes sharing a database
     * never hand out more than a limit between them.
     */
    @Override
    public CounterRepository counters() {
        return counters;
    }

    @Override
    public WarmupRepository warmups() {
        return warmups;
    }

    /**
     * {@inheritDoc}
     *
     * <p>An append locks the log's head row until its transaction ends, so that numbers follow commit order on
     * every node.
     */
    @Override
    public EventRepository events() {
        return events;
    }

    /**
     * {@inheritDoc}
     *
     * <p>An admission locks a row per mailbox until its transaction ends, so that nodes sharing a database never
     * send one mailbox more than its limit between them.
     */
    @Override
    public MailboxSendRepository mailboxSends() {
        return mailboxSends;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Counts are added with one batched upsert per distinct cell.
     */
    @Override
    public StatisticsRepository statistics() {
        return statistics;
    }

    @Override
    public dev.ses.core.spi.CallbackRepository callbacks() {
        return callbacks;
    }

    /**
     * {@inheritDoc}
     *
     * <p>On PostgreSQL: {@code LISTEN} on one connection of the store's data source (named {@code ses-due-work} in
     * {@code pg_stat_activity}) and a daemon thread, for as long as the subscription is open. Mail queued, a task
     * created and a run rescheduled send a {@code NOTIFY} that PostgreSQL delivers when their transaction commits.
     * A listening connection that fails is replaced after a back-off, and the workers are woken once it listens
     * again. On H2 (one JVM owns the database) there are no notices.
     */
    @Override
    public DueWorkSubscription subscribeDueWork(Runnable onDue) {
        Objects.requireNonNull(onDue, "onDue");
        return tx.dialect() == Dialect.POSTGRESQL ? DueWork.listen(dataSource, onDue) : DueWorkSubscription.NONE;
    }

    @Override
    public dev.ses.core.spi.TrackingRepository tracking() {
        return tracking;
    }

    @Override
    public dev.ses.core.spi.ReportRepository reports() {
        return reports;
    }

    /** {@return the data source the store runs on (its own pool, or the one it was given)} */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Closes the pool the store built, which closes an embedded H2 database. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownedPool.isPresent()) {
            try {
                ownedPool.get().close();
            } catch (Exception e) {
                throw new JdbcStoreException("could not close the connection pool", e);
            }
        }
    }
}
