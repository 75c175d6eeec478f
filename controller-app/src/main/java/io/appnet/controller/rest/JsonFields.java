package io.appnet.controller.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.appnet.controller.egress.EgressException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The request body as one JSON object, and typed reads of its fields, strict as Go's {@code encoding/json} that
 * policy-server unmarshals with: a field of the wrong type is refused, naming it by its path
 * ({@code destinations[0].name}), never converted. An absent or null field reads as empty.
 */
final class JsonFields {

    private JsonFields() {
    }

    /** A request body that must be one JSON object (and nothing after it). */
    static JsonNode body(byte[] body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                throw new EgressException("unmarshal json: the body is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException malformed) {
            throw new EgressException("unmarshal json: " + Json.malformed(malformed));
        } catch (IOException unreadable) {
            throw new EgressException("unmarshal json: " + unreadable.getMessage());
        }
    }

    /** A string; "" when absent or null. */
    static String text(JsonNode parent, String field, String path) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw wrongType(path + "." + field, "a string", node);
        }
        return node.textValue();
    }

    /** A whole number in int's range; null when absent or null. */
    static Integer integer(JsonNode parent, String field, String path) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrongType(path + "." + field, "a whole number", node);
        }
        return node.intValue();
    }

    /** An array of strings; empty when absent or null. */
    static List<String> texts(JsonNode parent, String field, String path) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrongType(path + "." + field, "an array of strings", node);
        }
        List<String> texts = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw wrongType(path + "." + field + "[" + i + "]", "a string", node.get(i));
            }
            texts.add(node.get(i).textValue());
        }
        return texts;
    }

    /** {@code node} itself, which must be an object. */
    static JsonNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw wrongType(path, "an object", node);
        }
        return node;
    }

    /** An object or an array, as the caller expects; refused when present and of another type. */
    static JsonNode expect(JsonNode parent, String field, String path, boolean array) {
        JsonNode node = parent.path(field);
        if (!node.isMissingNode() && !node.isNull() && (array ? !node.isArray() : !node.isObject())) {
            throw wrongType(path + "." + field, array ? "an array" : "an object", node);
        }
        return node;
    }

    private static EgressException wrongType(String path, String expected, JsonNode found) {
        return new EgressException("unmarshal json: " + path.replaceFirst("^\\.", "") + " must be " + expected
                + ", not " + found.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
    }
}
