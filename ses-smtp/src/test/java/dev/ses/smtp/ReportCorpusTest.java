package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.BounceReason;
import dev.ses.core.BounceType;
import dev.ses.core.DeliveryStatus;
import dev.ses.core.EventType;
import dev.ses.core.IngestResult;
import dev.ses.core.MessageState;
import dev.ses.core.SesEvent;
import dev.ses.core.spi.InboundReport;
import dev.ses.core.spi.StoredReport;
import dev.ses.core.testing.SesFixture;
import dev.ses.core.testing.SimulatedMail;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every report of the corpus under {@code reports/}, written in the shapes Postfix, Exim, Sendmail, Exchange, Gmail,
 * Yahoo and two feedback loops produce, through the real parser and intake: each is ingested for a message the
 * simulator delivered, and {@code expected.tsv} says how it must be read, matched and recorded. The placeholders
 * stand for what only the run knows: the signed return path, the Message-ID, the recipient.
 */
class ReportCorpusTest {
    private static final String RECIPIENT = "ann@example.org";

    /** One line of {@code expected.tsv}. */
    record Case(String file, InboundReport.Kind kind, StoredReport.Status status, Optional<EventType> event,
                MessageState state, Optional<BounceType> bounce, Optional<BounceReason> reason, boolean blocklisted,
                boolean suppressed) {
        @Override
        public String toString() {
            return file;
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        for (String line : resource("expected.tsv").split("\r?\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(new Case(f[0], InboundReport.Kind.valueOf(f[1]), StoredReport.Status.valueOf(f[2]),
                    opt(f[3]).map(EventType::valueOf), MessageState.valueOf(f[4]), opt(f[5]).map(BounceType::valueOf),
                    opt(f[6]).map(BounceReason::valueOf), f[7].equals("yes"), f[8].equals("yes")));
        }
        return out;
    }

    private static Optional<String> opt(String s) {
        return s.equals("-") ? Optional.empty() : Optional.of(s);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReportCorpusTest.class.getResourceAsStream("/reports/" + name)) {
            Objects.requireNonNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** The signed return path with its signature replaced: what a forger who read one return path could write. */
    static String forged(String returnPath) {
        int eq = returnPath.lastIndexOf('=');
        int at = returnPath.lastIndexOf('@');
        return returnPath.substring(0, eq + 1) + "0123456789abcdef" + returnPath.substring(at);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachReportIsReadMatchedAndRecordedAsExpected(Case c) throws IOException {
        try (SesFixture f = SesFixture.create(b -> b.reportParser(MailReports.parser()))) {
            String id = f.account().send(f.message(f.textTemplate("Hello"), "Your order has shipped")
                    .to(RECIPIENT).build()).messageId();
            f.runDueWork();
            SimulatedMail sent = f.simulator().mailbox(RECIPIENT).get(0);
            String raw = resource(c.file())
                    .replace("{{FORGED}}", forged(sent.returnPath()))
                    .replace("{{RP}}", sent.returnPath())
                    .replace("{{MID}}", sent.messageId())
                    .replace("{{RCPT}}", RECIPIENT)
                    .replace("{{MX}}", "mx.example.org");
            int eventsBefore = f.events().size();

            IngestResult result = f.ses().ingest(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
            f.runDueWork();

            assertThat(result.kind()).as("kind (%s)", result.detail()).contains(c.kind());
            assertThat(result.status()).as("status (%s)", result.detail()).isEqualTo(c.status());
            DeliveryStatus status = f.account().deliveries().byMessage(id).get(0);
            assertThat(status.state()).as("state").isEqualTo(c.state());
            assertThat(status.bounceType()).as("bounce type").isEqualTo(c.bounce());
            List<SesEvent> after = f.events().subList(eventsBefore, f.events().size());
            assertThat(after).extracting(SesEvent::type).as("events")
                    .containsExactlyElementsOf(c.event().stream().toList());
            if (c.reason().isPresent()) {
                assertThat(status.reply()).hasValueSatisfying(r -> assertThat(BounceReason.classify(0, r))
                        .as("reason of " + r).isEqualTo(c.reason().get()));
            }
            assertThat(f.account().blocklist().isBlocked(RECIPIENT)).as("blocklisted").isEqualTo(c.blocklisted());

            StoredReport stored = f.ses().reports(c.status(), 0, 10).get(0);
            assertThat(stored.raw()).as("kept with its bytes").isEqualTo(raw.getBytes(StandardCharsets.ISO_8859_1));

            // The same report again records nothing.
            IngestResult again = f.ses().ingest(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
            f.runDueWork();
            assertThat(again.duplicate()).isTrue();
            assertThat(again.status()).isEqualTo(c.status());
            assertThat(f.events()).hasSize(eventsBefore + after.size());

            String next = f.account().send(f.message(f.textTemplate("Again"), "Another")
                    .to(RECIPIENT).build()).messageId();
            f.runDueWork();
            MessageState nextState = f.account().deliveries().byMessage(next).get(0).state();
            assertThat(nextState).as("a later send").isEqualTo(c.blocklisted() || c.suppressed()
                    ? MessageState.REJECTED : MessageState.DELIVERED);
        }
    }
}
