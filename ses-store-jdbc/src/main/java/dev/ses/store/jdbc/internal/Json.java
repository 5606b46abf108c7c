package dev.ses.store.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ses.core.Attachment;
import dev.ses.core.DnsRecord;
import dev.ses.core.DnsRecordType;
import dev.ses.store.jdbc.JdbcStoreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of the list and map columns. Each value goes through a private shape of its own, so a change to a
 * public record cannot silently change what is stored.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<List<RecordShape>> RECORDS = new TypeReference<>() { };
    private static final TypeReference<List<AttachmentShape>> ATTACHMENTS = new TypeReference<>() { };

    private record RecordShape(String purpose, String name, String type, String value, int priority) {
    }

    private record AttachmentShape(String filename, String contentType, byte[] content) {
    }

    private Json() {
    }

    public static String ofMap(Map<String, String> map) {
        return write(map);
    }

    public static Map<String, String> toMap(String json) {
        return read(json, MAP);
    }

    public static String ofStrings(List<String> list) {
        return write(list);
    }

    public static List<String> toStrings(String json) {
        return read(json, STRINGS);
    }

    public static String ofRecords(List<DnsRecord> records) {
        return write(records.stream().map(r -> new RecordShape(r.purpose().name(), r.name(), r.type().name(),
                r.value(), r.priority())).toList());
    }

    public static List<DnsRecord> toRecords(String json) {
        return read(json, RECORDS).stream().map(r -> new DnsRecord(DnsRecord.Purpose.valueOf(r.purpose()), r.name(),
                DnsRecordType.valueOf(r.type()), r.value(), r.priority())).toList();
    }

    public static String ofAttachments(List<Attachment> attachments) {
        return write(attachments.stream().map(a -> new AttachmentShape(a.filename(), a.contentType(), a.content()))
                .toList());
    }

    public static List<Attachment> toAttachments(String json) {
        return read(json, ATTACHMENTS).stream().map(a -> new Attachment(a.filename(), a.contentType(), a.content()))
                .toList();
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new JdbcStoreException("could not write JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new JdbcStoreException("could not read JSON column: " + e.getOriginalMessage(), e);
        }
    }
}
