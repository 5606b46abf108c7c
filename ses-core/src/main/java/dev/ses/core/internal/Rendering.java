package dev.ses.core.internal;

import dev.ses.core.TemplateType;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import dev.ses.core.spi.OutboundMail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns admitted rows into the messages the transport sends: one per row of an individual request (a batch), one
 * per shared request for all its rows in the chunk; the template and subject rendered with the request's and the
 * row's variables, the Message-ID and return path from the {@link MessageToken}. Thread-safe.
 */
final class Rendering {
    private final Engine engine;
    private final Requests requests;

    Rendering(Engine engine, Requests requests) {
        this.engine = engine;
        this.requests = requests;
    }

    /** The rows that go out as one message: one per row for an individual request, one per request otherwise. */
    List<List<MessageRecord>> group(List<MessageRecord> sendable) {
        List<List<MessageRecord>> mailRows = new ArrayList<>();
        Map<String, Integer> shared = new HashMap<>();
        for (MessageRecord m : sendable) {
            MailRequest r = requests.get(m.requestId()).orElseThrow();
            Integer index = r.individual() ? null : shared.get(r.id());
            if (index != null) {
                mailRows.get(index).add(m);
                continue;
            }
            if (!r.individual()) {
                shared.put(r.id(), mailRows.size());
            }
            List<MessageRecord> rows = new ArrayList<>();
            rows.add(m);
            mailRows.add(rows);
        }
        return mailRows;
    }

    /**
     * The message for rows of one request.
     *
     * @throws IllegalArgumentException if the rendered subject holds a line break
     */
    OutboundMail render(MailRequest r, List<MessageRecord> rows, Optional<DkimKey> key, Instant now) {
        MessageRecord first = rows.get(0);
        Map<String, String> variables = r.variables();
        if (!first.variables().isEmpty()) {
            variables = new HashMap<>(r.variables());
            variables.putAll(first.variables());
        }
        TemplateSupport t = engine.templates();
        String body = t.render(t.compile(r.templateBody(), r.templateType(), "body"), variables);
        String subject = t.render(t.compile(r.subject(), TemplateType.TEXT, "subject"), variables);
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the rendered subject holds a line break");
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
        MessageToken token = r.individual() ? MessageToken.single(r.id(), first.id()) : MessageToken.shared(r.id());
        List<String> envelope = rows.stream().map(MessageRecord::recipient).toList();
        List<String> to = r.individual() ? List.of(first.recipient()) : r.to();
        return new OutboundMail(token.messageId(r.senderDomain()), engine.returnPaths().returnPath(token, r.senderDomain()),
                r.fromAddress(), r.fromName(), to, r.individual() ? List.of() : r.cc(), r.replyTo(), envelope,
                subject, text, html, r.headers(), r.attachments(), now, key,
                new OutboundMail.Metadata(r.account(), r.id(), r.templateId(), variables, r.taskId()));
    }
}
