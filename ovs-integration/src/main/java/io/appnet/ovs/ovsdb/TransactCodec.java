package io.appnet.ovs.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The "transact" method (RFC 7047 4.1.3 and 5.2): operations to params, and the reply to results or an error. */
final class TransactCodec {

    private TransactCodec() {
    }

    static ArrayNode params(List<Operation> operations) {
        ArrayNode params = OvsdbJson.NODES.arrayNode().add(MonitoredSchema.DATABASE);
        operations.forEach(operation -> params.add(toJson(operation)));
        return params;
    }

    static ObjectNode toJson(Operation operation) {
        ObjectNode json = OvsdbJson.NODES.objectNode();
        if (operation instanceof Operation.Insert insert) {
            json.put("op", "insert").put("table", insert.table());
            json.set("row", OvsdbJson.columnsToJson(insert.row()));
            insert.uuidName().ifPresent(name -> json.put("uuid-name", name));
        } else if (operation instanceof Operation.Update update) {
            json.put("op", "update").put("table", update.table());
            json.set("where", where(update.where()));
            json.set("row", OvsdbJson.columnsToJson(update.row()));
        } else if (operation instanceof Operation.Mutate mutate) {
            json.put("op", "mutate").put("table", mutate.table());
            json.set("where", where(mutate.where()));
            ArrayNode mutations = json.putArray("mutations");
            mutate.mutations().forEach(mutation -> mutations.add(OvsdbJson.NODES.arrayNode()
                    .add(mutation.column()).add(mutation.mutator()).add(OvsdbJson.datumToJson(mutation.value()))));
        } else if (operation instanceof Operation.Select select) {
            json.put("op", "select").put("table", select.table());
            json.set("where", where(select.where()));
            if (!select.columns().isEmpty()) {
                select.columns().forEach(json.putArray("columns")::add);
            }
        } else if (operation instanceof Operation.Wait wait) {
            json.put("op", "wait").put("timeout", wait.timeoutMillis()).put("table", wait.table());
            json.set("where", where(wait.where()));
            wait.columns().forEach(json.putArray("columns")::add);
            json.put("until", wait.until());
            ArrayNode rows = json.putArray("rows");
            wait.rows().forEach(row -> rows.add(OvsdbJson.columnsToJson(row)));
        } else {
            json.put("op", "comment").put("comment", ((Operation.Comment) operation).comment());
        }
        return json;
    }

    private static ArrayNode where(List<Condition> conditions) {
        ArrayNode where = OvsdbJson.NODES.arrayNode();
        conditions.forEach(condition -> where.add(OvsdbJson.NODES.arrayNode()
                .add(condition.column()).add(condition.function()).add(OvsdbJson.datumToJson(condition.value()))));
        return where;
    }

    /**
     * One result per operation, or {@link TransactionFailedException} for the first failed one (OVS follows it
     * with nulls) or for a failed commit (an extra error after all results). A reply of any other shape is
     * the host breaking the protocol: {@link OvsdbProtocolException}.
     */
    static List<OperationResult> results(JsonNode reply, List<Operation> operations) {
        if (!reply.isArray() || reply.size() < operations.size() || reply.size() > operations.size() + 1) {
            throw new OvsdbProtocolException("transact reply must be an array of " + operations.size()
                    + " results (or one more for a commit error), not " + OvsdbJson.abbreviate(reply));
        }
        List<OperationResult> results = new ArrayList<>();
        for (int i = 0; i < reply.size(); i++) {
            JsonNode result = reply.get(i);
            if (!result.isObject()) {
                throw new OvsdbProtocolException("transact result " + i + " is not an object but "
                        + OvsdbJson.abbreviate(result));
            }
            if (result.has("error")) {
                throw failure(result, i < operations.size() ? i : -1, i < operations.size() ? operations.get(i) : null);
            }
            if (i == operations.size()) {
                throw new OvsdbProtocolException("transact reply has a result beyond the last operation that is no error");
            }
            results.add(result(result));
        }
        return List.copyOf(results);
    }

    /** A top-level JSON-RPC error to a transact request: the request as a whole was refused. */
    static TransactionFailedException requestFailure(JsonNode error) {
        return new TransactionFailedException(-1, text(error), "transaction refused: " + OvsdbJson.abbreviate(error));
    }

    private static TransactionFailedException failure(JsonNode result, int index, Operation operation) {
        String error = text(result.get("error"));
        String details = result.hasNonNull("details") ? ": " + text(result.get("details")) : "";
        String where = index < 0 ? "commit failed" : "operation " + index + " (" + describe(operation) + ") failed";
        return new TransactionFailedException(index, error, "transaction " + where + ": " + error + details);
    }

    private static OperationResult result(JsonNode json) {
        Optional<String> uuid = Optional.empty();
        OptionalLong count = OptionalLong.empty();
        List<Row> rows = new ArrayList<>();
        if (json.has("uuid")) {
            Atom atom = OvsdbJson.parseAtom(json.get("uuid"));
            if (!(atom instanceof Atom.Uuid value)) {
                throw new OvsdbProtocolException("insert result uuid is not a uuid: " + OvsdbJson.abbreviate(json));
            }
            uuid = Optional.of(value.value());
        }
        if (json.has("count")) {
            if (!json.get("count").isIntegralNumber() || !json.get("count").canConvertToLong()) {
                throw new OvsdbProtocolException("result count is not an integer: " + OvsdbJson.abbreviate(json));
            }
            count = OptionalLong.of(json.get("count").longValue());
        }
        if (json.has("rows")) {
            if (!json.get("rows").isArray()) {
                throw new OvsdbProtocolException("select result rows is not an array: " + OvsdbJson.abbreviate(json));
            }
            for (JsonNode row : json.get("rows")) {
                rows.add(Row.of(OvsdbJson.parseColumns(row)));
            }
        }
        return new OperationResult(uuid, count, rows);
    }

    private static String describe(Operation operation) {
        if (operation instanceof Operation.Insert insert) {
            return "insert into " + insert.table();
        } else if (operation instanceof Operation.Update update) {
            return "update " + update.table();
        } else if (operation instanceof Operation.Mutate mutate) {
            return "mutate " + mutate.table();
        } else if (operation instanceof Operation.Select select) {
            return "select from " + select.table();
        } else if (operation instanceof Operation.Wait wait) {
            return "wait on " + wait.table();
        }
        return "comment";
    }

    private static String text(JsonNode json) {
        return json.isTextual() ? json.textValue() : OvsdbJson.abbreviate(json);
    }
}
