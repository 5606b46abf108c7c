package dev.ses.core.internal.memory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The in-memory store's transactions: one lock serialises writers, and an undo log per thread reverts what a
 * failed transaction wrote. Readers take the lock's shared side, so they wait for a transaction in progress and
 * never see what it wrote before it ends: the read-committed isolation of the SQL stores. A reader inside its own
 * transaction sees its own writes.
 */
public final class MemoryTx {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ThreadLocal<Deque<Runnable>> undo = new ThreadLocal<>();

    /** Runs work atomically; nested calls join. */
    public <T> T inTransaction(Supplier<T> work) {
        if (lock.getReadHoldCount() > 0 && !lock.isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("a store read may not write");
        }
        lock.writeLock().lock();
        try {
            if (undo.get() != null) {
                return work.get();
            }
            Deque<Runnable> log = new ArrayDeque<>();
            undo.set(log);
            boolean ok = false;
            try {
                T result = work.get();
                ok = true;
                return result;
            } finally {
                undo.remove();
                if (!ok) {
                    while (!log.isEmpty()) {
                        log.pop().run();
                    }
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Runs a read: after any transaction in progress, or within the caller's own. */
    public <T> T read(Supplier<T> work) {
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs one write under the lock, in the current transaction if any. */
    public void write(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /** Runs one write under the lock, in the current transaction if any, and returns its result. */
    public <T> T write(Supplier<T> work) {
        return inTransaction(work);
    }

    /** Registers how to revert a write, when inside a transaction. */
    public void onRollback(Runnable revert) {
        Deque<Runnable> log = undo.get();
        if (log != null) {
            log.push(revert);
        }
    }

    /** Puts a value in a map and registers its reverse. Must be called under the write lock. */
    public <K, V> void put(Map<K, V> map, K key, V value) {
        V previous = map.put(key, value);
        onRollback(() -> restore(map, key, previous));
    }

    /** Removes a key from a map and registers its reverse. Must be called under the write lock. */
    public <K, V> V remove(Map<K, V> map, K key) {
        V previous = map.remove(key);
        if (previous != null) {
            onRollback(() -> map.put(key, previous));
        }
        return previous;
    }

    private static <K, V> void restore(Map<K, V> map, K key, V previous) {
        if (previous == null) {
            map.remove(key);
        } else {
            map.put(key, previous);
        }
    }
}
