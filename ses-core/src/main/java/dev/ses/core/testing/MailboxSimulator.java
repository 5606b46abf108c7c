package dev.ses.core.testing;

import dev.ses.core.spi.Feedback;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.OutboundMail;
import dev.ses.core.spi.RecipientResult;
import dev.ses.core.spi.TransportContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A {@link MailTransport} that delivers into memory, for tests and demos: it keeps every delivered copy, inspectable
 * per recipient, and decides each recipient's fate by its address.
 *
 * <p>Built-in addresses at {@value #DOMAIN} (a {@code +label} is allowed, e.g. {@code bounce+t1@simulator.ses.test},
 * so parallel tests don't collide):
 * <ul>
 *   <li>{@code delivered@} — accepted;</li>
 *   <li>{@code bounce@} — {@code 550 5.1.1}: a hard bounce, the address is blocklisted;</li>
 *   <li>{@code ooto@} — accepted, then an out-of-office auto-reply;</li>
 *   <li>{@code complaint@} — accepted, then a spam complaint;</li>
 *   <li>{@code suppressed@} — {@code 554 5.7.1}: rejected as if on a suppression list;</li>
 *   <li>{@code mailboxfull@} — {@code 552 5.2.2}: a soft bounce;</li>
 *   <li>{@code tempfail@} — deferred once with {@code 451 4.3.0}, then accepted.</li>
 * </ul>
 * Any other address is accepted, unless a rule made with {@link #rule(String)} says otherwise; rules are tried in
 * the order they were made, before the built-in addresses. Delayed follow-ups (opens, clicks, complaints) fire
 * when the {@code Ses} clock reaches them, on its next {@code runDueWork()}.
 *
 * <p>Thread-safe; never blocks.
 */
public final class MailboxSimulator implements MailTransport {
    /** The reserved domain of the built-in addresses. */
    public static final String DOMAIN = "simulator.ses.test";

    /**
     * Something to report when its time comes: feedback about a delivered copy, or a real report's bytes for its
     * return path.
     */
    private record Due(Instant at, long seq, Optional<Feedback> feedback, Optional<SimulatedMail> copy, byte[] report,
                       String receivedFor) {
        Due(Instant at, long seq, Feedback feedback, SimulatedMail copy) {
            this(at, seq, Optional.of(feedback), Optional.of(copy), new byte[0], "");
        }

        Due(Instant at, long seq, byte[] report, String receivedFor) {
            this(at, seq, Optional.empty(), Optional.empty(), report, receivedFor);
        }
    }

    private static final java.util.regex.Pattern PIXEL = java.util.regex.Pattern.compile(
            "<img src=\"([^\"]+/o/[^\"]+)\"");
    private static final String READER = "Mozilla/5.0 (ses-simulator) Gecko/20100101 Mail/1.0";

    private final List<SimulatorRule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, SimulatorRule> builtIns = new ConcurrentHashMap<>();
    private final SimulatorRule otherwise = new SimulatorRule("*");
    private final List<SimulatedMail> delivered = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, List<SimulatedMail>> byRecipient = new ConcurrentHashMap<>();
    private final Map<String, List<String>> replies = new ConcurrentHashMap<>();
    private final PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> {
        int c = a.at().compareTo(b.at());
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    });
    private final AtomicLong seq = new AtomicLong();
    private volatile TransportContext context;
    private final AtomicInteger users = new AtomicInteger();
    private volatile Function<String, String> unsent = recipient -> "";
    private volatile dev.ses.core.@org.jspecify.annotations.Nullable WebHandler endpoints;

    private MailboxSimulator() {
        builtIns.put("delivered", new SimulatorRule("delivered@" + DOMAIN).deliver());
        builtIns.put("bounce", new SimulatorRule("bounce@" + DOMAIN).hardBounce());
        builtIns.put("ooto", new SimulatorRule("ooto@" + DOMAIN).deliver().thenAutoReply(Duration.ZERO));
        builtIns.put("complaint", new SimulatorRule("complaint@" + DOMAIN).deliver().thenComplain(Duration.ZERO));
        builtIns.put("suppressed", new SimulatorRule("suppressed@" + DOMAIN)
                .reply(554, "5.7.1 Recipient is on a suppression list"));
        builtIns.put("mailboxfull", new SimulatorRule("mailboxfull@" + DOMAIN).mailboxFull());
        builtIns.put("tempfail", new SimulatorRule("tempfail@" + DOMAIN)
                .deferTimes(1, "451 4.3.0 Temporary failure").thenDeliver());
    }

    /** {@return a new simulator with no rules and empty mailboxes} */
    public static MailboxSimulator create() {
        return new MailboxSimulator();
    }

    /** {@code local+label@domain} without its {@code +label}, lower case. */
    static String withoutLabel(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        int plus = a.indexOf('+');
        return plus > 0 && plus < at ? a.substring(0, plus) + a.substring(at) : a;
    }

    /**
     * {@return a new rule for addresses matching a pattern (an address, or a glob with {@code *} and {@code ?},
     * compared case-insensitively and with and without a {@code +label})} Configure it with its methods.
     *
     * @param pattern an address, or a glob with {@code *} and {@code ?}
     */
    public SimulatorRule rule(String pattern) {
        SimulatorRule rule = new SimulatorRule(pattern);
        rules.add(rule);
        return rule;
    }

    private SimulatorRule ruleFor(String address) {
        for (SimulatorRule r : rules) {
            if (r.matches(address)) {
                return r;
            }
        }
        String plain = withoutLabel(address);
        if (plain.endsWith("@" + DOMAIN)) {
            SimulatorRule builtIn = builtIns.get(plain.substring(0, plain.indexOf('@')));
            if (builtIn != null) {
                return builtIn;
            }
        }
        return otherwise;
    }

    @Override
    public void start(TransportContext ctx) {
        this.context = ctx;
        users.incrementAndGet();
    }

    /** Called by each {@code Ses} that started this simulator when it closes. */
    @Override
    public void close() {
        users.updateAndGet(n -> Math.max(0, n - 1));
    }

    /** {@return how many {@code Ses} instances started this simulator and have not closed yet} */
    public int openUsers() {
        return users.get();
    }

    /**
     * Lets {@link #assertThat} say why a mailbox is empty: the function tells what is still unsent to a recipient
     * (e.g. "1 message to ann@acme.test is still QUEUED"), or an empty string.
     */
    void describeUnsentWith(Function<String, String> describer) {
        this.unsent = describer;
    }

    private Clock clock() {
        TransportContext ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("the simulator is not started: pass it to Ses.builder().transport(...)");
        }
        return ctx.clock();
    }

    @Override
    public List<RecipientResult> send(OutboundMail mail) {
        Instant now = clock().instant();
        List<RecipientResult> results = new ArrayList<>(mail.envelopeRecipients().size());
        for (String rcpt : mail.envelopeRecipients()) {
            SimulatorRule rule = ruleFor(rcpt);
            SimulatorRule.Reply reply = rule.decide(rcpt, now);
            replies.computeIfAbsent(rcpt.toLowerCase(Locale.ROOT), k -> new CopyOnWriteArrayList<>())
                    .add(reply.line());
            RecipientResult result = RecipientResult.fromReply(rcpt, reply.code(), reply.text());
            results.add(result);
            if (reply.code() < 300) {
                SimulatedMail copy = copy(mail, rcpt, now);
                delivered.add(copy);
                byRecipient.computeIfAbsent(rcpt.toLowerCase(Locale.ROOT), k -> new CopyOnWriteArrayList<>()).add(copy);
                for (SimulatorRule.FollowUp f : rule.followUps()) {
                    Feedback fb = new Feedback(f.type(), mail.messageId(), rcpt, now.plus(f.after()), f.detail(),
                            f.type() == Feedback.Type.OPENED || f.type() == Feedback.Type.CLICKED
                                    ? Optional.of("ses-simulator") : Optional.empty());
                    synchronized (due) {
                        due.add(new Due(fb.at(), seq.incrementAndGet(), fb, copy));
                    }
                }
                for (SimulatorRule.ReportFollowUp r : rule.reportFollowUps()) {
                    Instant at = now.plus(r.after());
                    byte[] raw = switch (r.kind()) {
                        case DELIVERY_STATUS -> SimulatedReports.deliveryStatus(mail, rcpt, r.reply().orElseThrow(),
                                at);
                        case COMPLAINT -> SimulatedReports.complaint(mail, rcpt, at);
                        case AUTO_REPLY -> SimulatedReports.autoReply(mail, rcpt, at);
                    };
                    synchronized (due) {
                        due.add(new Due(at, seq.incrementAndGet(), raw, mail.envelopeFrom()));
                    }
                }
            }
        }
        return results;
    }

    private static SimulatedMail copy(OutboundMail m, String rcpt, Instant now) {
        OutboundMail.Metadata md = m.metadata();
        return new SimulatedMail(rcpt, m.messageId(), m.fromAddress(), m.fromName(), m.to(), m.cc(), m.replyTo(),
                m.subject(), m.text(), m.html(), m.headers(), m.attachments(), md.account(), md.requestId(),
                md.templateId(), md.variables(), md.taskId(), now, m.envelopeFrom());
    }

    /** Reports the follow-ups whose time has come. Called by {@code Ses.runDueWork()}. */
    @Override
    public void runDueWork() {
        TransportContext ctx = context;
        if (ctx == null) {
            return;
        }
        Instant now = ctx.clock().instant();
        List<Due> ready = new ArrayList<>();
        synchronized (due) {
            while (!due.isEmpty() && !due.peek().at().isAfter(now)) {
                ready.add(due.poll());
            }
        }
        for (Due d : ready) {
            if (d.feedback().isEmpty()) {
                ctx.report(d.report(), d.receivedFor());
                continue;
            }
            dev.ses.core.WebHandler web = endpoints;
            Feedback fb = d.feedback().get();
            SimulatedMail copy = d.copy().orElseThrow();
            if (web != null && fb.type() == Feedback.Type.OPENED && pixelUrl(copy).isPresent()) {
                open(copy);
            } else if (web != null && fb.type() == Feedback.Type.CLICKED && !trackedLinks(copy).isEmpty()) {
                click(copy, 0);
            } else {
                ctx.feedback(fb);
            }
        }
    }

    /**
     * Makes the opens and clicks that rules schedule ({@link SimulatorRule#thenOpen}, {@link SimulatorRule#thenClick})
     * go through ses's real tracking URLs, as a mail client would: the copy's pixel is fetched, and its first
     * rewritten link followed, through these endpoints (usually {@code ses.trackingEndpoints()}). A copy without a
     * pixel or a rewritten link is reported directly, as without this call. Also enables {@link #open},
     * {@link #click} and {@link #unsubscribe}.
     *
     * @param value the endpoints to read through, usually {@code ses.trackingEndpoints()}
     * @return this simulator
     */
    public MailboxSimulator readThrough(dev.ses.core.WebHandler value) {
        this.endpoints = java.util.Objects.requireNonNull(value, "endpoints");
        return this;
    }

    /**
     * {@return the URL of a copy's open pixel, if it has one}
     *
     * @param copy the delivered copy
     */
    public static Optional<String> pixelUrl(SimulatedMail copy) {
        java.util.regex.Matcher m = PIXEL.matcher(copy.html().orElse(""));
        return m.find() ? Optional.of(m.group(1).replace("&amp;", "&")) : Optional.empty();
    }

    /**
     * {@return the rewritten (click-counting) links of a copy's HTML part, in order}
     *
     * @param copy the delivered copy
     */
    public static List<String> trackedLinks(SimulatedMail copy) {
        if (copy.html().isEmpty()) {
            return List.of();
        }
        return org.jsoup.Jsoup.parse(copy.html().get()).select("a[href]").stream().map(a -> a.attr("href"))
                .filter(h -> h.contains("/c/")).toList();
    }

    /**
     * Opens a copy as a mail client showing images would: GETs its pixel through the endpoints given to
     * {@link #readThrough}.
     *
     * @param copy the delivered copy
     * @return what the endpoints answered
     * @throws IllegalStateException if {@link #readThrough} was not called or the copy has no pixel
     */
    public dev.ses.core.WebResponse open(SimulatedMail copy) {
        return fetch("GET", pixelUrl(copy).orElseThrow(() -> new IllegalStateException("the copy to "
                + copy.recipient() + " has no tracking pixel")));
    }

    /**
     * Clicks a copy's {@code n}-th rewritten link (from 0) through the endpoints given to {@link #readThrough}.
     *
     * @param copy the delivered copy
     * @param n which rewritten link, from 0
     * @return what the endpoints answered (a redirect, for a good token)
     * @throws IllegalStateException if {@link #readThrough} was not called or the copy has no such link
     */
    public dev.ses.core.WebResponse click(SimulatedMail copy, int n) {
        List<String> links = trackedLinks(copy);
        if (n < 0 || n >= links.size()) {
            throw new IllegalStateException("the copy to " + copy.recipient() + " has " + links.size()
                    + " rewritten link(s), no link " + n);
        }
        return fetch("GET", links.get(n));
    }

    /**
     * Unsubscribes as a mailbox provider does for RFC 8058 one-click: POSTs {@code List-Unsubscribe=One-Click} to
     * the HTTPS URL of the copy's {@code List-Unsubscribe} header, through the endpoints given to {@link #readThrough}.
     *
     * @param copy the delivered copy
     * @return what the endpoints answered
     * @throws IllegalStateException if {@link #readThrough} was not called or the copy has no such header
     */
    public dev.ses.core.WebResponse unsubscribe(SimulatedMail copy) {
        String header = copy.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("List-Unsubscribe"))
                .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new IllegalStateException("the copy to "
                        + copy.recipient() + " has no List-Unsubscribe header"));
        String url = header.substring(header.indexOf('<') + 1, header.indexOf('>'));
        return fetch("POST", url);
    }

    private dev.ses.core.WebResponse fetch(String method, String url) {
        dev.ses.core.WebHandler web = endpoints;
        if (web == null) {
            throw new IllegalStateException("call readThrough(ses.trackingEndpoints()) first");
        }
        java.net.URI uri = java.net.URI.create(url);
        byte[] body = method.equals("POST") ? "List-Unsubscribe=One-Click".getBytes(java.nio.charset.StandardCharsets
                .US_ASCII) : new byte[0];
        return web.handle(new dev.ses.core.WebRequest(method, uri.getRawPath(), java.util.Objects.requireNonNullElse(
                uri.getRawQuery(), ""), Map.of("User-Agent", List.of(READER)), body, Optional.of("192.0.2.10")));
    }

    /** {@return every copy delivered so far, in order of arrival} */
    public List<SimulatedMail> delivered() {
        synchronized (delivered) {
            return List.copyOf(delivered);
        }
    }

    /**
     * {@return the copies delivered to one recipient (case-insensitive), in order of arrival}
     *
     * @param recipient the recipient's address, in any case
     */
    public List<SimulatedMail> mailbox(String recipient) {
        return List.copyOf(byRecipient.getOrDefault(recipient.toLowerCase(Locale.ROOT), List.of()));
    }

    /**
     * {@return every reply the simulator gave to one recipient (case-insensitive), in order, e.g. {@code 451 4.7.1
     * ...}}
     *
     * @param recipient the recipient's address, in any case
     */
    public List<String> replies(String recipient) {
        return List.copyOf(replies.getOrDefault(recipient.toLowerCase(Locale.ROOT), List.of()));
    }

    /**
     * Fluent assertions on what one recipient received.
     *
     * @param recipient the recipient's address, in any case
     * @return assertions on that recipient's mailbox
     */
    public MailboxAssert assertThat(String recipient) {
        return new MailboxAssert(recipient, mailbox(recipient), replies(recipient), () -> unsent.apply(recipient));
    }

    /** Empties every mailbox and forgets pending follow-ups; rules stay. */
    public void clear() {
        delivered.clear();
        byRecipient.clear();
        replies.clear();
        synchronized (due) {
            due.clear();
        }
    }
}
