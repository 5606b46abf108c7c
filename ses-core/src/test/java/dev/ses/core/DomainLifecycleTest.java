package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.RecipientResult;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.ManualClock;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The domain's life over time: scheduled re-checks, failure, key rotation, keys encrypted at rest. */
class DomainLifecycleTest {
    private final ManualClock clock = ManualClock.at("2026-03-02T08:00:00Z");
    private final StaticDnsResolver dns = new StaticDnsResolver();
    private final InMemoryStore store = new InMemoryStore();
    private final List<OutboundMail> sent = new CopyOnWriteArrayList<>();
    private final List<DomainStatusEvent> changes = new CopyOnWriteArrayList<>();
    private final byte[] secret = filled((byte) 7);
    private final MailboxSimulator simulator = MailboxSimulator.create();
    private final Ses ses = Ses.builder().store(store).dns(dns).clock(clock).workers(0)
            .keyEncryptionKey(secret)
            .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256))
            .transport(new MailTransport() {
                @Override
                public List<RecipientResult> send(OutboundMail mail) {
                    sent.add(mail);
                    return simulator.send(mail);
                }

                @Override
                public void start(dev.ses.core.spi.TransportContext context) {
                    simulator.start(context);
                }
            })
            .listener(new SesListener() {
                @Override
                public void onEvent(SesEvent event) {
                }

                @Override
                public void onDomainStatus(DomainStatusEvent event) {
                    changes.add(event);
                }
            }).build();
    private final SesAccount acme = ses.account("acme");

    private static byte[] filled(byte value) {
        byte[] key = new byte[32];
        Arrays.fill(key, value);
        return key;
    }

    @AfterEach
    void close() {
        ses.close();
    }

    private void send(String to) {
        long tpl = acme.templates().find("t").orElseGet(() -> acme.templates().create("t", TemplateType.TEXT, "x"))
                .id();
        acme.send(SendRequest.builder().from("hi@mail.acme.test").template(tpl).subject("s").to(to).build());
    }

    @Test
    void aPendingDomainIsRecheckedUntilItsRecordsAppear() {
        SenderDomain d = acme.domains().create("mail.acme.test");
        ses.runDueWork();
        assertThat(acme.domains().get("mail.acme.test").lastCheckedAt()).contains(clock.instant());
        clock.advance(Duration.ofMinutes(32));
        ses.runDueWork();
        dns.publish(d);
        clock.advance(Duration.ofMinutes(4));
        ses.runDueWork();
        assertThat(acme.domains().get("mail.acme.test").status()).as("next check is due 5 minutes after the last")
                .isEqualTo(DomainStatus.PENDING);
        clock.advance(Duration.ofMinutes(1));
        ses.runDueWork();
        assertThat(acme.domains().get("mail.acme.test").status()).isEqualTo(DomainStatus.VERIFIED);
        assertThat(changes).singleElement().satisfies(e -> {
            assertThat(e.previous()).isEqualTo(DomainStatus.PENDING);
            assertThat(e.status()).isEqualTo(DomainStatus.VERIFIED);
            assertThat(e.at()).isEqualTo(clock.instant());
        });
    }

    @Test
    void aDomainWhoseRecordsNeverAppearFailsWhenItsWindowCloses() {
        acme.domains().create("mail.acme.test");
        Duration window = VerificationOptions.defaults().pendingWindow();
        for (Duration t = Duration.ZERO; t.compareTo(window.minusMinutes(1)) < 0; t = t.plusMinutes(30)) {
            ses.runDueWork();
            clock.advance(Duration.ofMinutes(30));
        }
        assertThat(acme.domains().get("mail.acme.test").status()).isEqualTo(DomainStatus.PENDING);
        clock.set(acme.domains().get("mail.acme.test").createdAt().plus(window));
        ses.runDueWork();
        assertThat(acme.domains().get("mail.acme.test").status()).isEqualTo(DomainStatus.FAILED);
        assertThat(changes).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(DomainStatus.FAILED);
            assertThat(e.reason()).isNotBlank();
            assertThat(e.verification().checks()).isNotEmpty();
        });
    }

    @Test
    void aVerifiedDomainThatLosesItsDkimFailsOnTheDailyCheckAndStopsSending() {
        SenderDomain d = acme.domains().create("mail.acme.test");
        dns.publish(d);
        acme.domains().verify("mail.acme.test");
        acme.addresses().create("mail.acme.test", "hi", "");
        dns.remove(d.dkimSelector() + "._domainkey.mail.acme.test");

        clock.advance(Duration.ofHours(23));
        ses.runDueWork();
        assertThat(acme.domains().get("mail.acme.test").status()).isEqualTo(DomainStatus.VERIFIED);
        send("early@x.test");
        clock.advance(Duration.ofHours(1));
        ses.runDueWork();
        assertThat(acme.domains().get("mail.acme.test").status()).isEqualTo(DomainStatus.FAILED);
        assertThat(changes).last().satisfies(e -> assertThat(e.reason()).contains("_domainkey"));
        assertThatThrownBy(() -> send("late@x.test")).isInstanceOf(SesException.class)
                .satisfies(e -> assertThat(((SesException) e).code()).isEqualTo(ErrorCode.DOMAIN_NOT_VERIFIED));
    }

    @Test
    void queuedMailWaitsWhileItsDomainCannotSend() {
        SenderDomain d = acme.domains().create("mail.acme.test");
        dns.publish(d);
        acme.domains().verify("mail.acme.test");
        acme.addresses().create("mail.acme.test", "hi", "");
        send("held@x.test");
        dns.remove(d.dkimSelector() + "._domainkey.mail.acme.test");
        acme.domains().verify("mail.acme.test");
        ses.runDueWork();
        assertThat(sent).isEmpty();
        dns.publish(d);
        acme.domains().verify("mail.acme.test");
        clock.advance(Duration.ofMinutes(30));
        ses.runDueWork();
        assertThat(sent).singleElement().satisfies(m -> assertThat(m.envelopeRecipients()).containsExactly(
                "held@x.test"));
    }

    @Test
    void keysRotateWithoutAGapInSigning() {
        SenderDomain d = acme.domains().create("mail.acme.test");
        dns.publish(d);
        acme.domains().verify("mail.acme.test");
        acme.addresses().create("mail.acme.test", "hi", "");
        clock.advance(Duration.ofSeconds(1));

        DnsRecord next = acme.domains().addKey("mail.acme.test");
        String selector = next.name().substring(0, next.name().indexOf('.'));
        assertThat(acme.domains().keys("mail.acme.test")).extracting(DkimKeyInfo::active).containsExactly(true, false);
        assertThatThrownBy(() -> acme.domains().activateKey("mail.acme.test", selector))
                .satisfies(e -> assertThat(((SesException) e).code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessageContaining(selector);
        send("a@x.test");
        ses.runDueWork();
        assertThat(sent.get(0).dkim().orElseThrow().selector()).isEqualTo(d.dkimSelector());

        dns.txt(next.name(), next.value());
        SenderDomain rotated = acme.domains().activateKey("mail.acme.test", selector);
        assertThat(rotated.dkimSelector()).isEqualTo(selector);
        assertThat(rotated.records()).anySatisfy(r -> assertThat(r.name()).startsWith(selector + "._domainkey"));
        send("b@x.test");
        ses.runDueWork();
        assertThat(sent.get(1).dkim().orElseThrow().selector()).isEqualTo(selector);
        assertThat(acme.domains().verify("mail.acme.test").status()).isEqualTo(DomainStatus.VERIFIED);
    }

    @Test
    void aKeyIsActivatedWithItsSelectorInAnyCaseAndSignsTheNextMail() {
        SenderDomain d = acme.domains().create("mail.acme.test");
        dns.publish(d);
        acme.domains().verify("mail.acme.test");
        acme.addresses().create("mail.acme.test", "hi", "");
        clock.advance(Duration.ofSeconds(1));
        DnsRecord next = acme.domains().addKey("mail.acme.test");
        String selector = next.name().substring(0, next.name().indexOf('.'));
        dns.txt(next.name().toUpperCase(java.util.Locale.ROOT), next.value());

        SenderDomain rotated = acme.domains().activateKey("MAIL.acme.test",
                selector.toUpperCase(java.util.Locale.ROOT));

        assertThat(rotated.dkimSelector()).isEqualTo(selector);
        assertThat(acme.domains().keys("mail.acme.test")).extracting(DkimKeyInfo::active).containsExactly(false, true);
        assertThat(rotated.records()).extracting(DnsRecord::purpose).containsExactly(DnsRecord.Purpose.SPF,
                DnsRecord.Purpose.DKIM, DnsRecord.Purpose.DMARC, DnsRecord.Purpose.MX);
        send("a@x.test");
        ses.runDueWork();
        assertThat(sent).singleElement().satisfies(m -> assertThat(m.dkim().orElseThrow().selector())
                .isEqualTo(selector));
    }

    @Test
    void aDomainWhoseSelectorIsStoredInAnotherCaseStillSigns() {
        SenderDomain d = acme.domains().create("mail.acme.test");
        dns.publish(d);
        acme.domains().verify("mail.acme.test");
        acme.addresses().create("mail.acme.test", "hi", "");
        SenderDomain stored = acme.domains().get("mail.acme.test");
        store.domains().update(stored.withDkim(stored.dkimSelector().toUpperCase(java.util.Locale.ROOT),
                stored.records()));

        send("a@x.test");
        ses.runDueWork();

        assertThat(sent).singleElement().satisfies(m -> assertThat(m.dkim()).hasValueSatisfying(k ->
                assertThat(k.selector()).isEqualTo(d.dkimSelector())));
    }

    @Test
    void privateKeysAreEncryptedInTheStoreAndUsableForSigning() throws Exception {
        SenderDomain d = acme.domains().create("mail.acme.test");
        DkimKey stored = store.domains().keys(d.id()).get(0);
        assertThatThrownBy(() -> KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(stored.privateKey()))).isInstanceOf(Exception.class);
        assertThat(stored.toString()).doesNotContain(Arrays.toString(stored.privateKey())).contains("(secret)");

        dns.publish(d);
        acme.domains().verify("mail.acme.test");
        acme.addresses().create("mail.acme.test", "hi", "");
        send("a@x.test");
        ses.runDueWork();
        byte[] used = sent.get(0).dkim().orElseThrow().privateKey();
        assertThat(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(used))).isNotNull();
    }

    @Test
    void aWrongEncryptionKeyHoldsTheMailWithAClearReason() {
        SenderDomain d = acme.domains().create("mail.acme.test");
        dns.publish(d);
        acme.domains().verify("mail.acme.test");
        acme.addresses().create("mail.acme.test", "hi", "");
        byte[] other = new byte[32];
        try (Ses wrong = Ses.builder().store(store).dns(dns).clock(clock).workers(0).keyEncryptionKey(other)
                .transport(MailboxSimulator.create()).build()) {
            long tpl = wrong.account("acme").templates().create("t", TemplateType.TEXT, "x").id();
            wrong.account("acme").send(SendRequest.builder().from("hi@mail.acme.test").template(tpl).subject("s")
                    .to("a@x.test").build());
            String id = wrong.account("acme").deliveries().find(DeliveryQuery.between(clock.instant(),
                    clock.instant().plusSeconds(1)), PageRequest.first()).items().get(0).messageId();
            wrong.runDueWork();
            DeliveryStatus s = wrong.account("acme").deliveries().byMessage(id).get(0);
            assertThat(s.state()).isEqualTo(MessageState.DEFERRED);
            assertThat(s.reply()).hasValueSatisfying(r -> assertThat(r).contains("keyEncryptionKey"));
        }
    }

    @Test
    void theEncryptionKeyMustBe256Bits() {
        assertThatThrownBy(() -> Ses.builder().keyEncryptionKey(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes");
    }
}
