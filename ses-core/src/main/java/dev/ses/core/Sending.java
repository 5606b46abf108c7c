package dev.ses.core;

import dev.ses.core.internal.Engine;
import dev.ses.core.internal.HeaderChecks;
import dev.ses.core.internal.Json;
import dev.ses.core.internal.Mailboxes;
import dev.ses.core.internal.MessageToken;
import dev.ses.core.internal.TemplateVariables;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import dev.ses.core.spi.OutboundMail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Accepts regular sends: checks everything up front, then writes the request and its recipients' rows. */
final class Sending {

    private final Engine engine;
    private final String account;

    Sending(Engine engine, String account) {
        this.engine = engine;
        this.account = account;
    }

    SendReceipt send(SendRequest request) {
        SenderAddresses addresses = new SenderAddresses(engine, account);
        SenderAddress from = addresses.get(request.from());
        SenderDomain domain = addresses.requireSendable(from);
        Template template = new Templates(engine, account).get(request.templateId());

        Map<String, String> variables = variables(request);
        var subject = engine.templates().compile(request.subject(), TemplateType.TEXT, "subject");
        TemplateVariables.requireExactly(TemplateVariables.expected(template.variables(), subject.variables()),
                variables.keySet(), "variables", request.tracking());
        HeaderChecks.subject(request.subject());
        for (String name : subject.variables()) {
            HeaderChecks.subjectValue("variables." + name, variables.get(name));
        }
        HeaderChecks.renderedSubject(engine.templates().render(subject, variables));

        List<String> to = recipients("to", request.to(), engine.limits().maxTo());
        List<String> cc = recipients("cc", request.cc(), engine.limits().maxCc());
        List<String> bcc = recipients("bcc", request.bcc(), engine.limits().maxBcc());
        LinkedHashSet<String> envelope = new LinkedHashSet<>();
        for (List<String> list : List.of(to, cc, bcc)) {
            for (String r : list) {
                if (envelope.stream().noneMatch(e -> e.equalsIgnoreCase(r))) {
                    envelope.add(r);
                }
            }
        }
        Optional<String> replyTo = request.replyTo().map(r -> Mailboxes.mailbox("replyTo", r));
        Map<String, String> headers = HeaderChecks.headers(request.headers());
        checkAttachments(request.attachments());
        String key = request.idempotencyKey().map(k -> Mailboxes.headerText(ErrorCode.INVALID_ARGUMENT,
                "idempotencyKey", k, 256)).orElse(null);

        Instant now = engine.clock().instant();
        MailRequest mail = new MailRequest(MessageToken.newRequestId(), account, from.id(), from.email(),
                from.displayName(), domain.name(), template.id(), template.type(), template.body(), request.subject(),
                variables, to, cc, replyTo, headers, request.attachments(), false, Optional.empty(), Optional.empty(),
                Optional.ofNullable(key), now, request.tracking());
        return engine.store().inTransaction(() -> {
            MailRequest stored = engine.store().requests().insertIfAbsent(mail);
            if (!stored.id().equals(mail.id())) {
                return new SendReceipt(stored.id(), true);
            }
            long granted = new dev.ses.core.internal.Quotas(engine).reserve(account, domain.name(), envelope.size(),
                    now);
            if (granted < envelope.size()) {
                throw new SesException(ErrorCode.QUOTA_EXCEEDED, "to: " + envelope.size() + " recipient(s) but only "
                        + granted + " left of today's quota of " + domain.name() + " and account " + account);
            }
            List<MessageRecord> rows = new ArrayList<>(envelope.size());
            for (String r : envelope) {
                rows.add(MessageRecord.queued(mail, r, Map.of(), now));
            }
            List<MessageRecord> queued = engine.store().messages().insertAll(rows);
            engine.store().events().append(queued.stream().map(m -> LoggedEvent.queued(m, mail.fromAddress()))
                    .toList());
            return new SendReceipt(mail.id(), false);
        });
    }


    private Map<String, String> variables(SendRequest request) {
        Map<String, String> variables = request.variablesJson().isPresent()
                ? Json.parseVariables("variables", request.variablesJson().get())
                : new LinkedHashMap<>(request.variables());
        if (request.variablesJson().isPresent() && !request.variables().isEmpty()) {
            throw new SesException(ErrorCode.TEMPLATE_DATA_INVALID,
                    "variables: give the variables as a map or as JSON, not both");
        }
        int size = Json.sizeOf(variables);
        if (size > engine.limits().maxTemplateDataBytes()) {
            throw new SesException(ErrorCode.TEMPLATE_DATA_INVALID, "variables: " + size
                    + " bytes of JSON is over the limit of " + engine.limits().maxTemplateDataBytes());
        }
        return variables;
    }

    private static List<String> recipients(String field, List<String> given, int max) {
        if (given.size() > max) {
            throw new SesException(ErrorCode.RECIPIENT_LIMIT_EXCEEDED, field + ": " + given.size()
                    + " recipients is over the limit of " + max);
        }
        List<String> checked = new ArrayList<>(given.size());
        for (String r : given) {
            checked.add(Mailboxes.mailbox(field, r));
        }
        return checked;
    }

    private void checkAttachments(List<Attachment> attachments) {
        if (attachments.size() > engine.limits().maxAttachments()) {
            throw new SesException(ErrorCode.ATTACHMENT_LIMIT_EXCEEDED, "attachments: " + attachments.size()
                    + " files is over the limit of " + engine.limits().maxAttachments());
        }
        for (Attachment a : attachments) {
            // RFC 2046 5.2.1: an attached message goes as it is (7bit or 8bit), so its lines must fit SMTP's.
            int longest = a.contentType().equalsIgnoreCase("message/rfc822") ? longestLine(a.content()) : 0;
            if (longest > HeaderChecks.MAX_LINE) {
                throw new SesException(ErrorCode.INVALID_ARGUMENT, "attachments: " + a.filename() + " is a "
                        + "message/rfc822 with a line of " + longest + " octets, over the limit of "
                        + HeaderChecks.MAX_LINE + " (RFC 5322 2.1.1); attach it as application/octet-stream");
            }
        }
        long total = attachments.stream().mapToLong(Attachment::size).sum();
        if (total > engine.limits().maxAttachmentBytes()) {
            throw new SesException(ErrorCode.ATTACHMENT_LIMIT_EXCEEDED, "attachments: " + total
                    + " bytes in all is over the limit of " + engine.limits().maxAttachmentBytes());
        }
    }

    private static int longestLine(byte[] bytes) {
        int longest = 0;
        int length = 0;
        for (byte b : bytes) {
            if (b == '\r' || b == '\n') {
                length = 0;
            } else {
                longest = Math.max(longest, ++length);
            }
        }
        return longest;
    }
}
