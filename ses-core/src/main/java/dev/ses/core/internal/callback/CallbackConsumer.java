package dev.ses.core.internal.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ses.core.BounceType;
import dev.ses.core.CallbackAddress;
import dev.ses.core.CallbackEvent;
import dev.ses.core.SesEvent;
import dev.ses.core.TemplateType;
import dev.ses.core.internal.Engine;
import dev.ses.core.internal.EventConsumer;
import dev.ses.core.internal.Json;
import dev.ses.core.internal.MessageToken;
import dev.ses.core.spi.CallbackDeliveryRecord;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.spi.MailRequest;
import dev.ses.core.spi.MessageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Callbacks as a consumer of the event log. Transactional: a page's deliveries are queued in the transaction that
 * moves the cursor past it, so each event becomes exactly one delivery per address that wants it, however often a
 * crash makes a page come again. The sender address's callback address takes the event if it has one (whether or
 * not it wants that kind); otherwise the account's. Events from before an address was set are not queued.
 *
 * <p>The body is the reproduced service's payload, built here once and kept with the delivery, so that retries and
 * replays post the same bytes even after the event has left the log.
 */
public final class CallbackConsumer implements EventConsumer {
    /** The cursor's name, shared by the nodes of one store. */
    public static final String NAME = "callbacks";

    private final Engine engine;

    public CallbackConsumer(Engine engine) {
        this.engine = engine;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public void accept(List<LoggedEvent> events) {
        Map<List<String>, Optional<CallbackAddress>> addresses = new HashMap<>();
        Map<List<String>, Optional<MailRequest>> requests = new HashMap<>();
        List<CallbackDeliveryRecord> queued = new ArrayList<>();
        Instant now = engine.clock().instant();
        for (LoggedEvent logged : events) {
            SesEvent e = logged.event();
            Optional<CallbackEvent> kind = CallbackEvent.of(e.type());
            if (kind.isEmpty()) {
                continue;
            }
            Optional<CallbackAddress> address = addresses.computeIfAbsent(List.of(e.account(), e.from()),
                    k -> addressOf(e.account(), e.from()));
            if (address.isEmpty() || e.at().isBefore(address.get().createdAt())) {
                continue;
            }
            delivery(address.get(), logged, requests, now).ifPresent(queued::add);
        }
        if (!queued.isEmpty()) {
            engine.store().callbacks().enqueue(queued);
        }
    }

    /**
     * The delivery of an event to an address, due at {@code due}, if the address wants its kind.
     *
     * @param requests the requests read so far, by account and id, filled as needed
     */
    public Optional<CallbackDeliveryRecord> delivery(CallbackAddress address, LoggedEvent logged,
                                                     Map<List<String>, Optional<MailRequest>> requests,
                                                     Instant due) {
        SesEvent e = logged.event();
        Optional<CallbackEvent> kind = CallbackEvent.of(e.type());
        if (kind.isEmpty() || !address.wants(kind.get())) {
            return Optional.empty();
        }
        Optional<MailRequest> request = requests.computeIfAbsent(List.of(e.account(), e.messageId()),
                k -> engine.store().requests().get(e.account(), e.messageId()));
        return Optional.of(CallbackDeliveryRecord.pending(address.id(), e.account(), logged.seq(), webhookId(logged),
                kind.get(), e.at(), body(kind.get(), e, request), due));
    }

    /** The address an event of this sender goes to: the sender address's own, else the account's. */
    public Optional<CallbackAddress> addressOf(String account, String from) {
        Optional<CallbackAddress> own = engine.store().callbacks().addressFor(account, Optional.of(from));
        return own.isPresent() ? own : engine.store().callbacks().addressFor(account, Optional.empty());
    }

    /** The {@code webhook-id} of an event: the same on every attempt and replay, unique in the store. */
    public static String webhookId(LoggedEvent logged) {
        return "evt_" + logged.seq();
    }

    /** The reproduced service's payload for an event. */
    private String body(CallbackEvent kind, SesEvent e, Optional<MailRequest> request) {
        Optional<MessageRecord> message = engine.store().messages().get(e.account(), e.deliveryId());
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("event", kind.wireName());
        json.put("eventid", kind.id());
        json.put("email", e.recipient());
        json.put("link", e.link().orElse(""));
        json.put("bulkId", e.messageId());
        json.put("messageId", request.map(r -> (r.individual() ? MessageToken.single(r.id(), e.deliveryId())
                : MessageToken.shared(r.id())).messageId(r.senderDomain())).orElse(""));
        json.put("taskId", e.taskId().orElse(0L));
        json.put("templateId", e.templateId());
        json.put("timestamp", e.at().getEpochSecond());
        json.put("sentTimestamp", message.flatMap(MessageRecord::firstAttemptAt)
                .or(() -> message.map(MessageRecord::createdAt)).orElse(e.at()).getEpochSecond());
        json.put("reason", e.reason().orElse(""));
        json.put("bounceType", e.bounceType().map(b -> b == BounceType.HARD ? "hard_bounce" : "soft_bounce")
                .orElse(""));
        json.put("from", e.from());
        json.put("fromDomain", e.senderDomain());
        json.put("subject", request.map(r -> subject(r, message)).orElse(""));
        json.put("useragent", e.userAgent().orElse(""));
        json.put("username", e.account());
        try {
            return Json.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e1) {
            throw new IllegalStateException("a JSON tree did not serialise", e1);
        }
    }

    /** The subject as the recipient saw it; the template itself if it no longer renders. */
    private String subject(MailRequest r, Optional<MessageRecord> message) {
        if (!r.subject().contains("{{")) {
            return r.subject();
        }
        Map<String, String> variables = new HashMap<>(r.variables());
        message.ifPresent(m -> variables.putAll(m.variables()));
        try {
            return engine.templates().render(engine.templates().compile(r.subject(), TemplateType.TEXT, "subject"),
                    variables);
        } catch (RuntimeException e) {
            return r.subject();
        }
    }
}
