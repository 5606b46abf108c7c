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
