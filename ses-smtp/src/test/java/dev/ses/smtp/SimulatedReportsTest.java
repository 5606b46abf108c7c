package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.BounceType;
import dev.ses.core.DeliveryStatus;
import dev.ses.core.EventType;
import dev.ses.core.MessageState;
import dev.ses.core.SesEvent;
import dev.ses.core.spi.InboundReport;
import dev.ses.core.spi.StoredReport;
import dev.ses.core.testing.SesFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's real reports: bytes sent back after a delay on the manual clock, through the parser and intake. */
class SimulatedReportsTest {
    private static final String ANN = "ann@example.org";

    private SesFixture f;

    @BeforeEach
    void create() {
        f = SesFixture.create(b -> b.reportParser(MailReports.parser()));
    }

    @AfterEach
    void close() {
        f.close();
    }

    private String send() {
        return f.account().send(f.message(f.textTemplate("Hello"), "Your order").to(ANN).build()).messageId();
    }

    private DeliveryStatus status(String id) {
        return f.account().deliveries().byMessage(id).get(0);
    }

    private List<EventType> events() {
        return f.events().stream().filter(e -> e.recipient().equals(ANN)).map(SesEvent::type).toList();
    }

    @Test
    void aFailedDsnAnHourLaterBouncesTheDeliveredMessageOnce() {
        f.simulator().rule(ANN).thenReportDsn("550 5.1.1 <ann@example.org>: Recipient address rejected: "
                + "User unknown", Duration.ofHours(1));
        String id = send();
        f.runDueWork();
        assertThat(status(id).state()).isEqualTo(MessageState.DELIVERED);
        assertThat(f.ses().reports(StoredReport.Status.APPLIED, 0, 10)).isEmpty();

        f.advance(Duration.ofMinutes(59));
        assertThat(status(id).state()).isEqualTo(MessageState.DELIVERED);
        f.advance(Duration.ofMinutes(1));
        assertThat(status(id).state()).isEqualTo(MessageState.BOUNCED);
        assertThat(status(id).bounceType()).contains(BounceType.HARD);
        assertThat(status(id).reply()).hasValueSatisfying(r -> assertThat(r).contains("5.1.1"));
        assertThat(f.account().blocklist().isBlocked(ANN)).isTrue();
        assertThat(events()).containsExactly(EventType.QUEUED, EventType.DELIVERED, EventType.BOUNCED);
        StoredReport stored = f.ses().reports(StoredReport.Status.APPLIED, 0, 10).get(0);
        assertThat(stored.kind()).contains(InboundReport.Kind.DELIVERY_STATUS);
        assertThat(new String(stored.raw(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("message/delivery-status", "Action: failed");

        f.advance(Duration.ofHours(5));
        assertThat(events()).containsExactly(EventType.QUEUED, EventType.DELIVERED, EventType.BOUNCED);
    }

    @Test
    void aDelayedDsnIsAnEventNotABounce() {
        f.simulator().rule(ANN).thenReportDsn("451 4.2.0 Mailbox temporarily unavailable", Duration.ofHours(4));
        String id = send();
        f.runDueWork();
        f.advance(Duration.ofHours(4));
        assertThat(status(id).state()).isEqualTo(MessageState.DELIVERED);
        assertThat(events()).containsExactly(EventType.QUEUED, EventType.DELIVERED, EventType.DEFERRED);
        assertThat(f.account().blocklist().isBlocked(ANN)).isFalse();
    }

    @Test
    void aMailboxFullDsnIsASoftBounceThatDoesNotBlocklist() {
        f.simulator().rule(ANN).thenReportDsn("552 5.2.2 Mailbox full", Duration.ofMinutes(10));
        String id = send();
        f.runDueWork();
        f.advance(Duration.ofMinutes(10));
        assertThat(status(id).state()).isEqualTo(MessageState.BOUNCED);
        assertThat(status(id).bounceType()).contains(BounceType.SOFT);
        assertThat(f.account().blocklist().isBlocked(ANN)).isFalse();
    }

    @Test
    void anArfComplaintIsRecordedAndSuppressesTheRecipientForTheSenderDomain() {
        f.simulator().rule(ANN).thenReportComplaint(Duration.ofMinutes(30));
        String id = send();
        f.runDueWork();
        f.advance(Duration.ofMinutes(30));
        assertThat(status(id).complained()).isTrue();
        assertThat(events()).containsExactly(EventType.QUEUED, EventType.DELIVERED, EventType.COMPLAINED);
        String next = send();
        f.runDueWork();
        assertThat(status(next).state()).isEqualTo(MessageState.REJECTED);
    }

    @Test
    void anOutOfOfficeReplyIsAnEvent() {
        f.simulator().rule(ANN).thenReportAutoReply(Duration.ofMinutes(1));
        String id = send();
        f.runDueWork();
        f.advance(Duration.ofMinutes(1));
        assertThat(status(id).state()).isEqualTo(MessageState.DELIVERED);
        assertThat(events()).containsExactly(EventType.QUEUED, EventType.DELIVERED, EventType.AUTO_REPLY);
    }

    @Test
    void accountWideComplaintsBlocklistTheRecipientForEveryDomain() {
        try (SesFixture g = SesFixture.create(b -> b.reportParser(MailReports.parser())
                .complaintScope(dev.ses.core.ComplaintScope.ACCOUNT))) {
            g.simulator().rule(ANN).thenReportComplaint(Duration.ofMinutes(30));
            g.account().send(g.message(g.textTemplate("Hello"), "Your order").to(ANN).build());
            g.runDueWork();
            g.advance(Duration.ofMinutes(30));
            assertThat(g.account().blocklist().isBlocked(ANN)).isTrue();
        }
    }
}
