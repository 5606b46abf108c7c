package dev.ses.core.testing;

import dev.ses.core.spi.Feedback;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * How the simulator treats the addresses matching a pattern: the reply it gives, how often it defers first,
 * when it throttles, and what the recipient does after delivery. Made by {@link MailboxSimulator#rule(String)};
 * each method changes this rule and returns it, so a rule reads as one sentence:
 *
 * <pre>{@code
 * simulator.rule("*@flaky.test").deferTimes(3).thenDeliver();
 * simulator.rule("ann@acme.test").hardBounce("550 5.1.1 <ann@acme.test>: no such user");
 * simulator.rule("*@bigmail.test").throttleAbove(100, Duration.ofMinutes(1));
 * simulator.rule("bob@acme.test").deliver().thenOpen(Duration.ofMinutes(10)).thenComplain(Duration.ofHours(2));
 * }</pre>
 *
 * Thread-safe.
 */
public final class SimulatorRule {
    /** A reply: an SMTP code and its text. */
    record Reply(int code, String text) {
        String line() {
            return code + " " + text;
        }
    }

    /** Feedback to report some time after a delivery. */
    record FollowUp(Feedback.Type type, Duration after, Optional<String> detail) {
    }

    /** Kinds of real report the simulator sends back as bytes. */
    enum ReportKind {
        /** A DSN, failed or delayed by its reply's class. */
        DELIVERY_STATUS,
        /** An ARF spam complaint. */
        COMPLAINT,
        /** An RFC 3834 out-of-office reply. */
        AUTO_REPLY
    }

    /** A real report to send back some time after a delivery. */
    record ReportFollowUp(ReportKind kind, Duration after, Optional<String> reply) {
    }

    private final String pattern;
    private final Pattern regex;
    private volatile Reply finalReply = new Reply(250, "2.0.0 OK: queued");
    private volatile int deferrals;
    private volatile Reply deferReply = new Reply(451, "4.7.1 Try again later");
    private volatile int throttleLimit;
    private volatile Duration throttleWindow = Duration.ZERO;
    private final Deque<Instant> accepted = new ArrayDeque<>();
    private final List<FollowUp> followUps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<ReportFollowUp> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();

    SimulatorRule(String pattern) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toLowerCase(Locale.ROOT).toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        this.regex = Pattern.compile(re.toString());
    }

    /** {@return the pattern: an address, or a glob with {@code *} and {@code ?}, compared case-insensitively} */
    public String pattern() {
        return pattern;
    }

    boolean matches(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        return regex.matcher(a).matches() || regex.matcher(MailboxSimulator.withoutLabel(a)).matches();
    }

    /**
     * Accepts the message: {@code 250 2.0.0 OK}.
     *
     * @return this rule
     */
    public SimulatorRule deliver() {
        finalReply = new Reply(250, "2.0.0 OK: queued");
        return this;
    }

    /**
     * After the deferrals, accepts the message. Same as {@link #deliver()}, for reading.
     *
     * @return this rule
     */
    public SimulatorRule thenDeliver() {
        return deliver();
    }

    /**
     * Refuses for good: {@code 550 5.1.1 user unknown}. The address goes on the blocklist.
     *
     * @return this rule
     */
    public SimulatorRule hardBounce() {
        return reply(550, "5.1.1 Recipient address rejected: User unknown");
    }

    /**
     * Refuses for good with this exact reply, e.g. {@code 550 5.1.1 <ann@acme.test>: no such user}.
     *
     * @param reply the whole reply, code first
     * @return this rule
     * @throws IllegalArgumentException unless the reply starts with a 5xx code
     */
    public SimulatorRule hardBounce(String reply) {
        Reply r = parse(reply);
        if (r.code() < 500) {
            throw new IllegalArgumentException("a hard bounce needs a 5xx reply: " + reply);
        }
        finalReply = r;
        return this;
    }

    /**
     * Refuses as a full mailbox: {@code 552 5.2.2 mailbox full} (a soft bounce, not blocklisted).
     *
     * @return this rule
     */
    public SimulatorRule mailboxFull() {
        return reply(552, "5.2.2 Mailbox full");
    }

    /**
     * Refuses as spam by policy: {@code 554 5.7.1 message refused}.
     *
     * @return this rule
     */
    public SimulatorRule rejectAsSpam() {
        return reply(554, "5.7.1 Message refused as spam");
    }

    /**
     * Answers with this reply, whatever it is.
     *
     * @param code the three-digit reply code
     * @param text the reply's text, e.g. an enhanced status code and words
     * @return this rule
     */
    public SimulatorRule reply(int code, String text) {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("an SMTP reply code is 200..599: " + code);
        }
        finalReply = new Reply(code, Objects.requireNonNull(text, "text"));
        return this;
    }

    /**
     * Defers the first {@code times} attempts to each matching address with {@code 451 4.7.1}, then replies.
     *
     * @param times how many attempts to defer, per address
     * @return this rule
     */
    public SimulatorRule deferTimes(int times) {
        return deferTimes(times, "451 4.7.1 Greylisted, try again later");
    }

    /**
     * Defers the first {@code times} attempts to each matching address with this reply, then replies.
     *
     * @param times how many attempts to defer, per address
     * @param reply the 4xx reply to defer with
     * @return this rule
     */
    public SimulatorRule deferTimes(int times, String reply) {
        if (times < 0) {
            throw new IllegalArgumentException("times must be >= 0: " + times);
        }
        Reply r = parse(reply);
        if (r.code() < 400 || r.code() >= 500) {
            throw new IllegalArgumentException("a deferral needs a 4xx reply: " + reply);
        }
        deferrals = times;
        deferReply = r;
        return this;
    }

    /**
     * Answers {@code 421 4.7.0} to every message beyond {@code count} accepted within a sliding window, as a
     * provider that throttles does.
     *
     * @param count how many messages the window accepts
     * @param window how far back the sliding window reaches
     * @return this rule
     */
    public SimulatorRule throttleAbove(int count, Duration window) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1: " + count);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        throttleLimit = count;
        throttleWindow = window;
        return this;
    }

    /**
     * After delivery, the recipient opens the message.
     *
     * @param after how long after delivery, by the simulator's clock
     * @return this rule
     */
    public SimulatorRule thenOpen(Duration after) {
        return follow(Feedback.Type.OPENED, after, null);
    }

    /**
     * After delivery, the recipient clicks a link.
     *
     * @param link the link's URL as the template wrote it
     * @param after how long after delivery, by the simulator's clock
     * @return this rule
     */
    public SimulatorRule thenClick(String link, Duration after) {
        return follow(Feedback.Type.CLICKED, after, Objects.requireNonNull(link, "link"));
    }

    /**
     * After delivery, the recipient reports the message as spam.
     *
     * @param after how long after delivery, by the simulator's clock
     * @return this rule
     */
    public SimulatorRule thenComplain(Duration after) {
        return follow(Feedback.Type.COMPLAINED, after, "abuse");
    }

    /**
     * After delivery, the recipient unsubscribes.
     *
     * @param after how long after delivery, by the simulator's clock
     * @return this rule
     */
    public SimulatorRule thenUnsubscribe(Duration after) {
        return follow(Feedback.Type.UNSUBSCRIBED, after, null);
    }

    /**
     * After delivery, an automatic reply (out of office) comes back.
     *
     * @param after how long after delivery, by the simulator's clock
     * @return this rule
     */
    public SimulatorRule thenAutoReply(Duration after) {
        return follow(Feedback.Type.AUTO_REPLY, after, "Out of office");
    }

    /**
     * After delivery, a bounce report with this reply comes back (the server accepted, then bounced).
     *
     * @param reply the remote server's reply the bounce carries
     * @param after how long after delivery, by the simulator's clock
     * @return this rule
     */
    public SimulatorRule thenBounce(String reply, Duration after) {
        return follow(Feedback.Type.BOUNCED, after, parse(reply).line());
    }

    /**
     * After delivery, a real delivery status notification comes back to the message's return path, as bytes that go
     * through the configured report parser and {@code Ses.ingest}: {@code failed} for a 5xx reply (a late bounce),
     * {@code delayed} for a 4xx one (an event only). Needs {@code Ses.builder().reportParser(...)}.
     *
     * @param reply the remote server's reply the report quotes, e.g. {@code 550 5.1.1 user unknown}
     * @param after how long after delivery, by the simulator's clock; not negative
     * @return this rule
     * @throws IllegalArgumentException unless the reply starts with a 4xx or 5xx code, or if {@code after} is negative
     */
    public SimulatorRule thenReportDsn(String reply, Duration after) {
        Reply r = parse(reply);
        if (r.code() < 400) {
            throw new IllegalArgumentException("a delivery status report needs a 4xx or 5xx reply: " + reply);
        }
        return report(ReportKind.DELIVERY_STATUS, after, r.line());
    }

    /**
     * After delivery, a real ARF spam complaint from a feedback loop comes back, as bytes through the parser and
     * {@code Ses.ingest}. Needs {@code Ses.builder().reportParser(...)}.
     *
     * @param after how long after delivery, by the simulator's clock; not negative
     * @return this rule
     * @throws IllegalArgumentException if {@code after} is negative
     */
    public SimulatorRule thenReportComplaint(Duration after) {
        return report(ReportKind.COMPLAINT, after, null);
    }

    /**
     * After delivery, a real RFC 3834 out-of-office reply comes back to the return path, as bytes through the parser
     * and {@code Ses.ingest}. Needs {@code Ses.builder().reportParser(...)}.
     *
     * @param after how long after delivery, by the simulator's clock; not negative
     * @return this rule
     * @throws IllegalArgumentException if {@code after} is negative
     */
    public SimulatorRule thenReportAutoReply(Duration after) {
        return report(ReportKind.AUTO_REPLY, after, null);
    }

    private SimulatorRule report(ReportKind kind, Duration after, String reply) {
        if (after.isNegative()) {
            throw new IllegalArgumentException("after must not be negative: " + after);
        }
        reports.add(new ReportFollowUp(kind, after, Optional.ofNullable(reply)));
        return this;
    }

    List<ReportFollowUp> reportFollowUps() {
        return reports;
    }

    private SimulatorRule follow(Feedback.Type type, Duration after, String detail) {
        if (after.isNegative()) {
            throw new IllegalArgumentException("after must not be negative: " + after);
        }
        followUps.add(new FollowUp(type, after, Optional.ofNullable(detail)));
        return this;
    }

    private static Reply parse(String reply) {
        Objects.requireNonNull(reply, "reply");
        String r = reply.strip();
        if (r.length() < 3 || !r.substring(0, 3).chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("a reply starts with a three-digit code: " + reply);
        }
        int code = Integer.parseInt(r.substring(0, 3));
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("an SMTP reply code is 200..599: " + reply);
        }
        return new Reply(code, r.substring(3).strip());
    }

    /** Decides the reply for one attempt to one address. */
    Reply decide(String address, Instant now) {
        String key = address.toLowerCase(Locale.ROOT);
        int attempt = seen.merge(key, 1, Integer::sum);
        if (attempt <= deferrals) {
            return deferReply;
        }
        Reply reply = finalReply;
        if (reply.code() < 300 && throttleLimit > 0) {
            synchronized (accepted) {
                Instant from = now.minus(throttleWindow);
                while (!accepted.isEmpty() && !accepted.peekFirst().isAfter(from)) {
                    accepted.pollFirst();
                }
                if (accepted.size() >= throttleLimit) {
                    return new Reply(421, "4.7.0 Too many messages, slow down");
                }
                accepted.addLast(now);
            }
        }
        return reply;
    }

    List<FollowUp> followUps() {
        return new ArrayList<>(followUps);
    }
}
