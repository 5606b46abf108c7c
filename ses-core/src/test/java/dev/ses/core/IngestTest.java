package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.spi.InboundReport;
import dev.ses.core.spi.StoredReport;
import dev.ses.core.testing.SesFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Ses#ingest} at the door: every message is kept, none throws, the size is bounded. */
class IngestTest {
    private static final byte[] SOME_REPORT = ("From: MAILER-DAEMON@mx.test\r\nTo: x@y.test\r\n\r\nfailed\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    @Test
    void withoutAParserAMessageIsKeptAsMalformedWithTheReason() {
        try (SesFixture f = SesFixture.create()) {
            IngestResult r = f.ses().ingest(new ByteArrayInputStream(SOME_REPORT));
            assertThat(r.status()).isEqualTo(StoredReport.Status.MALFORMED);
            assertThat(r.detail()).contains("reportParser");
            StoredReport kept = f.ses().reports(StoredReport.Status.MALFORMED, 0, 10).get(0);
            assertThat(kept.raw()).isEqualTo(SOME_REPORT);
            assertThat(kept.id()).isEqualTo(r.reportId());
        }
    }

    @Test
    void aMessageOverTheLimitIsKeptCutAndSaysSo() {
        try (SesFixture f = SesFixture.create(b -> b.maxReportSize(1024))) {
            byte[] big = new byte[5000];
            java.util.Arrays.fill(big, (byte) 'x');
            IngestResult r = f.ses().ingest(new ByteArrayInputStream(big));
            assertThat(r.status()).isEqualTo(StoredReport.Status.MALFORMED);
            assertThat(r.detail()).contains("larger than the limit of 1024 bytes");
            assertThat(f.ses().reports(StoredReport.Status.MALFORMED, 0, 10).get(0).raw()).hasSize(1024);
        }
    }

    @Test
    void aStreamThatFailsIsKeptAsMalformed() {
        try (SesFixture f = SesFixture.create()) {
            InputStream broken = new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("connection reset");
                }
            };
            IngestResult r = f.ses().ingest(broken);
            assertThat(r.status()).isEqualTo(StoredReport.Status.MALFORMED);
            assertThat(r.detail()).contains("connection reset");
        }
    }

    @Test
    void aParserThatHangsIsCutOffAtTheParseTimeout() {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (SesFixture f = SesFixture.create(b -> b.reportParseTimeout(java.time.Duration.ofMillis(50))
                .reportParser(raw -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return InboundReport.malformed("never");
                }))) {
            IngestResult r = f.ses().ingest(new ByteArrayInputStream(SOME_REPORT));
            assertThat(r.status()).isEqualTo(StoredReport.Status.MALFORMED);
            assertThat(r.detail()).contains("parsing took longer than 50 ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void theSameBytesTwiceAreOneReport() {
        try (SesFixture f = SesFixture.create()) {
            IngestResult first = f.ses().ingest(new ByteArrayInputStream(SOME_REPORT));
            IngestResult second = f.ses().ingest(new ByteArrayInputStream(SOME_REPORT));
            assertThat(first.duplicate()).isFalse();
            assertThat(second.duplicate()).isTrue();
            assertThat(second.reportId()).isEqualTo(first.reportId());
            assertThat(f.ses().reports(StoredReport.Status.MALFORMED, 0, 10)).hasSize(1);
        }
    }

    @Test
    void aReportStoredButNeverReadIsReadWhenItComesAgain() throws Exception {
        try (SesFixture f = SesFixture.create()) {
            String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(SOME_REPORT));
            // What an intake that stopped between storing and reading leaves behind.
            f.store().reports().add(new StoredReport(0, f.clock().instant(), sha, SOME_REPORT,
                    StoredReport.Status.RECEIVED, java.util.Optional.empty(), "", java.util.Optional.empty(),
                    java.util.Optional.empty()));
            f.clock().advance(java.time.Duration.ofMinutes(1));
            IngestResult r = f.ses().ingest(new ByteArrayInputStream(SOME_REPORT));
            assertThat(r.duplicate()).isFalse();
            assertThat(r.status()).isEqualTo(StoredReport.Status.MALFORMED);
            assertThat(f.ses().reports(StoredReport.Status.RECEIVED, 0, 10)).isEmpty();
            assertThat(f.ses().reports(StoredReport.Status.MALFORMED, 0, 10)).hasSize(1);
        }
    }

    private static StoredReport received(byte[] raw, java.time.Instant at) throws Exception {
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(raw));
        return new StoredReport(0, at, sha, raw, StoredReport.Status.RECEIVED, java.util.Optional.empty(), "",
                java.util.Optional.empty(), java.util.Optional.empty());
    }

    @Test
    void reportsStoredButNeverReadAreReadByThePumpInBoundedBatchesOnceTheirReadingHasTimedOut() throws Exception {
        java.util.List<Integer> limits = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.ses.core.spi.Store memory = new InMemoryStore();
        dev.ses.core.spi.Store watched = new ForwardingStore(memory) {
            @Override
            public dev.ses.core.spi.ReportRepository reports() {
                dev.ses.core.spi.ReportRepository inner = super.reports();
                return new dev.ses.core.spi.ReportRepository() {
                    @Override
                    public java.util.Optional<StoredReport> add(StoredReport report) {
                        return inner.add(report);
                    }

                    @Override
                    public void resolve(StoredReport report) {
                        inner.resolve(report);
                    }

                    @Override
                    public java.util.Optional<StoredReport> bySha256(String sha256) {
                        return inner.bySha256(sha256);
                    }

                    @Override
                    public java.util.Optional<StoredReport> get(long id) {
                        return inner.get(id);
                    }

                    @Override
                    public java.util.List<StoredReport> list(StoredReport.Status status, long afterId, int limit) {
                        if (status == StoredReport.Status.RECEIVED) {
                            limits.add(limit);
                        }
                        return inner.list(status, afterId, limit);
                    }
                };
            }
        };
        try (SesFixture f = SesFixture.create(watched, b -> b.reportParseTimeout(java.time.Duration.ofSeconds(5)))) {
            // What intakes that stopped between storing and reading leave behind: more than one batch.
            for (int i = 0; i < 250; i++) {
                memory.reports().add(received(("report " + i).getBytes(StandardCharsets.US_ASCII),
                        f.clock().instant()));
            }
            f.runDueWork();
            // Within twice the parse timeout an intake may still be reading them: left alone.
            assertThat(f.ses().reports(StoredReport.Status.RECEIVED, 0, 1000)).hasSize(250);

            f.clock().advance(java.time.Duration.ofSeconds(11));
            limits.clear();
            f.runDueWork();
            java.util.List<Integer> asked = java.util.List.copyOf(limits);
            assertThat(f.ses().reports(StoredReport.Status.RECEIVED, 0, 1000)).isEmpty();
            assertThat(f.ses().reports(StoredReport.Status.MALFORMED, 0, 1000)).hasSize(250)
                    .allSatisfy(r -> assertThat(r.detail()).contains("reportParser"));
            assertThat(asked).hasSizeGreaterThan(2).allSatisfy(l -> assertThat(l).isLessThanOrEqualTo(100));
        }
    }

    @Test
    void aReportStoredButNeverReadIsRecordedOnceWhenThePumpReadsIt() throws Exception {
        byte[] raw = "a bounce for ann".getBytes(StandardCharsets.US_ASCII);
        try (SesFixture f = SesFixture.create(b -> b.reportParser(bytes -> new InboundReport(
                InboundReport.Kind.PLAIN_BOUNCE, java.util.Optional.empty(),
                java.util.List.of("postmaster@" + SesFixture.DOMAIN),
                java.util.Optional.empty(), java.util.List.of(new InboundReport.RecipientStatus("ann@example.org",
                        InboundReport.Action.FAILED, "5.1.1", java.util.Optional.of("550 5.1.1 no such user"),
                        java.util.Optional.empty())), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty())))) {
            String id = f.account().send(f.message(f.textTemplate("Hello"), "Hi").to("ann@example.org").build())
                    .messageId();
            f.runDueWork();
            f.store().reports().add(received(raw, f.clock().instant()));
            f.clock().advance(java.time.Duration.ofMinutes(1));
            f.runDueWork();
            assertThat(f.account().deliveries().byMessage(id).get(0).state()).isEqualTo(MessageState.BOUNCED);
            StoredReport read = f.ses().reports(StoredReport.Status.APPLIED, 0, 10).get(0);
            assertThat(read.detail()).contains("recipient ann@example.org and time");
            f.clock().advance(java.time.Duration.ofMinutes(1));
            f.runDueWork();
            assertThat(f.events().stream().filter(e -> e.type() == EventType.BOUNCED)).hasSize(1);
        }
    }

    @Test
    void theRecipientAndTimeRuleLooksUpTheSenderDomainByNameNotEveryDomain() {
        java.util.concurrent.atomic.AtomicInteger everyDomain = new java.util.concurrent.atomic.AtomicInteger();
        dev.ses.core.spi.Store watched = new ForwardingStore(new InMemoryStore()) {
            @Override
            public dev.ses.core.spi.DomainRepository domains() {
                dev.ses.core.spi.DomainRepository inner = super.domains();
                return (dev.ses.core.spi.DomainRepository) java.lang.reflect.Proxy.newProxyInstance(
                        getClass().getClassLoader(), new Class<?>[] {dev.ses.core.spi.DomainRepository.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("all")) {
                                everyDomain.incrementAndGet();
                            }
                            try {
                                return method.invoke(inner, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
        try (SesFixture f = SesFixture.create(watched, b -> b.reportParser(bytes -> new InboundReport(
                InboundReport.Kind.PLAIN_BOUNCE, java.util.Optional.empty(),
                java.util.List.of("postmaster@" + SesFixture.DOMAIN), java.util.Optional.empty(),
                java.util.List.of(new InboundReport.RecipientStatus("ann@example.org", InboundReport.Action.FAILED,
                        "5.1.1", java.util.Optional.of("550 5.1.1 no such user"), java.util.Optional.empty())),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty())))) {
            String id = f.account().send(f.message(f.textTemplate("Hello"), "Hi").to("ann@example.org").build())
                    .messageId();
            f.runDueWork();
            everyDomain.set(0);
            IngestResult r = f.ses().ingest(new ByteArrayInputStream(SOME_REPORT));
            assertThat(r.status()).as(r.detail()).isEqualTo(StoredReport.Status.APPLIED);
            assertThat(r.detail()).contains("recipient ann@example.org and time");
            assertThat(f.account().deliveries().byMessage(id).get(0).state()).isEqualTo(MessageState.BOUNCED);
            assertThat(everyDomain).hasValue(0);
        }
    }

    @Test
    void theBuilderChecksTheIntakeSettings() {
        assertThatThrownBy(() -> Ses.builder().maxReportSize(10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxReportSize");
        assertThatThrownBy(() -> Ses.builder().returnPathKey(new byte[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("returnPathKey");
        assertThatThrownBy(() -> Ses.builder().reportParseTimeout(java.time.Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reportParseTimeout");
    }
}
