package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.Outcome;
import dev.ses.core.spi.RecipientResult;
import dev.ses.core.spi.DkimKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport against a scripted server: every class of reply and failure ends in the right outcome, with a
 * server that offers PIPELINING and one that does not.
 */
class ScriptedSmtpTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    /** Whether the server offers PIPELINING; {@link PipelinedSmtpTest} runs every test here with it on. */
    boolean pipelining() {
        return false;
    }

    private ScriptedSmtpServer server(ScriptedSmtpServer.Script script) throws Exception {
        ScriptedSmtpServer server = new ScriptedSmtpServer(script, null, pipelining());
        closeables.add(server);
        return server;
    }

    private SmtpTransport transport(ScriptedSmtpServer server, int poolSize, int maxPerConnection) {
        SmtpTransport transport = SmtpTransport.relay("127.0.0.1", server.port()).poolSize(poolSize)
                .maxMessagesPerConnection(maxPerConnection).heloName("client.example.test")
                .readTimeout(Duration.ofSeconds(20)).build();
        closeables.add(transport);
        return transport;
    }

    private SmtpTransport transport(ScriptedSmtpServer server) {
        return transport(server, 2, 100);
    }

    private static RecipientResult only(List<RecipientResult> results) {
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void deliveredWithTheServersReplyAndTheEnvelope() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() { });
        SmtpTransport smtp = transport(server);

        RecipientResult r = only(smtp.send(Mails.rich("s1", "lisi@example.net")));

        assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(r.reply()).isEqualTo("250 2.0.0 queued");
        assertThat(server.accepted()).hasSize(1);
        ScriptedSmtpServer.Received received = server.accepted().get(0);
        assertThat(received.from()).isEqualTo("bounce+s1@mail.example.test");
        assertThat(received.to()).containsExactly("lisi@example.net");
        assertThat(received.text()).contains("Message-ID: <s1@mail.example.test>");
    }

    @Test
    void mailAndRcptGoOutTogetherExactlyWhenTheServerOffersPipelining() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() { });
        SmtpTransport smtp = transport(server);
        List<RecipientResult> results = smtp.send(Mails.text("g1", "ann@example.net", "bob@example.net"));
        assertThat(results).extracting(RecipientResult::outcome).containsOnly(Outcome.DELIVERED);
        assertThat(server.accepted()).singleElement()
                .satisfies(m -> assertThat(m.to()).containsExactly("ann@example.net", "bob@example.net"));
        assertThat(server.pipelinedTransactions()).isEqualTo(pipelining() ? 1 : 0);
    }

    @Test
    void anEnvelopeAddressThatWouldBreakTheCommandIsRefusedBeforeAnythingIsSent() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() { });
        SmtpTransport smtp = transport(server);
        OutboundMail clean = Mails.text("e1", "ann@example.net");
        // CR and LF never get this far (OutboundMail refuses them); a bracket and a space would add a parameter.
        String evil = "ann@example.net> ORCPT=rfc822;mallory@example.net";
        OutboundMail injected = new OutboundMail(clean.messageId(), clean.envelopeFrom(), clean.fromAddress(),
                clean.fromName(), clean.to(), clean.cc(), clean.replyTo(), List.of(evil), clean.subject(),
                clean.text(), clean.html(), clean.headers(), clean.attachments(), clean.date(), clean.dkim(),
                clean.metadata());

        assertThatThrownBy(() -> smtp.send(injected)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("envelope recipient").hasMessageContaining("mallory@example.net");
        assertThat(only(smtp.send(clean)).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(server.accepted()).singleElement()
                .satisfies(m -> assertThat(m.to()).containsExactly("ann@example.net"));
        assertThat(server.connections()).isEqualTo(1);
    }

    @DkimPyTest
    void signedMessagesArriveWithSignaturesThatVerifyIndependently(@TempDir Path dir) throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() { });
        SmtpTransport smtp = transport(server);
        DkimKey rsa = Mails.rsaKey("s2048");
        DkimKey ed = Mails.ed25519Key("ed1");

        assertThat(only(smtp.send(Mails.withKey(Mails.rich("k1", "lisi@example.net"), rsa))).outcome())
                .isEqualTo(Outcome.DELIVERED);
        assertThat(only(smtp.send(Mails.withKey(Mails.rich("k2", "lisi@example.net"), ed))).outcome())
                .isEqualTo(Outcome.DELIVERED);

        DkimPy dkimpy = new DkimPy(dir);
        List<ScriptedSmtpServer.Received> received = server.accepted();
        assertThat(received).hasSize(2);
        assertThat(received.get(0).text()).startsWith("DKIM-Signature: v=1; a=rsa-sha256;");
        assertThat(dkimpy.verifies(received.get(0).data(), rsa.recordValue())).isTrue();
        assertThat(received.get(1).text()).startsWith("DKIM-Signature: v=1; a=ed25519-sha256;");
        assertThat(dkimpy.verifies(received.get(1).data(), ed.recordValue())).isTrue();
    }

    @Test
    void credentialsForAServerThatOffersNoAuthSendNothing() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() { });
        SmtpTransport smtp = SmtpTransport.relay("127.0.0.1", server.port()).auth("app", "secret")
                .heloName("client.example.test").readTimeout(Duration.ofSeconds(20)).build();
        closeables.add(smtp);

        RecipientResult r = only(smtp.send(Mails.text("s2a", "a@example.net")));

        assertThat(r.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(r.reply()).contains("does not offer AUTH");
        assertThat(server.received()).as("not sent unauthenticated").isEmpty();
    }

    @Test
    void greeting421DefersWithTheReply() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String greeting(int connection) {
                return "421 4.3.2 too busy, try later";
            }
        });
        RecipientResult r = only(transport(server).send(Mails.text("s2", "a@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(r.reply()).contains("421 4.3.2 too busy");
    }

    @Test
    void rcpt421DefersAndTheConnectionIsNotReused() throws Exception {
        AtomicInteger rcpts = new AtomicInteger();
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String rcpt(int connection, String to) {
                return rcpts.incrementAndGet() == 1 ? "421 4.7.0 closing, too many errors" : "250 2.1.5 OK";
            }
        });
        SmtpTransport smtp = transport(server);
        RecipientResult r = only(smtp.send(Mails.text("s3", "a@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(r.reply()).contains("421 4.7.0");
        assertThat(only(smtp.send(Mails.text("s3b", "a@example.net"))).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void greylisting450DefersThenALaterSendIsDelivered() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String rcpt(int connection, String to) {
                return seen.add(to) ? "450 4.7.1 <" + to + ">: greylisted, come back later" : "250 2.1.5 OK";
            }
        });
        SmtpTransport smtp = transport(server);

        RecipientResult first = only(smtp.send(Mails.text("s4", "grey@example.net")));
        assertThat(first.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(first.reply()).startsWith("450 4.7.1").contains("greylisted");
        assertThat(server.accepted()).isEmpty();

        RecipientResult second = only(smtp.send(Mails.text("s4", "grey@example.net")));
        assertThat(second.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(server.accepted()).hasSize(1);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void unknownUserIsAHardBounceAndTheOtherRecipientStillGetsIt() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String rcpt(int connection, String to) {
                return to.startsWith("nobody") ? "550 5.1.1 <" + to + ">: user unknown" : "250 2.1.5 OK";
            }
        });
        SmtpTransport smtp = transport(server);
        List<RecipientResult> results = smtp.send(Mails.text("s5", "nobody@example.net", "ann@example.net"));

        assertThat(results).extracting(RecipientResult::recipient, RecipientResult::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("nobody@example.net", Outcome.HARD_BOUNCE),
                org.assertj.core.groups.Tuple.tuple("ann@example.net", Outcome.DELIVERED));
        assertThat(results.get(0).reply()).isEqualTo("550 5.1.1 <nobody@example.net>: user unknown");
        assertThat(results.get(1).reply()).isEqualTo("250 2.0.0 queued");
        assertThat(server.accepted()).singleElement()
                .satisfies(m -> assertThat(m.to()).containsExactly("ann@example.net"));

        // Every recipient refused: nothing is sent, the connection stays usable.
        assertThat(only(smtp.send(Mails.text("s5b", "nobody2@example.net"))).outcome())
                .isEqualTo(Outcome.HARD_BOUNCE);
        assertThat(only(smtp.send(Mails.text("s5c", "ann@example.net"))).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void mailboxFullIsASoftBounceAtRcptAndAtEndOfData() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String rcpt(int connection, String to) {
                return to.startsWith("full") ? "552 5.2.2 <" + to + ">: mailbox full" : "250 2.1.5 OK";
            }

            @Override
            public String endOfData(int connection, ScriptedSmtpServer.Received message) {
                return message.to().contains("late@example.net") ? "552 5.2.2 over quota" : "250 2.0.0 queued";
            }
        });
        SmtpTransport smtp = transport(server);
        RecipientResult atRcpt = only(smtp.send(Mails.text("s6", "full@example.net")));
        assertThat(atRcpt.outcome()).isEqualTo(Outcome.SOFT_BOUNCE);
        assertThat(atRcpt.reply()).startsWith("552 5.2.2");
        RecipientResult atData = only(smtp.send(Mails.text("s6b", "late@example.net")));
        assertThat(atData.outcome()).isEqualTo(Outcome.SOFT_BOUNCE);
        assertThat(atData.reply()).isEqualTo("552 5.2.2 over quota");
        assertThat(server.accepted()).isEmpty();
    }

    @Test
    void spamRefusalAtEndOfDataIsRejected() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String endOfData(int connection, ScriptedSmtpServer.Received message) {
                return "554 5.7.1 message refused as spam";
            }
        });
        SmtpTransport smtp = transport(server);
        List<RecipientResult> results = smtp.send(Mails.text("s7", "a@example.net", "b@example.net"));
        assertThat(results).extracting(RecipientResult::outcome).containsOnly(Outcome.REJECTED);
        assertThat(results).extracting(RecipientResult::reply).containsOnly("554 5.7.1 message refused as spam");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void refusedSenderIsRejectedNotABounce() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String mail(int connection, String from) {
                return "550 sender domain has no SPF";
            }
        });
        RecipientResult r = only(transport(server).send(Mails.text("s8", "a@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.reply()).isEqualTo("550 sender domain has no SPF");
    }

    @Test
    void aRefusalStandsWhenTheServerThenDropsTheConnection() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String mail(int connection, String from) {
                return connection == 1 ? "550 5.7.1 sender refused" : "250 2.1.0 OK";
            }

            @Override
            public String rset(int connection) {
                return ScriptedSmtpServer.DROP;
            }
        });
        SmtpTransport smtp = transport(server);
        RecipientResult refused = only(smtp.send(Mails.text("s13", "a@example.net")));
        assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(refused.reply()).isEqualTo("550 5.7.1 sender refused");
        // Not sent again on a fresh connection; that connection is not reused either.
        assertThat(server.connections()).isEqualTo(1);
        assertThat(only(smtp.send(Mails.text("s13b", "a@example.net"))).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aServerThatStopsAnsweringBeforeTheFinalDotDefersAfterTheReadTimeout() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String data(int connection) {
                return ScriptedSmtpServer.HANG;
            }
        });
        SmtpTransport smtp = SmtpTransport.relay("127.0.0.1", server.port()).readTimeout(Duration.ofMillis(300))
                .build();
        closeables.add(smtp);
        RecipientResult r = only(smtp.send(Mails.text("s9", "a@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(r.reply()).contains("timed out");
        // Not sent again: a timeout says nothing about the connection's age.
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void noReplyToTheFinalDotWithinTheDataTimeoutIsUncertainAndNotSentAgain() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String rcpt(int connection, String to) {
                return to.startsWith("nobody") ? "550 5.1.1 <" + to + ">: user unknown" : "250 2.1.5 OK";
            }

            @Override
            public String endOfData(int connection, ScriptedSmtpServer.Received message) {
                // The reply is withheld until the server closes at the end of the test.
                return connection == 1 ? ScriptedSmtpServer.HANG : "250 2.0.0 queued";
            }
        });
        SmtpTransport smtp = SmtpTransport.relay("127.0.0.1", server.port()).readTimeout(Duration.ofSeconds(20))
                .dataTimeout(Duration.ofMillis(200)).build();
        closeables.add(smtp);

        List<RecipientResult> results = smtp.send(Mails.text("u1", "nobody@example.net", "ann@example.net"));

        assertThat(results).extracting(RecipientResult::recipient, RecipientResult::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("nobody@example.net", Outcome.HARD_BOUNCE),
                org.assertj.core.groups.Tuple.tuple("ann@example.net", Outcome.UNCERTAIN));
        assertThat(results.get(1).reply())
                .isEqualTo("no reply to the end of data within 200ms: the server may have the message");
        assertThat(server.received()).singleElement()
                .satisfies(m -> assertThat(m.to()).containsExactly("ann@example.net"));
        assertThat(server.connections()).isEqualTo(1);
        // The connection is retired: the next message goes over a new one.
        assertThat(only(smtp.send(Mails.text("u1b", "ann@example.net"))).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void aSlowReplyToTheFinalDotIsWaitedForBeyondTheReadTimeout() throws Exception {
        AtomicInteger rcpts = new AtomicInteger();
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String rcpt(int connection, String to) {
                return rcpts.incrementAndGet() == 1 ? "250 2.1.5 OK" : ScriptedSmtpServer.HANG;
            }

            @Override
            public String endOfData(int connection, ScriptedSmtpServer.Received message) {
                return ScriptedSmtpServer.late(Duration.ofMillis(900), "250 2.0.0 queued at last");
            }
        });
        SmtpTransport smtp = SmtpTransport.relay("127.0.0.1", server.port()).readTimeout(Duration.ofMillis(300))
                .dataTimeout(Duration.ofSeconds(20)).build();
        closeables.add(smtp);

        RecipientResult r = only(smtp.send(Mails.text("u2", "a@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(r.reply()).isEqualTo("250 2.0.0 queued at last");
        assertThat(server.accepted()).hasSize(1);

        // The same connection waits for a command's reply no longer than the read timeout again.
        RecipientResult next = only(smtp.send(Mails.text("u2b", "b@example.net")));
        assertThat(next.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(next.reply()).contains("timed out");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aDropDuringDataIsRetriedOnceOnAFreshConnection() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String data(int connection) {
                return connection == 1 ? ScriptedSmtpServer.DROP : "354 go ahead";
            }
        });
        RecipientResult r = only(transport(server).send(Mails.text("s10", "a@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(server.accepted()).hasSize(1);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aResetBeforeTheFinalDotIsRetriedOnceOnAFreshConnection() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String data(int connection) {
                return connection == 1 ? ScriptedSmtpServer.RESET : "354 go ahead";
            }
        });
        RecipientResult r = only(transport(server).send(Mails.text("s10r", "a@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(server.received()).hasSize(1);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aServerThatAlwaysDropsBeforeTheFinalDotDefers() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String data(int connection) {
                return ScriptedSmtpServer.DROP;
            }
        });
        RecipientResult r = only(transport(server).send(Mails.text("s11", "a@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(r.reply()).contains("connection lost").contains("the server closed the connection")
                .doesNotContain("250");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aConnectionClosedAfterTheFinalDotIsUncertainAndNotSentAgain() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String endOfData(int connection, ScriptedSmtpServer.Received message) {
                return ScriptedSmtpServer.DROP;
            }
        });
        RecipientResult r = only(transport(server).send(Mails.text("u3", "a@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.UNCERTAIN);
        assertThat(r.reply()).isEqualTo(
                "the connection closed before the reply to the end of data: the server may have the message");
        assertThat(server.received()).hasSize(1);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aConnectionResetAfterTheFinalDotIsUncertainAndNotSentAgain() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String endOfData(int connection, ScriptedSmtpServer.Received message) {
                return ScriptedSmtpServer.RESET;
            }
        });
        RecipientResult r = only(transport(server).send(Mails.text("u4", "a@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.UNCERTAIN);
        assertThat(r.reply()).startsWith("connection lost before the reply to the end of data (")
                .endsWith("): the server may have the message");
        assertThat(server.received()).hasSize(1);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void theRelayBeingDownDefers() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() { });
        int port = server.port();
        server.close();
        SmtpTransport smtp = SmtpTransport.relay("127.0.0.1", port).build();
        closeables.add(smtp);
        RecipientResult r = only(smtp.send(Mails.text("s12", "a@example.net")));
        assertThat(r.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(r.reply()).contains("cannot connect");
    }

    @Test
    void sequentialSendsReuseOneConnectionUpToTheLimit() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() { });
        SmtpTransport smtp = transport(server, 4, 5);
        for (int i = 0; i < 20; i++) {
            assertThat(only(smtp.send(Mails.text("p" + i, "a@example.net"))).outcome())
                    .isEqualTo(Outcome.DELIVERED);
        }
        assertThat(server.accepted()).hasSize(20);
        assertThat(server.connections()).isEqualTo(4);
    }

    @Test
    void sendAllSpreadsOverAtMostPoolSizeConnections() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() { });
        SmtpTransport smtp = transport(server, 3, 1000);
        List<OutboundMail> mails = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            mails.add(Mails.text("b" + i, "r" + i + "@example.net"));
        }
        List<List<RecipientResult>> results = smtp.sendAll(mails);
        assertThat(results).hasSize(60);
        for (int i = 0; i < 60; i++) {
            assertThat(only(results.get(i)).recipient()).isEqualTo("r" + i + "@example.net");
            assertThat(only(results.get(i)).outcome()).isEqualTo(Outcome.DELIVERED);
        }
        assertThat(server.accepted()).hasSize(60);
        assertThat(server.connections()).isBetween(1, 3);
    }

    @Test
    void aMessageThatCannotBeSignedFailsAloneAndTheOthersOfItsBatchGo() throws Exception {
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() { });
        SmtpTransport smtp = transport(server, 2, 1000);
        DkimKey rsa = Mails.rsaKey("s1");
        DkimKey broken = new DkimKey(1L, "s1", DkimKey.RSA_SHA256, new byte[] {1, 2, 3}, rsa.publicKey(), true,
                rsa.createdAt());
        List<OutboundMail> mails = List.of(Mails.text("a", "a@example.net"),
                Mails.withKey(Mails.text("b", "b@example.net"), broken), Mails.text("c", "c@example.net"));

        List<List<RecipientResult>> results = smtp.sendAll(mails);

        assertThat(only(results.get(0)).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(only(results.get(1)).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(only(results.get(1)).reply()).isNotBlank();
        assertThat(only(results.get(2)).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(server.accepted()).hasSize(2);
    }

    @Test
    void aServerDroppingConnectionsMidBatchLosesNothing() throws Exception {
        AtomicInteger messages = new AtomicInteger();
        ScriptedSmtpServer server = server(new ScriptedSmtpServer.Script() {
            @Override
            public String endOfData(int connection, ScriptedSmtpServer.Received message) {
                // Every seventh message, the connection dies before the message is acknowledged.
                return messages.incrementAndGet() % 7 == 0 ? ScriptedSmtpServer.DROP : "250 2.0.0 queued";
            }
        });
        SmtpTransport smtp = transport(server, 3, 1000);
        List<OutboundMail> mails = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            mails.add(Mails.text("d" + i, "r" + i + "@example.net"));
        }
        List<List<RecipientResult>> results = smtp.sendAll(mails);

        Set<String> delivered = new HashSet<>();
        int uncertain = 0;
        for (int i = 0; i < 50; i++) {
            RecipientResult r = only(results.get(i));
            assertThat(r.outcome()).isIn(Outcome.DELIVERED, Outcome.UNCERTAIN);
            if (r.outcome() == Outcome.DELIVERED) {
                delivered.add("d" + i);
            } else {
                uncertain++;
            }
        }
        // Each message's final dot went out once: a drop after it is reported, not mended by sending again.
        assertThat(server.received()).hasSize(50);
        assertThat(uncertain).isEqualTo(50 / 7);
        Set<String> stored = new HashSet<>();
        Pattern id = Pattern.compile("Message-ID: <(d\\d+)@");
        for (ScriptedSmtpServer.Received m : server.accepted()) {
            Matcher matcher = id.matcher(m.text());
            assertThat(matcher.find()).isTrue();
            stored.add(matcher.group(1));
        }
        // What the transport calls delivered is exactly what the server stored; the rest is uncertain, not lost.
        assertThat(stored).isEqualTo(delivered);
        assertThat(server.connections()).isGreaterThan(3);
    }
}
