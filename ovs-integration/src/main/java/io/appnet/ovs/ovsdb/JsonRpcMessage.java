package io.appnet.ovs.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * A JSON-RPC 1.0 message as OVSDB uses it (RFC 7047 section 4): classified the way Open vSwitch's own
 * lib/jsonrpc.c does (non-null "result": reply; non-null "error": error; non-null "id": request; else
 * notification), and refused with any member that does not belong to its kind.
 */
sealed interface JsonRpcMessage {

    record Request(JsonNode id, String method, ArrayNode params) implements JsonRpcMessage { }

    record Notification(String method, ArrayNode params) implements JsonRpcMessage { }

    record Reply(JsonNode id, JsonNode result) implements JsonRpcMessage { }

    record ErrorReply(JsonNode id, JsonNode error) implements JsonRpcMessage { }

    Set<String> MEMBERS = Set.of("method", "params", "result", "error", "id");

    static JsonRpcMessage parse(JsonNode json) {
        if (!json.isObject()) {
            throw new OvsdbProtocolException("a JSON-RPC message must be a JSON object, not " + OvsdbJson.abbreviate(json));
        }
        json.fieldNames().forEachRemaining(name -> {
            if (!MEMBERS.contains(name)) {
                throw new OvsdbProtocolException("JSON-RPC message has unexpected member \""
                        + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "\"");
            }
        });
        JsonNode method = present(json, "method");
        JsonNode params = present(json, "params");
        JsonNode result = present(json, "result");
        JsonNode error = present(json, "error");
        JsonNode id = present(json, "id");
        if (method != null && !method.isTextual()) {
            throw new OvsdbProtocolException("JSON-RPC \"method\" must be a string");
        }
        if (params != null && !params.isArray()) {
            throw new OvsdbProtocolException("JSON-RPC \"params\" must be an array");
        }
        if (result != null) {
            expect(method == null && params == null && error == null && id != null,
                    "a reply has \"result\" and \"id\" and no \"method\", \"params\" or \"error\"");
            return new Reply(id, result);
        }
        if (error != null) {
            expect(method == null && params == null && id != null,
                    "an error reply has \"error\" and \"id\" and no \"method\" or \"params\"");
            return new ErrorReply(id, error);
        }
        expect(method != null && params != null, "a request or notification has \"method\" and \"params\"");
        return id != null
                ? new Request(id, method.textValue(), (ArrayNode) params)
                : new Notification(method.textValue(), (ArrayNode) params);
    }

    static ObjectNode toJson(JsonRpcMessage message) {
        ObjectNode json = OvsdbJson.NODES.objectNode();
        if (message instanceof Request request) {
            json.put("method", request.method()).set("params", request.params());
            json.set("id", request.id());
        } else if (message instanceof Notification notification) {
            json.put("method", notification.method()).set("params", notification.params());
            json.set("id", NullNode.getInstance());
        } else if (message instanceof Reply reply) {
            json.set("result", reply.result());
            json.set("error", NullNode.getInstance());
            json.set("id", reply.id());
        } else {
            ErrorReply error = (ErrorReply) message;
            json.set("result", NullNode.getInstance());
            json.set("error", error.error());
            json.set("id", error.id());
        }
        return json;
    }

    /** A member counts as absent when it is JSON null, as in OVS. */
    private static JsonNode present(JsonNode json, String member) {
        JsonNode value = json.get(member);
        return value == null || value.isNull() ? null : value;
    }

    private static void expect(boolean condition, String rule) {
        if (!condition) {
            throw new OvsdbProtocolException("malformed JSON-RPC message: " + rule);
        }
    }
}
