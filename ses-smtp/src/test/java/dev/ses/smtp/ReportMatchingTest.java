package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.BounceType;
import dev.ses.core.DeliveryStatus;
import dev.ses.core.EventType;
import dev.ses.core.IngestResult;
import dev.ses.core.MessageState;
import dev.ses.core.SesEvent;
import dev.ses.core.spi.StoredReport;
import dev.ses.core.testing.SesFixture;
import dev.ses.core.testing.SimulatedMail;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which copy a report reaches: each recipient's copy of a shared message has its own signed return path, a copy
 * bounces once, and complaints and automatic replies from another address than the one mailed reach the copy their
 * token or Message-ID names.
 */
class ReportMatchingTest {
    private static final String ANN = "ann@example.org";
    private static final String BOB = "bob@example.org";
    private static final String ALIAS = "a.smith@example.org";

    private SesFixture f;

    @BeforeEach
    void create() {
        f = SesFixture.create(b -> b.reportParser(MailReports.parser()));
    }

    @AfterEach
    void close() {
        f.close();
    }

    private String send(String... to) {
        String id = f.account().send(f.message(f.textTemplate("Hello"), "Your order has shipped").to(to).build())
                .messageId();
        f.runDueWork();
        return id;
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = ReportMatchingTest.class.getResourceAsStream("/reports/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private IngestResult ingest(String file, String returnPath, String messageId, String recipient)
            throws IOException {
        String raw = resource(file).replace("{{RP}}", returnPath).replace("{{MID}}", messageId)
                .replace("{{RCPT}}", recipient).replace("{{MX}}", "mx.example.org");
        IngestResult r = f.ses().ingest(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
        f.runDueWork();
        return r;
    }

    private DeliveryStatus status(String id, String recipient) {
        return f.account().deliveries().byMessage(id).stream().filter(s -> s.recipient().equals(recipient))
                .findFirst().orElseThrow();
    }

    private List<EventType> events(String recipient) {
        return f.events().stream().filter(e -> e.recipient().equals(recipient)).map(SesEvent::type).toList();
    }

    private SimulatedMail copy(String recipient) {
        return f.simulator().mailbox(recipient).get(0);
    }

    @Test
    void eachRecipientOfASharedMessageHasAReturnPathOfTheirOwn() {
        send(ANN, BOB);
        assertThat(copy(ANN).returnPath()).isNotEqualTo(copy(BOB).returnPath());
        // The message stays one: the same headers and Message-ID for both, as a regular send with several To is.
        assertThat(copy(ANN).messageId()).isEqualTo(copy(BOB).messageId());
        assertThat(copy(ANN).to()).containsExactly(ANN, BOB);
    }

    @Test
    void aReportWithOneRecipientsReturnPathCannotBounceAnother() throws IOException {
        String id = send(ANN, BOB);
        // Ann writes a DSN about Bob and sends it to her own, genuinely signed, return path.
        IngestResult forged = ingest("postfix-user-unknown.eml", copy(ANN).returnPath(), copy(ANN).messageId(), BOB);
        assertThat(forged.status()).isEqualTo(StoredReport.Status.UNMATCHED);
        assertThat(forged.detail()).contains(BOB + " is not a recipient of it");
        assertThat(status(id, BOB).state()).isEqualTo(MessageState.DELIVERED);
        assertThat(status(id, ANN).state()).isEqualTo(MessageState.DELIVERED);
        assertThat(f.account().blocklist().isBlocked(BOB)).isFalse();

        // The genuine report, back at Bob's own return path, bounces Bob alone.
        IngestResult genuine = ingest("postfix-user-unknown.eml", copy(BOB).returnPath(), copy(BOB).messageId(),
                BOB);
        assertThat(genuine.status()).isEqualTo(StoredReport.Status.APPLIED);
        assertThat(status(id, BOB).state()).isEqualTo(MessageState.BOUNCED);
        assertThat(status(id, ANN).state()).isEqualTo(MessageState.DELIVERED);
    }

    @Test
    void aDsnAfterTheBounceAtTheSmtpReplyRecordsNothing() throws IOException {
        f.simulator().rule(ANN).hardBounce("550 5.1.1 <ann@example.org>: no such user");
        String id = send(ANN);
        DeliveryStatus before = status(id, ANN);
        assertThat(before.state()).isEqualTo(MessageState.BOUNCED);

        IngestResult late = ingest("postfix-no-token-message-id.eml", "", id + "@" + SesFixture.DOMAIN, ANN);
        assertThat(late.status()).isEqualTo(StoredReport.Status.INFORMATIONAL);
        assertThat(late.detail()).contains(ANN + " bounced before");
        assertThat(late.recorded()).isZero();
        assertThat(events(ANN)).containsExactly(EventType.QUEUED, EventType.BOUNCED);
        DeliveryStatus after = status(id, ANN);
        assertThat(after.state()).isEqualTo(MessageState.BOUNCED);
        assertThat(after.reply()).isEqualTo(before.reply());
        assertThat(after.bounceType()).isEqualTo(before.bounceType());
    }

    @Test
    void aSecondServersDsnForABouncedCopyRecordsNothing() throws IOException {
        String id = send(ANN);
        ingest("postfix-mailbox-full.eml", copy(ANN).returnPath(), copy(ANN).messageId(), ANN);
        assertThat(status(id, ANN).bounceType()).contains(BounceType.SOFT);

        IngestResult second = ingest("exim-user-unknown.eml", copy(ANN).returnPath(), copy(ANN).messageId(), ANN);
        assertThat(second.status()).isEqualTo(StoredReport.Status.INFORMATIONAL);
        assertThat(events(ANN)).containsExactly(EventType.QUEUED, EventType.DELIVERED, EventType.BOUNCED);
        // The first report stands: no blocklisting by the second one's address reason.
        assertThat(status(id, ANN).bounceType()).contains(BounceType.SOFT);
        assertThat(f.account().blocklist().isBlocked(ANN)).isFalse();
    }

    @Test
    void anAutoReplyFromAnAliasReachesTheCopyItsReturnPathNames() throws IOException {
        send(ANN, BOB);
        IngestResult r = ingest("autoreply-rfc3834.eml", copy(ANN).returnPath(), copy(ANN).messageId(), ALIAS);
        assertThat(r.status()).as(r.detail()).isEqualTo(StoredReport.Status.APPLIED);
        assertThat(r.detail()).contains("sent by " + ALIAS + " for " + ANN);
        assertThat(events(ANN)).containsExactly(EventType.QUEUED, EventType.DELIVERED, EventType.AUTO_REPLY);
        assertThat(events(BOB)).containsExactly(EventType.QUEUED, EventType.DELIVERED);
    }

    @Test
    void aComplaintFromAnAliasReachesTheCopyItsReturnPathNamesAndSuppressesIt() throws IOException {
        String id = send(ANN, BOB);
        IngestResult r = ingest("arf-yahoo-abuse.eml", copy(BOB).returnPath(), copy(BOB).messageId(), ALIAS);
        assertThat(r.status()).as(r.detail()).isEqualTo(StoredReport.Status.APPLIED);
        assertThat(status(id, BOB).complained()).isTrue();
        assertThat(status(id, ANN).complained()).isFalse();
        String next = send(BOB);
        assertThat(status(next, BOB).state()).isEqualTo(MessageState.REJECTED);
    }

    @Test
    void aComplaintFromAnAliasWithoutAReturnPathReachesTheOneCopyItsMessageIdNames() throws IOException {
        String id = send(ANN);
        IngestResult r = ingest("arf-yahoo-abuse.eml", "list-owner@example.net", copy(ANN).messageId(), ALIAS);
        assertThat(r.status()).as(r.detail()).isEqualTo(StoredReport.Status.APPLIED);
        assertThat(r.detail()).contains("Message-ID");
        assertThat(status(id, ANN).complained()).isTrue();
    }

    @Test
    void aComplaintFromAnAliasNamingAMessageOfSeveralRecipientsStaysUnmatched() throws IOException {
        String id = send(ANN, BOB);
        // The shared Message-ID names both copies: which of them the alias stands for cannot be told.
        IngestResult r = ingest("arf-yahoo-abuse.eml", "list-owner@example.net", copy(ANN).messageId(), ALIAS);
        assertThat(r.status()).isEqualTo(StoredReport.Status.UNMATCHED);
        assertThat(status(id, ANN).complained()).isFalse();
        assertThat(status(id, BOB).complained()).isFalse();
    }
}
