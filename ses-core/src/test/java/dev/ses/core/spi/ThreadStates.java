package dev.ses.core.spi;

import java.util.concurrent.TimeUnit;

/** Test help for threads that may wait on a store's lock. */
public final class ThreadStates {
    private ThreadStates() {
    }

    /**
     * Returns once a started thread has ended or waits (for a lock, a latch, a connection...), whichever comes first:
     * the moment its progress depends on another thread. Fails if it is still running after a minute.
     */
    public static void awaitEndedOrWaiting(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (thread.getState() == Thread.State.NEW || thread.getState() == Thread.State.RUNNABLE) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(thread.getName() + " neither ended nor waited within a minute");
            }
            Thread.yield();
        }
    }
}
