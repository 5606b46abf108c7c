package dev.ses.core.internal;

import dev.ses.core.SesException;
import dev.ses.core.TemplateType;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import dev.ses.core.spi.OutboundMail;
import java.time.Instant;
import java.util.ArrayList;
import dev.ses.core.internal.tracking.LinkRewriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns admitted rows into the messages the transport sends: one per row, the template and subject rendered with
 * the request's and the row's variables, the Message-ID and return path from the {@link MessageToken}. Thread-safe.
 *
 * <p>Every copy goes to one envelope recipient with a return path signed for that recipient's row, even the copies
 * of a shared request (a regular send to several recipients), which keep every To and Cc recipient in their headers
 * and, untracked, one Message-ID. One envelope for all would give all of them one return path: a report that one
 * recipient writes would then verify for any other recipient of the message.
 *
 * <p>Tracking ({@link Tracker.Plan}): a message with a pixel, rewritten links or an unsubscribe URL carries URLs that
 * are its recipient's alone, and its Message-ID names their row too.
 */
public final class Rendering {
    private final Engine engine;
    private final Requests requests;
    private final Tracker tracker;

    public Rendering(Engine engine, Requests requests, Tracker tracker) {
        this.engine = engine;
        this.requests = requests;
        this.tracker = tracker;
    }

    /** The tracking plan of a request, read once per chunk. */
    Tracker.Plan plan(MailRequest r, Map<String, Tracker.Plan> plans) {
        return plans.computeIfAbsent(r.id(), id -> tracker.plan(r));
    }

    /** The rows that go out as one message each: every row alone, so that each has its own return path. */
    List<List<MessageRecord>> group(List<MessageRecord> sendable) {
        List<List<MessageRecord>> mailRows = new ArrayList<>(sendable.size());
        for (MessageRecord m : sendable) {
            mailRows.add(List.of(m));
        }
        return mailRows;
    }

    /**
     * The message for rows of one request.
     *
     * @throws IllegalArgumentException if the rendered subject fails {@link HeaderChecks#renderedSubject}: a line
     *                                  break or control character, or a length over the limit
     */
    OutboundMail render(MailRequest r, List<MessageRecord> rows, Optional<DkimKey> key, Instant now,
                        Tracker.Plan plan, Map<String, List<String>> newLinkSets) {
        MessageRecord first = rows.get(0);
        boolean personal = plan.personal();
        Optional<String> unsubscribe = personal && plan.unsubscribe() ? Optional.of(tracker.unsubscribeToken(first))
                : Optional.empty();
        Map<String, String> variables = variables(r, first, plan, unsubscribe);
        Tracker.Plan copy = plan.forRecipient(r.tracking().consents(variables));
        Body b = body(r, variables);
        String subject = b.subject();
        String text = b.text();
        Optional<String> html = b.html();
        Map<String, String> headers = r.headers();
        if (personal) {
            if (copy.clicks() || copy.opens() && html.isPresent()) {
                LinkRewriter.Result tracked = tracker.rewriter(plan).apply(html, text, tracker.copyUrls(plan, first,
                        copy.opens() && html.isPresent(), copy.clicks(), newLinkSets));
                html = tracked.html();
                text = tracked.text();
            }
            if (unsubscribe.isPresent()
                    && headers.keySet().stream().noneMatch("List-Unsubscribe"::equalsIgnoreCase)) {
                headers = new LinkedHashMap<>(headers);
                // RFC 8058: the HTTPS URI first, for one-click; the MIME writer adds List-Unsubscribe-Post for it.
                headers.put("List-Unsubscribe", "<" + tracker.unsubscribeUrl(plan, unsubscribe.get())
                        + ">, <mailto:unsubscribe+" + unsubscribe.get() + "@" + r.senderDomain() + ">");
            }
        }
        MessageToken own = MessageToken.single(r.id(), first.id());
        MessageToken token = r.individual() || personal ? own : MessageToken.shared(r.id());
        List<String> envelope = rows.stream().map(MessageRecord::recipient).toList();
        List<String> to = r.individual() ? List.of(first.recipient()) : r.to();
        return new OutboundMail(token.messageId(r.senderDomain()),
                engine.returnPaths().returnPath(own, r.senderDomain()),
                r.fromAddress(), r.fromName(), to, r.individual() ? List.of() : r.cc(), r.replyTo(), envelope,
                subject, text, html, headers, r.attachments(), now, key,
                new OutboundMail.Metadata(r.account(), r.id(), r.templateId(), variables, r.taskId()));
    }

    /** Stores the link sets of a chunk's copies before they are sent, so that every click finds its link. */
    void storeLinkSets(Map<String, List<String>> newLinkSets) {
        tracker.storeLinkSets(newLinkSets);
    }

    /**
     * The counted links of a row's message, by number, rendered again as it was sent: what the number of a click
     * token written before copy tokens points at, as long as the setup still gives a base URL.
     */
    public List<String> legacyLinks(MailRequest r, MessageRecord row) {
        Tracker.Plan plan = tracker.plan(r);
        if (plan.baseUrl().isEmpty()) {
            return List.of();
        }
        Optional<String> unsubscribe = plan.personal() && plan.unsubscribe()
                ? Optional.of(tracker.unsubscribeToken(row)) : Optional.empty();
        Body b = body(r, variables(r, row, plan, unsubscribe));
        return tracker.rewriter(plan).links(b.html(), b.text());
    }

    /** The request's variables, the row's over them, and the unsubscribe URL when the message has one. */
    private Map<String, String> variables(MailRequest r, MessageRecord row, Tracker.Plan plan,
                                          Optional<String> unsubscribe) {
        if (row.variables().isEmpty() && unsubscribe.isEmpty()) {
            return r.variables();
        }
        Map<String, String> variables = new HashMap<>(r.variables());
        variables.putAll(row.variables());
        unsubscribe.ifPresent(token -> variables.put(TemplateVariables.UNSUBSCRIBE_URL,
                tracker.unsubscribeUrl(plan, token)));
        return variables;
    }

    private record Body(String subject, String text, Optional<String> html) {
    }

    /** @throws IllegalArgumentException if the rendered subject holds a line break */
    private Body body(MailRequest r, Map<String, String> variables) {
        TemplateSupport t = engine.templates();
        String body = t.render(t.compile(r.templateBody(), r.templateType(), "body"), variables);
        String subject = t.render(t.compile(r.subject(), TemplateType.TEXT, "subject"), variables);
        try {
            HeaderChecks.renderedSubject(subject);
        } catch (SesException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        String text;
        Optional<String> html;
        if (r.templateType() == TemplateType.HTML) {
            html = Optional.of(body);
            text = t.render(t.textOf(r.templateBody()), variables);
        } else {
            html = Optional.empty();
            text = body;
        }
        return new Body(subject, text, html);
    }
}
