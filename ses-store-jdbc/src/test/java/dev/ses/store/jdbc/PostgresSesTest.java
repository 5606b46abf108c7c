package dev.ses.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.DomainPolicy;
import dev.ses.core.ErrorCode;
import dev.ses.core.SenderDomain;
import dev.ses.core.Ses;
import dev.ses.core.SesException;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.LookupHooks;
import dev.ses.core.spi.Store;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.ManualClock;
import dev.ses.core.testing.SesFixture;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class PostgresSesTest extends SesOnJdbcStoreTest {
    @Override
    protected JdbcStore newStore() {
        PostgresServer server = PostgresServer.get();
        return JdbcStore.postgres(server.url(server.newSchema()), server.user(), server.password());
    }

    /**
     * Two calls create the same domain at once. The store holds each one's duplicate check until the other has
     * made its own, so both find nothing and both insert; PostgreSQL's unique key refuses the second insert once the
     * first commits, and that caller is told the domain exists, as its check would have told it.
     */
    @Test
    void twoCallsCreatingOneDomainAtOnceMakeOneDomainAndOneAlreadyExists() throws Exception {
        CyclicBarrier bothChecked = new CyclicBarrier(2);
        Store racing = LookupHooks.on(store, found -> {
            bothChecked.await(10, TimeUnit.SECONDS);
            return found;
        });
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (Ses ses = Ses.builder().store(racing).transport(MailboxSimulator.create())
                .clock(ManualClock.at(SesFixture.START)).workers(0)
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256)).build()) {
            Callable<SenderDomain> create = () -> ses.account("acme").domains().create("mail.acme.test");
            List<SenderDomain> created = new ArrayList<>();
            List<Throwable> refused = new ArrayList<>();
            for (Future<SenderDomain> call : callers.invokeAll(List.of(create, create))) {
                try {
                    created.add(call.get());
                } catch (ExecutionException e) {
                    refused.add(e.getCause());
                }
            }

            assertThat(created).hasSize(1);
            assertThat(refused).singleElement(InstanceOfAssertFactories.THROWABLE)
                    .isInstanceOfSatisfying(SesException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                    .hasMessage("domain: 'mail.acme.test' already exists in account acme")
                    .hasRootCauseInstanceOf(SQLException.class);
            assertThat(store.domains().list("acme")).containsExactlyElementsOf(created);
            assertThat(store.domains().keys(created.get(0).id())).hasSize(1);
        } finally {
            callers.shutdownNow();
        }
    }
}
