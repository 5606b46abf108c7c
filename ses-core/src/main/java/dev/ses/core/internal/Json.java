package dev.ses.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ses.core.ErrorCode;
import dev.ses.core.SesException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Template data as JSON: parsing a JSON object of plain values, and measuring a map as JSON. */
public final class Json {
    /** The shared mapper; thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /**
     * Parses template data: a JSON object whose values are strings, numbers or booleans (written as text).
     *
     * @throws SesException TEMPLATE_DATA_INVALID naming the problem
     */
    public static Map<String, String> parseVariables(String field, String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SesException(ErrorCode.TEMPLATE_DATA_INVALID, field + ": not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (!(root instanceof ObjectNode object)) {
            throw new SesException(ErrorCode.TEMPLATE_DATA_INVALID, field + ": must be a JSON object such as "
                    + "{\"name\":\"Ann\"}, got: " + abbreviate(json));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isValueNode() || v.isNull()) {
                throw new SesException(ErrorCode.TEMPLATE_DATA_INVALID, field + ": variable '" + e.getKey()
                        + "' must be a string, number or boolean, got: " + abbreviate(v.toString()));
            }
            values.put(e.getKey(), v.asText());
        }
        return values;
    }

    /** The size in UTF-8 bytes of a map of strings written as a JSON object. */
    public static int sizeOf(Map<String, String> values) {
        try {
            return MAPPER.writeValueAsString(values).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a map of strings", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
