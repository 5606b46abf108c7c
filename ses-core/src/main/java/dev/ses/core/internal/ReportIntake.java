package dev.ses.core.internal;

import dev.ses.core.FeedbackResult;
import dev.ses.core.IngestResult;
import dev.ses.core.MessageState;
import dev.ses.core.PageRequest;
import dev.ses.core.SenderDomain;
import dev.ses.core.internal.tracking.TrackingTokens;
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
 * Takes a message received at a return path through its whole path: parses it with the configured
 * {@link ReportParser} in bounded time, matches it to the message it is about, and then, in one transaction, stores
 * its bytes with what became of it (the same bytes twice are one report) and records what it says through
 * {@link FeedbackIntake}. A report is written once: durable, with its outcome, when {@link #ingest} returns, and
 * nothing of it is written when the store fails.
 *
 * <p>Matching, strongest first: a signed return path among the report's addresses ({@link ReturnPaths}), which names
 * one recipient's copy; any return path of ses's form whose signature fails makes the report {@code FORGED} and
 * nothing else is tried, so a forged report cannot reach someone else's recipient through a weaker rule or a genuine
 * path quoted beside it. Without a return path: the original {@code Message-ID} the report quotes; then the
 * recipient's latest message from the sender domain the report came back to, sent within {@link #RECENT} before it.
 * Thread-safe.
 */
public final class ReportIntake {
    private static final Logger LOG = LoggerFactory.getLogger(ReportIntake.class);
    /** How far back the recipient-and-time rule looks for the message a report is about. */
    static final Duration RECENT = Duration.ofDays(7);
    /** The local part's start of the {@code mailto:} unsubscribe address that {@code List-Unsubscribe} offers. */
    static final String UNSUBSCRIBE = "unsubscribe+";

    private final Engine engine;
    private final FeedbackIntake feedback;
    private final Requests requests;
    private final ReturnPaths returnPaths;
    private final Tracker tracker;
    private final Optional<ReportParser> parser;
    private final Duration parseTimeout;
    private final ExecutorService parsing;
    /** Where the next round of {@link #retryStalled} starts: past the reports the last full batch read. */
    private final java.util.concurrent.atomic.AtomicLong stalledAfter = new java.util.concurrent.atomic.AtomicLong();

    public ReportIntake(Engine engine, FeedbackIntake feedback, Requests requests, ReturnPaths returnPaths,
                        Tracker tracker, Optional<ReportParser> parser, Duration parseTimeout,
                        ExecutorService parsing) {
        this.tracker = tracker;
        this.engine = engine;
        this.feedback = feedback;
        this.requests = requests;
        this.returnPaths = returnPaths;
        this.parser = parser;
        this.parseTimeout = parseTimeout;
        this.parsing = parsing;
    }

    /**
     * Takes one message: parses and matches it (reading only), then stores it with what became of it and records
     * what it says in one transaction, so that it is written once and durable, whatever it holds, when this returns.
     * Never throws for what the message holds; only a store failure escapes, and then nothing was written.
     *
     * @param raw the message's bytes
     * @param envelopeRecipients the addresses it was received for (the inbound listener's {@code RCPT TO}s), if
     *                           known: each is matched as the report's own addresses are, and each {@code mailto:}
     *                           unsubscribe address among them unsubscribes its copy's recipient
     * @param problem a reason known before parsing (the message was cut at the size limit), if any
     */
    public IngestResult ingest(byte[] raw, List<String> envelopeRecipients, Optional<String> problem) {
        Instant now = engine.clock().instant();
        String sha = sha256(raw);
        InboundReport report = read(raw, problem);
        Resolution r = resolution(report, envelopeRecipients, now);
        try {
            StoredReport stored = record(r, resolution -> engine.store().reports().add(new StoredReport(0, now, sha,
                    raw, resolution.status, Optional.of(report.kind()), clip(resolution.detail), resolution.account,
                    resolution.messageId)).orElseThrow(SeenBefore::new));
            LOG.debug("report {} ({}): {} {}", stored.id(), report.kind(), stored.status(), stored.detail());
            return new IngestResult(stored.id(), false, stored.status(), stored.kind(), stored.detail(),
                    recorded(stored, r));
        } catch (SeenBefore e) {
            StoredReport before = engine.store().reports().bySha256(sha).orElseThrow(() -> new IllegalStateException(
                    "report " + sha + " was refused as stored before, and is not stored"));
            if (before.status() == StoredReport.Status.RECEIVED && stalled(before, now)) {
                // Stored by a version of ses that read reports after storing them, and never read (a crash; the
                // sender, never given its 250, sends it again): read it now.
                return process(before, envelopeRecipients, problem);
            }
            return new IngestResult(before.id(), true, before.status(), before.kind(), before.detail(), 0);
        }
    }

    /**
     * Parses, matches and records a report stored but never read ({@link StoredReport.Status#RECEIVED}), and notes
     * the result on it, in one transaction.
     */
    public IngestResult process(StoredReport stored, List<String> envelopeRecipients, Optional<String> problem) {
        InboundReport report = read(stored.raw(), problem);
        Resolution r = resolution(report, envelopeRecipients, stored.receivedAt());
        StoredReport resolved = record(r, resolution -> {
            StoredReport s = stored.resolved(resolution.status, Optional.of(report.kind()), clip(resolution.detail),
                    resolution.account, resolution.messageId);
            engine.store().reports().resolve(s);
            return s;
        });
        LOG.debug("report {} ({}): {} {}", stored.id(), report.kind(), resolved.status(), resolved.detail());
        return new IngestResult(stored.id(), false, resolved.status(), resolved.kind(), resolved.detail(),
                recorded(resolved, r));
    }

    /**
     * Reads, in bounded batches, the reports stored but never read that have waited longer than a reading takes:
     * left by a crash between storing and reading. Each is read as {@link #process} reads it; one that cannot be
     * (its recording fails) is left for a later round, and the batches go round the whole backlog before coming
     * back to it.
     *
     * @param max at most this many reports
     * @return how many were read
     */
    public int retryStalled(int max) {
        Instant now = engine.clock().instant();
        List<StoredReport> batch = engine.store().reports().list(StoredReport.Status.RECEIVED, stalledAfter.get(),
                max);
        if (batch.size() < max) {
            stalledAfter.set(0);
        }
        int done = 0;
        for (StoredReport stored : batch) {
            if (!stalled(stored, now)) {
                // Younger ones are being read by the intake that stored them; ids grow with time.
                stalledAfter.set(0);
                break;
            }
            if (batch.size() == max) {
                stalledAfter.accumulateAndGet(stored.id(), Math::max);
            }
            try {
                process(stored, List.of(), Optional.empty());
                done++;
            } catch (RuntimeException e) {
                LOG.warn("stored report {} could not be read again; retried later: {}", stored.id(), e.toString());
            }
        }
        return done;
    }

    private boolean stalled(StoredReport stored, Instant now) {
        return stored.receivedAt().isBefore(now.minus(parseTimeout.multipliedBy(2)));
    }

    /** How many copies a written report changed: none unless it was applied. */
    private static int recorded(StoredReport stored, Resolution r) {
        return stored.status() == StoredReport.Status.APPLIED ? r.recorded() : 0;
    }

    /** Thrown in the transaction that stores a report when the same bytes are stored already: nothing is written. */
    private static final class SeenBefore extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SeenBefore() {
            super(null, null, false, false);
        }
    }

    /**
     * What became of a report, and the feedback to record for it.
     *
     * @param writes what to record, each checked against the store
     */
    private record Resolution(StoredReport.Status status, String detail, Optional<String> account,
                              Optional<String> messageId, List<FeedbackIntake.Prepared> writes, int recorded,
                              String how, List<String> notes) {
        static Resolution of(StoredReport.Status status, String detail) {
            return new Resolution(status, detail, Optional.empty(), Optional.empty(), List.of(), 0, detail,
                    List.of());
        }
    }

    /**
     * Writes a report (with {@code row}) and the feedback it carries in one transaction. When some of that feedback
     * turns out recorded already (another report saying the same raced this one), the transaction is undone and each
     * piece is recorded on its own, then the report with what became of it.
     */
    private StoredReport record(Resolution r, java.util.function.Function<Resolution, StoredReport> row) {
        try {
            return engine.store().inTransaction(() -> {
                StoredReport s = row.apply(r);
                r.writes().forEach(feedback::write);
                return s;
            });
        } catch (FeedbackIntake.AlreadyRecorded e) {
            List<FeedbackResult> results = new ArrayList<>();
            for (FeedbackIntake.Prepared p : r.writes()) {
                try {
                    engine.store().inTransaction(() -> {
                        feedback.write(p);
                        return null;
                    });
                    results.add(FeedbackResult.APPLIED);
                } catch (FeedbackIntake.AlreadyRecorded again) {
                    results.add(FeedbackResult.DUPLICATE);
                }
            }
            Resolution after = summarize(r.how(), r.account(), r.messageId(), r.writes(), results, r.notes());
            return engine.store().inTransaction(() -> row.apply(after));
        }
    }

    /** A message found for a report, and the token to report it with. */
    private record Match(MessageToken token, MailRequest request, String how) {
    }

    private InboundReport read(byte[] raw, Optional<String> problem) {
        return problem.map(InboundReport::malformed).orElseGet(() -> parse(raw));
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

    /** What a report says and which copies it reaches; reads only. */
    private Resolution resolution(InboundReport report, List<String> envelopeRecipients, Instant receivedAt) {
        Set<String> unsubscribes = new LinkedHashSet<>();
        for (String a : envelopeRecipients.isEmpty() ? report.addressedTo() : envelopeRecipients) {
            if (a.regionMatches(true, 0, UNSUBSCRIBE, 0, UNSUBSCRIBE.length()) && a.lastIndexOf('@') > 0) {
                unsubscribes.add(a);
            }
        }
        if (!unsubscribes.isEmpty()) {
            return unsubscription(unsubscribes, receivedAt);
        }
        if (report.kind() == InboundReport.Kind.MALFORMED) {
            return Resolution.of(StoredReport.Status.MALFORMED, report.problem().orElse("malformed"));
        }
        List<Feedback> items = feedbackOf(report, receivedAt);
        if (items.isEmpty() && report.kind() != InboundReport.Kind.COMPLAINT) {
            if (report.kind() == InboundReport.Kind.OTHER) {
                return Resolution.of(StoredReport.Status.UNMATCHED, "not a report: no delivery status, complaint, "
                        + "automatic reply or bounce text");
            }
            if (report.recipients().isEmpty()) {
                return Resolution.of(StoredReport.Status.UNMATCHED, "the report names no recipient");
            }
            return Resolution.of(StoredReport.Status.INFORMATIONAL, "nothing to record: every recipient was "
                    + "delivered, relayed or expanded");
        }
        Set<String> addresses = new LinkedHashSet<>();
        addresses.addAll(envelopeRecipients);
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
            return Resolution.of(StoredReport.Status.FORGED, "the return path's signature does not verify: "
                    + String.join(", ", addresses));
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
            return Resolution.of(StoredReport.Status.UNMATCHED, "no message matches: no signed return path, no "
                    + "known Message-ID" + (items.isEmpty() ? "" : ", no recent message to "
                    + items.get(0).recipient()));
        }
        Match m = match.get();
        List<String> notes = new ArrayList<>();
        if (items.isEmpty()) {
            // A complaint that names no recipient (feedback loops often redact it): the one copy it matched names one.
            Optional<MessageRecord> copy = onlyCopy(m);
            if (copy.isEmpty()) {
                String detail = "the complaint names no recipient and matches a message sent to several: " + m.how;
                return new Resolution(StoredReport.Status.UNMATCHED, detail, Optional.of(m.request.account()),
                        Optional.of(m.request.id()), List.of(), 0, detail, List.of());
            }
            items = feedbackOf(report, receivedAt, copy.get().recipient());
        } else if (report.kind() == InboundReport.Kind.COMPLAINT || report.kind() == InboundReport.Kind.AUTO_REPLY) {
            items = fromAliases(items, m, notes);
        }
        List<FeedbackIntake.Prepared> prepared = new ArrayList<>(items.size());
        for (Feedback f : items) {
            prepared.add(feedback.prepare(new Feedback(f.type(), m.token.text(), f.recipient(), f.at(), f.detail(),
                    f.userAgent())));
        }
        return summarize("matched by " + m.how, Optional.of(m.request.account()), Optional.of(m.request.id()),
                prepared, prepared.stream().map(FeedbackIntake.Prepared::verdict).toList(), notes);
    }

    /** The status and detail of a matched report from what each piece of its feedback does. */
    private static Resolution summarize(String how, Optional<String> account, Optional<String> messageId,
                                        List<FeedbackIntake.Prepared> prepared, List<FeedbackResult> results,
                                        List<String> notes) {
        int recorded = 0;
        int unmatched = 0;
        List<String> said = new ArrayList<>(notes);
        List<FeedbackIntake.Prepared> writes = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            Feedback f = prepared.get(i).feedback();
            if (results.get(i) == FeedbackResult.APPLIED) {
                recorded++;
                writes.add(prepared.get(i));
            } else if (results.get(i) == FeedbackResult.UNMATCHED) {
                unmatched++;
                said.add(f.recipient() + " is not a recipient of it");
            } else {
                said.add(f.type() == Feedback.Type.BOUNCED ? f.recipient() + " bounced before"
                        : f.recipient() + ": recorded before");
            }
        }
        StoredReport.Status status = recorded == 0 && unmatched == prepared.size() ? StoredReport.Status.UNMATCHED
                : recorded == 0 ? StoredReport.Status.INFORMATIONAL : StoredReport.Status.APPLIED;
        String detail = how + (said.isEmpty() ? "" : "; " + String.join("; ", said));
        return new Resolution(status, detail, account, messageId, writes, recorded, how, notes);
    }

    /**
     * A message sent to the {@code mailto:} unsubscribe address of {@code List-Unsubscribe},
     * {@code unsubscribe+<token>@<sender domain>}: whatever it says, it unsubscribes the recipient of the copy that
     * carried the address, once the tracking token verifies for that copy's recipient and sender domain. Recorded
     * as the one-click unsubscribe of the same copy is, so the two together unsubscribe once.
     */
    private Resolution unsubscription(Set<String> addresses, Instant receivedAt) {
        List<FeedbackIntake.Prepared> prepared = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Optional<String> account = Optional.empty();
        Optional<String> messageId = Optional.empty();
        for (String a : addresses) {
            int at = a.lastIndexOf('@');
            String token = a.substring(UNSUBSCRIBE.length(), at);
            String domain = a.substring(at + 1).toLowerCase(Locale.ROOT);
            Optional<TrackingTokens.Claim> claim = tracker.tokens().verify(token)
                    .filter(c -> c.kind() == TrackingTokens.Kind.UNSUBSCRIBE);
            Optional<MessageRecord> row = claim.flatMap(c -> engine.store().messages().get(c.rowId())
                    .filter(m -> c.names(m.recipient()) && m.senderDomain().equalsIgnoreCase(domain)));
            Optional<MailRequest> request = row.flatMap(m -> requests.get(m.requestId()));
            if (request.isEmpty()) {
                notes.add(a + ": the token does not verify for a copy sent from " + domain);
                continue;
            }
            MessageRecord m = row.get();
            account = Optional.of(m.account());
            messageId = Optional.of(m.requestId());
            prepared.add(feedback.prepare(new Feedback(Feedback.Type.UNSUBSCRIBED,
                    MessageToken.single(m.requestId(), m.id()).messageId(m.senderDomain()), m.recipient(), receivedAt,
                    Optional.empty(), Optional.empty())));
        }
        String how = "unsubscribe address " + String.join(", ", addresses);
        if (prepared.isEmpty()) {
            String detail = how + "; " + String.join("; ", notes);
            return new Resolution(StoredReport.Status.FORGED, detail, Optional.empty(), Optional.empty(), List.of(),
                    0, detail, List.of());
        }
        return summarize("matched by " + how, account, messageId, prepared,
                prepared.stream().map(FeedbackIntake.Prepared::verdict).toList(), notes);
    }

    /**
     * The one copy a match names: the row its token names, or the only row of a shared message. Empty for a shared
     * message with several recipients, where the token alone cannot tell them apart.
     */
    private Optional<MessageRecord> onlyCopy(Match m) {
        if (m.token.rowId().isPresent()) {
            return engine.store().messages().get(m.request.account(), m.token.rowId().get())
                    .filter(row -> row.requestId().equals(m.request.id()));
        }
        List<MessageRecord> rows = engine.store().messages().byRequest(m.request.account(), m.request.id());
        return rows.size() == 1 ? Optional.of(rows.get(0)) : Optional.empty();
    }

    /**
     * Complaints and automatic replies often come from another address than the one mailed (an alias, a forwarding
     * address, the mailbox's primary name): when the match names one copy and the report's address is not one of
     * its message's recipients, the report is about that copy's recipient. A bounce is never moved so: a report of a
     * failure for another address says nothing of this one.
     */
    private List<Feedback> fromAliases(List<Feedback> items, Match m, List<String> notes) {
        Optional<MessageRecord> copy = Optional.empty();
        List<Feedback> out = new ArrayList<>(items.size());
        for (Feedback f : items) {
            if (m.token.rowId().isEmpty() && !engine.store().messages().byRequestAndRecipient(m.request.account(),
                    m.request.id(), f.recipient()).isEmpty()) {
                out.add(f);
                continue;
            }
            if (copy.isEmpty()) {
                copy = onlyCopy(m);
            }
            if (copy.isEmpty() || copy.get().recipient().equalsIgnoreCase(f.recipient())) {
                out.add(f);
                continue;
            }
            notes.add("sent by " + f.recipient() + " for " + copy.get().recipient());
            out.add(new Feedback(f.type(), f.messageId(), copy.get().recipient(), f.at(), f.detail(),
                    f.userAgent()));
        }
        return out;
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
        for (String name : domains) {
            for (SenderDomain d : engine.store().domains().withName(name)) {
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
        return latest.flatMap(m -> requests.get(m.requestId()).map(r -> new Match(MessageToken.single(r.id(),
                m.id()), r, "recipient " + recipient + " and time")));
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
