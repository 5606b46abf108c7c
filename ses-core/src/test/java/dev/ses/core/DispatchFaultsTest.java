package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.RecipientResult;
import dev.ses.core.spi.TransportContext;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.SesFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A message or a transport that fails takes nothing else down with it, and leaves nothing leased. */
class DispatchFaultsTest {
    /** Hands mail to a simulator, but cannot render a message to one recipient. */
    static final class OneUnsendable implements MailTransport {
        final MailboxSimulator simulator = MailboxSimulator.create();

        @Override
        public void start(TransportContext context) {
            simulator.start(context);
        }

        @Override
        public List<RecipientResult> send(OutboundMail mail) {
            if (mail.envelopeRecipients().contains("bad@acme.test")) {
                throw new IllegalArgumentException("cannot sign: the DKIM key is not an RSA key");
            }
            return simulator.send(mail);
        }
    }

    @Test
    void aMessageThatCannotBeSentFailsAloneAndTheRestOfItsChunkIsRecorded() {
        OneUnsendable transport = new OneUnsendable();
        try (SesFixture f = SesFixture.create(b -> b.transport(transport))) {
            long tpl = f.textTemplate("hello");
            String good1 = f.account().send(f.message(tpl, "s").to("ann@acme.test").build()).messageId();
            String bad = f.account().send(f.message(tpl, "s").to("bad@acme.test").build()).messageId();
            String good2 = f.account().send(f.message(tpl, "s").to("bob@acme.test").build()).messageId();
            f.runDueWork();

            DeliveryStatus failed = f.account().deliveries().byMessage(bad).get(0);
            assertThat(failed.state()).isEqualTo(MessageState.FAILED);
            assertThat(failed.reply()).hasValueSatisfying(r -> assertThat(r).contains("cannot sign"));
            assertThat(f.account().blocklist().isBlocked("bad@acme.test")).isFalse();
            assertThat(f.account().deliveries().byMessage(good1).get(0).state()).isEqualTo(MessageState.DELIVERED);
            assertThat(f.account().deliveries().byMessage(good2).get(0).state()).isEqualTo(MessageState.DELIVERED);
            assertThat(f.store().messages().depth().sending()).isZero();
            assertThat(f.events()).filteredOn(e -> e.messageId().equals(bad)).extracting(SesEvent::type)
                    .containsExactly(EventType.QUEUED, EventType.FAILED);
        }
    }

    @Test
    void aTransportThatThrowsDefersItsChunkInsteadOfLeavingItLeased() {
        AtomicInteger calls = new AtomicInteger();
        MailboxSimulator simulator = MailboxSimulator.create();
        MailTransport breaksOnce = new MailTransport() {
            @Override
            public void start(TransportContext context) {
                simulator.start(context);
            }

            @Override
            public List<RecipientResult> send(OutboundMail mail) {
                return simulator.send(mail);
            }

            @Override
            public List<List<RecipientResult>> sendAll(List<OutboundMail> mails) {
                if (calls.getAndIncrement() == 0) {
                    throw new IllegalStateException("bug in the transport");
                }
                return MailTransport.super.sendAll(mails);
            }
        };
        try (SesFixture f = SesFixture.create(b -> b.transport(breaksOnce))) {
            long tpl = f.textTemplate("hello");
            String id = f.account().send(f.message(tpl, "s").to("ann@acme.test").build()).messageId();
            f.runDueWork();

            DeliveryStatus deferred = f.account().deliveries().byMessage(id).get(0);
            assertThat(deferred.state()).isEqualTo(MessageState.DEFERRED);
            assertThat(deferred.reply()).hasValueSatisfying(r -> assertThat(r).contains("bug in the transport"));
            assertThat(deferred.attempts()).isEqualTo(1);
            assertThat(f.store().messages().depth().sending()).isZero();

            f.advance(Duration.ofMinutes(2));
            assertThat(f.account().deliveries().byMessage(id).get(0).state()).isEqualTo(MessageState.DELIVERED);
            assertThat(simulator.mailbox("ann@acme.test")).hasSize(1);
        }
    }

    @Test
    void healthShowsTheBacklogAndTheOldestQueuedMessage() {
        try (SesFixture f = SesFixture.create()) {
            f.simulator().rule("*@slow.test").deferTimes(5).thenDeliver();
            long tpl = f.textTemplate("hello");
            f.account().send(f.message(tpl, "s").to("ann@slow.test").build());
            f.clock().advance(Duration.ofMinutes(3));
            f.account().send(f.message(tpl, "s").to("bob@acme.test").build());
            SesHealth before = f.ses().health();
            assertThat(before.backlog()).hasValueSatisfying(b -> {
                assertThat(b.queued()).isEqualTo(2);
                assertThat(b.oldestQueued()).contains(Duration.ofMinutes(3));
            });
            assertThat(before.workers()).isEmpty();
            assertThat(before.lastSuccess()).isEmpty();

            f.runDueWork();
            SesHealth after = f.ses().health();
            assertThat(after.healthy()).isTrue();
            assertThat(after.lastSuccess()).contains(f.clock().instant());
            assertThat(after.lastError()).isEmpty();
            assertThat(after.backlog()).hasValueSatisfying(b -> {
                assertThat(b.queued()).isZero();
                assertThat(b.deferred()).isEqualTo(1);
                assertThat(b.oldestQueued()).isEmpty();
            });
        }
    }
}
