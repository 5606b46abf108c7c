package dev.ses.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ses.core.CheckStatus;
import dev.ses.core.DnsRecord;
import dev.ses.core.DnsRecordType;
import dev.ses.core.DomainStatus;
import dev.ses.core.DomainStatusEvent;
import dev.ses.core.DomainVerification;
import dev.ses.core.EventType;
import dev.ses.core.RecordCheck;
import dev.ses.core.SesEvent;
import dev.ses.core.spi.LoggedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A sender domain's change of status as an entry of the event log ({@link EventType#DOMAIN_STATUS}), and back.
 *
 * <p>Why in the message-shaped event: the log has one row type that every store, consumer and retention rule knows,
 * and a domain change is rare. The entry names the account and the domain ({@link SesEvent#senderDomain()}); it
 * has no message, recipient or copy (delivery id 0, which no message row has, so reads by copy never meet it). What
 * the listener needs beyond that (the statuses before and after, the reason and every record's check) travels as
 * one JSON document in {@link SesEvent#reason()}, written and read only here. Its key, {@code d:<domain id>:<from>:
 * <to>:<checked at>}, names the check that made the change, so recording it again (a retried transaction) appends
 * nothing.
 */
public final class DomainStatusEntries {
    private DomainStatusEntries() {
    }

    /** The entry of a domain's change, for the domain with this store id. */
    public static LoggedEvent entry(long domainId, DomainStatusEvent change) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("previous", change.previous().name());
        doc.put("status", change.status().name());
        doc.put("reason", change.reason());
        doc.put("checkedAt", change.verification().checkedAt().toString());
        doc.put("at", change.at().toString());
        ArrayNode checks = doc.putArray("checks");
        for (RecordCheck c : change.verification().checks()) {
            ObjectNode n = checks.addObject();
            n.put("purpose", c.purpose().name());
            n.put("name", c.name());
            n.put("type", c.type().name());
            n.put("expected", c.expected());
            n.put("found", c.found());
            n.put("status", c.status().name());
            n.put("required", c.required());
            n.put("advice", c.advice());
        }
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the change of domain " + change.domain(), e);
        }
        SesEvent event = new SesEvent(EventType.DOMAIN_STATUS, change.account(), "", 0, "", "", change.domain(), 0,
                Optional.empty(), Optional.empty(), 0, change.at(), Optional.of(json), Optional.empty(),
                Optional.empty(), Optional.empty());
        Instant checked = change.verification().checkedAt();
        return LoggedEvent.of("d:" + domainId + ":" + change.previous() + ":" + change.status() + ":"
                + checked.getEpochSecond() + "." + checked.getNano(), event);
    }

    /**
     * The change an entry records.
     *
     * @throws IllegalArgumentException if the event is not a {@link EventType#DOMAIN_STATUS} entry written here
     */
    public static DomainStatusEvent change(SesEvent event) {
        if (event.type() != EventType.DOMAIN_STATUS || event.reason().isEmpty()) {
            throw new IllegalArgumentException("not a domain status entry: " + event.type());
        }
        try {
            JsonNode doc = Json.MAPPER.readTree(event.reason().get());
            List<RecordCheck> checks = new ArrayList<>();
            for (JsonNode n : doc.path("checks")) {
                checks.add(new RecordCheck(DnsRecord.Purpose.valueOf(n.path("purpose").asText()),
                        n.path("name").asText(), DnsRecordType.valueOf(n.path("type").asText()),
                        n.path("expected").asText(), n.path("found").asText(),
                        CheckStatus.valueOf(n.path("status").asText()), n.path("required").asBoolean(),
                        n.path("advice").asText()));
            }
            DomainStatus status = DomainStatus.valueOf(doc.path("status").asText());
            DomainVerification verification = new DomainVerification(event.senderDomain(), status, checks,
                    Instant.parse(doc.path("checkedAt").asText()));
            return new DomainStatusEvent(event.account(), event.senderDomain(),
                    DomainStatus.valueOf(doc.path("previous").asText()), status, verification,
                    doc.path("reason").asText(), Instant.parse(doc.path("at").asText()));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable domain status entry of " + event.senderDomain() + ": "
                    + e.getMessage(), e);
        }
    }
}
