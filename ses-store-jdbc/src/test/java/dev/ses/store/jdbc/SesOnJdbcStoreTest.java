package dev.ses.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.DeliveryStatus;
import dev.ses.core.MessageState;
import dev.ses.core.SendReceipt;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.SesFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole engine on a JDBC store: sending, bounces and the blocklist, and the outbox through the facade. */
abstract class SesOnJdbcStoreTest {
    protected JdbcStore store;
    protected SesFixture f;

    protected abstract JdbcStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
        f = SesFixture.create(store, b -> b);
    }

    @AfterEach
    void close() {
        // Nothing to close when the store could not be opened (a PostgreSQL test skipped where no server runs).
        if (f != null) {
            f.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void sendsDeliversAndBlocklistsAHardBounce() {
        long tpl = f.textTemplate("Hello {{name}}");
        SendReceipt receipt = f.account().send(f.message(tpl, "Hi").variable("name", "Ann")
                .to("delivered@" + MailboxSimulator.DOMAIN, "bounce@" + MailboxSimulator.DOMAIN).build());
        f.runDueWork();
        f.advance(Duration.ofSeconds(1));

        List<DeliveryStatus> statuses = f.account().deliveries().byMessage(receipt.messageId());
        assertThat(statuses).extracting(DeliveryStatus::state)
                .containsExactlyInAnyOrder(MessageState.DELIVERED, MessageState.BOUNCED);
        assertThat(f.simulator().mailbox("delivered@" + MailboxSimulator.DOMAIN)).hasSize(1);
        assertThat(store.blocklist().find(SesFixture.ACCOUNT, "bounce@" + MailboxSimulator.DOMAIN)).hasSize(1);
        assertThat(store.messages().nextDue()).isEmpty();
    }

    @Test
    void aSendInsideTheHostsRolledBackTransactionIsNeverSent() throws SQLException {
        long tpl = f.textTemplate("Your order");
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            store.inHostTransaction(c, () -> f.account().send(f.message(tpl, "Order 1")
                    .to("delivered@" + MailboxSimulator.DOMAIN).build()));
            c.rollback();
            c.setAutoCommit(true);
        }
        f.runDueWork();
        assertThat(f.simulator().delivered()).isEmpty();

        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            store.inHostTransaction(c, () -> f.account().send(f.message(tpl, "Order 2")
                    .to("delivered@" + MailboxSimulator.DOMAIN).build()));
            c.commit();
            c.setAutoCommit(true);
        }
        f.runDueWork();
        assertThat(f.simulator().delivered()).hasSize(1);
    }
}
