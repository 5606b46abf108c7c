package dev.ses.smtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectionPoolTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger opened = new AtomicInteger();
    private final List<Integer> closed = new ArrayList<>();
    private final ConnectionPool<Integer> pool = new ConnectionPool<>(2, 3, 1_000, now::get, closed::add);

    private ConnectionPool.Lease<Integer> acquire(boolean fresh) throws InterruptedException {
        return pool.acquire(fresh, opened::incrementAndGet);
    }

    @Test
    void reusesAConnectionUpToItsMessageLimit() throws Exception {
        for (int i = 0; i < 3; i++) {
            ConnectionPool.Lease<Integer> lease = acquire(false);
            assertThat(lease.connection()).isEqualTo(1);
            assertThat(lease.reused()).isEqualTo(i > 0);
            pool.release(lease, true);
        }
        assertThat(closed).containsExactly(1);
        assertThat(acquire(false).connection()).isEqualTo(2);
    }

    @Test
    void closesConnectionsIdleForTheTimeout() throws Exception {
        ConnectionPool.Lease<Integer> a = acquire(false);
        ConnectionPool.Lease<Integer> b = acquire(false);
        pool.release(a, true);
        now.set(500);
        pool.release(b, true);
        now.set(1_000);
        assertThat(pool.evictIdle()).isEqualTo(1);
        assertThat(closed).containsExactly(1);
        assertThat(pool.idleCount()).isEqualTo(1);
        now.set(1_600);
        // An expired idle connection is not handed out: a new one is opened instead.
        assertThat(acquire(false).connection()).isEqualTo(3);
        assertThat(closed).containsExactly(1, 2);
    }

    @Test
    void brokenOrUnwantedConnectionsAreClosedAndFreshOnesOpened() throws Exception {
        ConnectionPool.Lease<Integer> a = acquire(false);
        pool.discard(a);
        ConnectionPool.Lease<Integer> b = acquire(false);
        pool.release(b, false);
        assertThat(closed).containsExactly(1, 2);
        ConnectionPool.Lease<Integer> c = acquire(false);
        pool.release(c, true);
        assertThat(acquire(true).connection()).isEqualTo(4);
    }

    @Test
    void closeClosesIdleConnectionsAndRefusesNewOnes() throws Exception {
        ConnectionPool.Lease<Integer> a = acquire(false);
        ConnectionPool.Lease<Integer> b = acquire(false);
        pool.release(a, true);
        pool.close();
        assertThat(closed).containsExactly(1);
        pool.release(b, true);
        assertThat(closed).containsExactly(1, 2);
        assertThatThrownBy(() -> acquire(false)).isInstanceOf(IllegalStateException.class);
    }
}
