package dev.ses.store.jdbc.internal;

import dev.ses.core.SesException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Binds a connection to the calling thread for the length of a transaction, so that every repository call the
 * work makes on that thread uses it. A call with no transaction bound borrows a connection for itself.
 */
public final class Transactions {
    private static final class Binding {
        final Connection connection;
        final boolean host;

        Binding(Connection connection, boolean host) {
            this.connection = connection;
            this.host = host;
        }
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final ThreadLocal<Binding> bound = new ThreadLocal<>();

    public Transactions(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs work in one transaction; inside a transaction already bound to this thread, joins it. */
    public <T> T inTransaction(Supplier<T> work) {
        if (bound.get() != null) {
            return work.get();
        }
        Connection c;
        boolean autoCommit;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw Sql.translate("could not open a connection", e);
        }
        try {
            autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            }
        } catch (SQLException e) {
            closeQuietly(c, e);
            throw Sql.translate("could not begin a transaction", e);
        }
        bound.set(new Binding(c, false));
        boolean committed = false;
        try {
            T result = work.get();
            c.commit();
            committed = true;
            return result;
        } catch (SQLException e) {
            throw Sql.translate("could not commit", e);
        } finally {
            bound.remove();
            finish(c, committed, autoCommit);
        }
    }

    private static void finish(Connection c, boolean committed, boolean autoCommit) {
        Throwable failure = null;
        try {
            if (!committed) {
                c.rollback();
            }
            if (autoCommit) {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            failure = e;
        }
        closeQuietly(c, failure);
    }

    private static void closeQuietly(Connection c, Throwable earlier) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            if (earlier != null) {
                earlier.addSuppressed(e);
            }
        }
    }

    /**
     * Runs work on a connection the host owns, inside the host's transaction: the store's calls on this thread use
     * it, and the store neither commits, rolls back nor closes it.
     */
    public <T> T onHostConnection(Connection connection, Supplier<T> work) {
        Binding current = bound.get();
        if (current != null) {
            if (current.connection == connection) {
                return work.get();
            }
            throw new IllegalStateException("a transaction of this store is already open on this thread");
        }
        try {
            if (connection.getAutoCommit()) {
                throw new IllegalArgumentException(
                        "the host connection is in auto-commit mode: start a transaction with setAutoCommit(false)");
            }
        } catch (SQLException e) {
            throw Sql.translate("could not read the host connection's auto-commit mode", e);
        }
        bound.set(new Binding(connection, true));
        try {
            return work.get();
        } finally {
            bound.remove();
        }
    }

    /** Whether a transaction (own or the host's) is bound to this thread. */
    public boolean active() {
        return bound.get() != null;
    }

    /** Runs one unit of work: on the bound connection, or on a borrowed one that commits what it did. */
    public <T> T run(String what, SqlWork<T> work) {
        return run(work, false, e -> Sql.translate(what, e));
    }

    /**
     * Runs one insert as {@link #run}, of a row whose unique key has a meaning: if the key is taken, the failure is
     * an ALREADY_EXISTS with the message {@code ifTaken}, which names the key.
     */
    public <T> T insert(String what, String ifTaken, SqlWork<T> work) {
        return run(work, true, e -> Sql.translate(what, ifTaken, e));
    }

    private <T> T run(SqlWork<T> work, boolean mayGoOn, Function<SQLException, SesException> translate) {
        Binding b = bound.get();
        if (b != null) {
            return mayGoOn && dialect == Dialect.POSTGRESQL
                    ? inSavepoint(b.connection, work, translate)
                    : runBound(b.connection, work, translate);
        }
        try (Connection c = dataSource.getConnection()) {
            if (c.getAutoCommit()) {
                return work.apply(c);
            }
            // A pool configured without auto-commit: commit ourselves, so a read does not hold a transaction open.
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw translate.apply(e);
        }
    }

    private static <T> T runBound(Connection c, SqlWork<T> work, Function<SQLException, SesException> translate) {
        try {
            return work.apply(c);
        } catch (SQLException e) {
            throw translate.apply(e);
        }
    }

    /**
     * On PostgreSQL a failed statement aborts the whole transaction. The store's contract lets a caller go on after
     * an insert whose key is taken (a duplicate name, say), as on the other stores, so an insert runs inside a
     * savepoint that its failure rolls back. Only inserts: a savepoint costs two more round trips, and no caller goes
     * on after any other failure, which rolls the whole transaction back anyway.
     */
    private static <T> T inSavepoint(Connection c, SqlWork<T> work, Function<SQLException, SesException> translate) {
        Savepoint savepoint;
        try {
            savepoint = c.setSavepoint();
        } catch (SQLException e) {
            throw translate.apply(e);
        }
        try {
            T result = work.apply(c);
            c.releaseSavepoint(savepoint);
            return result;
        } catch (SQLException e) {
            rollbackTo(c, savepoint, e);
            throw translate.apply(e);
        } catch (RuntimeException e) {
            rollbackTo(c, savepoint, e);
            throw e;
        }
    }

    private static void rollbackTo(Connection c, Savepoint savepoint, Exception failure) {
        try {
            c.rollback(savepoint);
        } catch (SQLException inner) {
            failure.addSuppressed(inner);
        }
    }

    /** Runs work that takes several statements atomically: in the bound transaction, or in a new one. */
    public <T> T atomic(String what, SqlWork<T> work) {
        return inTransaction(() -> run(what, work));
    }
}
