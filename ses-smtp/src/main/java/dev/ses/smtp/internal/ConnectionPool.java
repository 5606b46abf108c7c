package dev.ses.smtp.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Connections to one destination: at most {@code size} at a time, each used for at most {@code maxUses}
 * messages, closed once idle for {@code idleNanos}. The most recently used idle connection is handed out first,
 * so a light load keeps few connections warm and the rest age out.
 *
 * <p>Thread-safe. {@link #acquire} blocks while all connections are in use.
 *
 * @param <C> the connection type
 */
public final class ConnectionPool<C> {
    /** Opens a connection; may block for the connect timeout. */
    @FunctionalInterface
    public interface Opener<C, X extends Exception> {
        /** A new, ready connection. */
        C open() throws X;
    }

    /** A connection on loan, with its use count. */
    public static final class Lease<C> {
        private final C connection;
        private final boolean reused;
        private int uses;
        private long idleSince;

        private Lease(C connection, boolean reused, int uses) {
            this.connection = connection;
            this.reused = reused;
            this.uses = uses;
        }

        /** The connection. */
        public C connection() {
            return connection;
        }

        /** Whether the connection carried a message before this loan. */
        public boolean reused() {
            return reused;
        }
    }

    private final Semaphore permits;
    private final int maxUses;
    private final long idleNanos;
    private final LongSupplier nanoTime;
    private final Consumer<C> closer;
    private final Deque<Lease<C>> idle = new ArrayDeque<>();
    private boolean closed;

    /**
     * A pool.
     *
     * @param size the most connections open at once
     * @param maxUses the most messages per connection
     * @param idleNanos how long an unused connection stays open
     * @param nanoTime the clock for idleness
     * @param closer closes a connection; must not throw
     */
    public ConnectionPool(int size, int maxUses, long idleNanos, LongSupplier nanoTime, Consumer<C> closer) {
        this.permits = new Semaphore(size, true);
        this.maxUses = maxUses;
        this.idleNanos = idleNanos;
        this.nanoTime = nanoTime;
        this.closer = closer;
    }

    /**
     * Lends a connection: an idle one unless {@code fresh}, else a new one from {@code opener}.
     *
     * @throws X when a new connection cannot be opened
     * @throws InterruptedException when interrupted while waiting for a free connection
     * @throws IllegalStateException when the pool is closed
     */
    public <X extends Exception> Lease<C> acquire(boolean fresh, Opener<C, X> opener) throws X, InterruptedException {
        permits.acquire();
        boolean done = false;
        try {
            Lease<C> lease = fresh ? null : takeIdle();
            if (lease == null) {
                synchronized (this) {
                    if (closed) {
                        throw new IllegalStateException("the connection pool is closed");
                    }
                }
                lease = new Lease<>(opener.open(), false, 0);
            }
            done = true;
            return lease;
        } finally {
            if (!done) {
                permits.release();
            }
        }
    }

    private Lease<C> takeIdle() {
        List<Lease<C>> expired = new ArrayList<>();
        Lease<C> found = null;
        long now = nanoTime.getAsLong();
        synchronized (this) {
            while (!idle.isEmpty()) {
                Lease<C> candidate = idle.pollFirst();
                if (now - candidate.idleSince >= idleNanos) {
                    expired.add(candidate);
                } else {
                    found = candidate;
                    break;
                }
            }
        }
        expired.forEach(l -> closer.accept(l.connection));
        return found == null ? null : new Lease<>(found.connection, true, found.uses);
    }

    /**
     * Returns a connection after one message. It goes back to the idle set if {@code reusable} and it has room
     * for more messages; otherwise it is closed.
     */
    public void release(Lease<C> lease, boolean reusable) {
        lease.uses++;
        boolean keep;
        synchronized (this) {
            keep = reusable && !closed && lease.uses < maxUses;
            if (keep) {
                lease.idleSince = nanoTime.getAsLong();
                idle.addFirst(lease);
            }
        }
        if (!keep) {
            closer.accept(lease.connection);
        }
        permits.release();
    }

    /** Closes a broken connection and frees its place. */
    public void discard(Lease<C> lease) {
        closer.accept(lease.connection);
        permits.release();
    }

    /** Closes the connections idle for longer than the idle timeout; returns how many. */
    public int evictIdle() {
        List<Lease<C>> expired = new ArrayList<>();
        long now = nanoTime.getAsLong();
        synchronized (this) {
            for (Iterator<Lease<C>> it = idle.iterator(); it.hasNext(); ) {
                Lease<C> l = it.next();
                if (now - l.idleSince >= idleNanos) {
                    expired.add(l);
                    it.remove();
                }
            }
        }
        expired.forEach(l -> closer.accept(l.connection));
        return expired.size();
    }

    /** How many connections are idle now. */
    public synchronized int idleCount() {
        return idle.size();
    }

    /** Closes the idle connections; connections on loan are closed when they come back. Idempotent. */
    public void close() {
        List<Lease<C>> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(idle);
            idle.clear();
        }
        all.forEach(l -> closer.accept(l.connection));
    }
}
