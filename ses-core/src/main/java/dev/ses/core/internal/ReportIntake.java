package dev.ses.core.internal;

import dev.ses.core.FeedbackResult;
import dev.ses.core.IngestResult;
import dev.ses.core.MessageState;
import dev.ses.core.PageRequest;
import dev.ses.core.SenderDomain;
import dev.ses.core.spi.Feedback;
import dev.ses.core.spi.InboundReport;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageQuery;
import dev.ses.core.spi.MessageRecord;
import dev.ses.core.spi.ReportParser;
import dev.ses.core.spi.StoredReport;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a message received at a return path through its whole path: stores its bytes (the same bytes twice are one
 * report), parses it with the configured {@link ReportParser} in bounded time, matches it to the message it is
 * about, and records what it says through {@link FeedbackIntake}, then notes on the stored report what became of it.
 *
 * <p>Matching, strongest first: a signed return path among the report's addresses ({@link ReturnPaths}); any
 * return path of ses's form whose signature fails makes the report {@code FORGED} and nothing else is tried, so a
 * forged report cannot reach someone else's recipient through a weaker rule or a genuine path quoted beside it. Without a return path: the original
 * {@code Message-ID} the report quotes; then the recipient's latest message from the sender domain the report came
 * back to, sent within {@link #RECENT} before it. Thread-safe.
 */
public final class ReportIntake {
    private static final Logger LOG = LoggerFactory.getLogger(ReportIntake.class);
    /** How far back the recipient-and-time rule looks for the message a report is about. */
    static final Duration RECENT = Duration.ofDays(7);

    private final Engine engine;
    private final FeedbackIntake feedback;
    private final Requests requests;
    private final ReturnPaths returnPaths;
    private final Optional<ReportParser> parser;
    private final Duration parseTimeout;
    private final ExecutorService parsing;

    public ReportIntake(Engine engine, FeedbackIntake feedback, Requests requests, ReturnPaths returnPaths,
                        Optional<ReportParser> parser, Duration parseTimeout, ExecutorService parsing) {
        this.engine = engine;
        this.feedback = feedback;
        this.requests = requests;
        this.returnPaths = returnPaths;
        this.parser = parser;
        this.parseTimeout = parseTimeout;
        this.parsing = parsing;
    }

    /**
     * Takes one message. Never throws for what the message holds; only a store failure escapes.
     *
     * @param raw the message's bytes
     * @param envelopeRecipient the address it was received for (the inbound listener's {@code RCPT TO}), if known
     * @param problem a reason known before parsing (the message was cut at the size limit), if any
     */
    public IngestResult ingest(byte[] raw, Optional<String> envelopeRecipient, Optional<String> problem) {
        Instant now = engine.clock().instant();
        String sha = sha256(raw);
        StoredReport received = new StoredReport(0, now, sha, raw, StoredReport.Status.RECEIVED, Optional.empty(),
                envelopeRecipient.map(r -> "received for " + r).orElse(""), Optional.empty(), Optional.empty());
        Optional<StoredReport> added = engine.store().reports().add(received);
        if (added.isEmpty()) {
            StoredReport before = engine.store().reports().bySha256(sha).orElse(received);
            if (before.status() == StoredReport.Status.RECEIVED && before.id() > 0
                    && before.receivedAt().isBefore(now.minus(parseTimeout.multipliedBy(2)))) {
                // An earlier intake stored it and stopped before reading it (a crash; the sender, never given its
                // 250, sends it again): read it now.
                return process(before, envelopeRecipient, problem);
            }
            return new IngestResult(before.id(), true, before.status(), before.kind(), before.detail(), 0);
        }
        return process(added.get(), envelopeRecipient, problem);
    }

    /** Parses, matches and records a stored report, and notes the result on it. */
    public IngestResult process(StoredReport stored, Optional<String> envelopeRecipient, Optional<String> problem) {
        InboundReport report = problem.map(InboundReport::malformed).orElseGet(() -> parse(stored.raw()));
        Resolution r = report.kind() == InboundReport.Kind.MALFORMED
                ? new Resolution(StoredReport.Status.MALFORMED, report.problem().orElse("malformed"), Optional.empty(),
                        Optional.empty(), 0)
                : resolve(report, envelopeRecipient, stored.receivedAt());
        engine.store().reports().resolve(stored.resolved(r.status, Optional.of(report.kind()), clip(r.detail),
                r.account, r.messageId));
        LOG.debug("report {} ({}): {} {}", stored.id(), report.kind(), r.status, r.detail);
        return new IngestResult(stored.id(), false, r.status, Optional.of(report.kind()), clip(r.detail), r.recorded);
    }

    private record Resolution(StoredReport.Status status, String detail, Optional<String> account,
                              Optional<String> messageId, int recorded) {
    }

    /** A message found for a report, and the token to report it with. */
    private record Match(MessageToken token, MailRequest request, String how) {
    }

    private InboundReport parse(byte[] raw) {
        if (parser.isEmpty()) {
            return InboundReport.malformed("no report parser is configured: Ses.builder().reportParser(...)");
        }
        Future<InboundReport> job = parsing.submit(() -> parser.get().parse(raw));
        try {
            return job.get(parseTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            job.cancel(true);
            return InboundReport.malformed("parsing took longer than " + parseTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("the report parser failed", cause);
            return InboundReport.malformed("the parser failed: " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.cancel(true);
            return InboundReport.malformed("interrupted while parsing");
        }
    }

    private Resolution resolve(InboundReport report, Optional<String> envelopeRecipient, Instant receivedAt) {
        List<Feedback> items = feedbackOf(report, receivedAt);
        if (items.isEmpty() && report.kind() != InboundReport.Kind.COMPLAINT) {
            if (report.kind() == InboundReport.Kind.OTHER) {
                return new Resolution(StoredReport.Status.UNMATCHED, "not a report: no delivery status, complaint, "
                        + "automatic reply or bounce text", Optional.empty(), Optional.empty(), 0);
            }
            if (report.recipients().isEmpty()) {
                return new Resolution(StoredReport.Status.UNMATCHED, "the report names no recipient",
                        Optional.empty(), Optional.empty(), 0);
            }
            return new Resolution(StoredReport.Status.INFORMATIONAL, "nothing to record: every recipient was "
                    + "delivered, relayed or expanded", Optional.empty(), Optional.empty(), 0);
        }
        Set<String> addresses = new LinkedHashSet<>();
        envelopeRecipient.ifPresent(addresses::add);
        addresses.addAll(report.addressedTo());
        report.originalReturnPath().ifPresent(addresses::add);
        report.complaint().flatMap(InboundReport.Complaint::originalMailFrom).ifPresent(addresses::add);
        Optional<Match> match = Optional.empty();
        boolean forged = false;
        for (String a : addresses) {
            ReturnPaths.Check check = returnPaths.check(a);
            if (check.verdict() == ReturnPaths.Verdict.FORGED) {
                forged = true;
            } else if (check.verdict() == ReturnPaths.Verdict.SIGNED && match.isEmpty()) {
                MessageToken t = check.token().orElseThrow();
                match = requests.get(t.requestId()).map(r -> new Match(t, r, "signed return path " + a));
            }
        }
        // One altered return path is enough: a genuine report never carries one.
        if (forged) {
            return new Resolution(StoredReport.Status.FORGED, "the return path's signature does not verify: "
                    + String.join(", ", addresses), Optional.empty(), Optional.empty(), 0);
        }
        if (match.isEmpty() && report.originalMessageId().isPresent()) {
            Optional<MessageToken> t = MessageToken.parse(report.originalMessageId().get());
            match = t.flatMap(tok -> requests.get(tok.requestId()).map(r -> new Match(tok, r,
                    "Message-ID " + report.originalMessageId().get())));
        }
        if (match.isEmpty() && !items.isEmpty()) {
            match = byRecipientAndTime(items.get(0).recipient(), addresses, report, receivedAt);
        }
        if (match.isEmpty()) {
            return new Resolution(StoredReport.Status.UNMATCHED, "no message matches: no signed return path, no "
                    + "known Message-ID" + (items.isEmpty() ? "" : ", no recent message to "
                    + items.get(0).recipient()), Optional.empty(), Optional.empty(), 0);
        }
        Match m = match.get();
        if (items.isEmpty()) {
            // A complaint that names no recipient (feedback loops often redact it): a message of its own names one.
            Optional<String> rowRecipient = m.token.rowId().flatMap(id -> engine.store().messages()
                    .get(m.request.account(), id)).map(MessageRecord::recipient);
            if (rowRecipient.isEmpty()) {
                return new Resolution(StoredReport.Status.UNMATCHED, "the complaint names no recipient and "
                        + "matches a message sent to several: " + m.how, Optional.of(m.request.account()),
                        Optional.of(m.request.id()), 0);
            }
            items = feedbackOf(report, receivedAt, rowRecipient.get());
        }
        int recorded = 0;
        int unmatched = 0;
        List<String> notes = new ArrayList<>();
        for (Feedback f : items) {
            Feedback withToken = new Feedback(f.type(), m.token.text(), f.recipient(), f.at(), f.detail(),
                    f.userAgent());
            FeedbackResult result = feedback.apply(withToken);
            if (result == FeedbackResult.APPLIED) {
                recorded++;
            } else if (result == FeedbackResult.UNMATCHED) {
                unmatched++;
                notes.add(f.recipient() + " is not a recipient of it");
            }
        }
        StoredReport.Status status = recorded == 0 && unmatched == items.size() ? StoredReport.Status.UNMATCHED
                : StoredReport.Status.APPLIED;
        String detail = "matched by " + m.how + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
        return new Resolution(status, detail, Optional.of(m.request.account()), Optional.of(m.request.id()),
                recorded);
    }

    /** What a report says, one item per recipient; delivered, relayed and expanded recipients say nothing. */
    private static List<Feedback> feedbackOf(InboundReport report, Instant receivedAt) {
        List<Feedback> out = new ArrayList<>();
        for (InboundReport.RecipientStatus s : report.recipients()) {
            out.addAll(feedbackOf(report, receivedAt, s.recipient(), Optional.of(s)));
        }
        return out;
    }

    private static List<Feedback> feedbackOf(InboundReport report, Instant receivedAt, String recipient) {
        return feedbackOf(report, receivedAt, recipient, report.recipients().stream().findFirst());
    }

    private static List<Feedback> feedbackOf(InboundReport report, Instant receivedAt, String recipient,
                                             Optional<InboundReport.RecipientStatus> status) {
        Instant at = report.date().orElse(receivedAt);
        Optional<String> detail = status.map(ReportIntake::reply);
        Feedback.Type type;
        switch (report.kind()) {
            case COMPLAINT -> {
                type = Feedback.Type.COMPLAINED;
                detail = report.complaint().map(InboundReport.Complaint::feedbackType);
                return List.of(new Feedback(type, "", recipient, at, detail,
                        report.complaint().flatMap(InboundReport.Complaint::userAgent)));
            }
            case AUTO_REPLY -> type = Feedback.Type.AUTO_REPLY;
            case DELIVERY_STATUS, PLAIN_BOUNCE -> {
                InboundReport.Action action = status.map(InboundReport.RecipientStatus::action)
                        .orElse(InboundReport.Action.FAILED);
                if (action == InboundReport.Action.FAILED) {
                    type = Feedback.Type.BOUNCED;
                } else if (action == InboundReport.Action.DELAYED) {
                    type = Feedback.Type.DELAYED;
                } else {
                    return List.of();
                }
            }
            default -> {
                return List.of();
            }
        }
        return List.of(new Feedback(type, "", recipient, at, detail, Optional.empty()));
    }

    /**
     * A recipient's status as a reply for the classifier: the remote server's diagnostic when it carries an enhanced
     * code of its own (often more precise than a relaying MTA's generic {@code 5.0.0}), else the status followed by
     * the diagnostic's words.
     */
    private static String reply(InboundReport.RecipientStatus s) {
        String diag = s.diagnosticCode().orElse("");
        if (ReplyClassifier.enhancedCode(diag).isPresent()) {
            return diag;
        }
        return (s.status() + " " + diag).strip();
    }

    /**
     * The recipient's latest message from one of the sender domains the report came back to, sent within
     * {@link #RECENT} before it arrived. Reads only the accounts that own such a domain.
     */
    private Optional<Match> byRecipientAndTime(String recipient, Set<String> addresses, InboundReport report,
                                               Instant receivedAt) {
        Set<String> domains = new LinkedHashSet<>();
        for (String a : addresses) {
            int at = a.lastIndexOf('@');
            if (at > 0) {
                domains.add(a.substring(at + 1).replace(">", "").strip().toLowerCase(Locale.ROOT));
            }
        }
        report.complaint().flatMap(InboundReport.Complaint::reportedDomain)
                .ifPresent(d -> domains.add(d.toLowerCase(Locale.ROOT)));
        if (domains.isEmpty()) {
            return Optional.empty();
        }
        Set<String> accounts = new LinkedHashSet<>();
        for (SenderDomain d : engine.store().domains().all()) {
            if (domains.contains(d.name().toLowerCase(Locale.ROOT))) {
                accounts.add(d.account());
            }
        }
        MessageQuery query = new MessageQuery(receivedAt.minus(RECENT), receivedAt.plusMillis(1),
                Optional.of(recipient), Optional.empty(), Optional.empty());
        Optional<MessageRecord> latest = Optional.empty();
        for (String account : accounts) {
            for (MessageRecord m : engine.store().messages().find(account, query,
                    PageRequest.first(PageRequest.MAX_LIMIT)).items()) {
                if (m.state() != MessageState.QUEUED && domains.contains(m.senderDomain().toLowerCase(Locale.ROOT))
                        && (latest.isEmpty() || m.createdAt().isAfter(latest.get().createdAt()))) {
                    latest = Optional.of(m);
                }
            }
        }
        return latest.flatMap(m -> requests.get(m.requestId()).map(r -> new Match(MessageToken.shared(r.id()), r,
                "recipient " + recipient + " and time")));
    }

    private static String clip(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }

    static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
