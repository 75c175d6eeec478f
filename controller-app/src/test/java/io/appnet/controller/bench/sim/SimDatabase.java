package io.appnet.controller.bench.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The Open_vSwitch database of one simulated host, in RFC 7047's JSON notation, with what {@code ovsdb-server}
 * and {@code ovs-vswitchd} do to it that the controller relies on: "transact" with insert, update, mutate,
 * select, delete, wait and comment (named-uuids resolved), an OpenFlow port number given to every new Interface
 * (the lowest free from 1, as ovs-vswitchd does), and the monitored rows and changes as table-updates. Not
 * modelled: referential garbage collection, schema checks, "wait" that blocks (no other writer exists), locks.
 * Not thread-safe: the host's OVSDB I/O thread owns it.
 */
final class SimDatabase {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> MAP_COLUMNS = Set.of("external_ids", "options",
            "other_config", "status");

    private final Map<String, Map<String, ObjectNode>> tables = new LinkedHashMap<>();
    private int nextOfport = 1;

    /** A row in {@code table}; returns its uuid. Columns are JSON datums. */
    String insert(String table, ObjectNode row) {
        String uuid = UUID.randomUUID().toString();
        if (table.equals("Interface") && !row.has("ofport")) {
            row.put("ofport", nextOfport++);
        }
        tables.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(uuid, row);
        return uuid;
    }

    /** Reserves OpenFlow port numbers below {@code ofport} (instances the host was built with). */
    void usedOfportsUpTo(int ofport) {
        nextOfport = Math.max(nextOfport, ofport + 1);
    }

    /** The rows of every requested table, projected to the requested columns, as {@code <table-updates>}. */
    ObjectNode initial(JsonNode requests) {
        ObjectNode updates = JSON.objectNode();
        requests.fields().forEachRemaining(request -> {
            ObjectNode rows = updates.putObject(request.getKey());
            tables.getOrDefault(request.getKey(), Map.of()).forEach((uuid, row) ->
                    rows.putObject(uuid).set("new", project(uuid, row, request.getValue().get("columns"))));
        });
        return updates;
    }

    /**
     * Runs one transaction's operations; returns the results array and fills {@code changed} with table ->
     * uuid -> the row before (null for an insert), for the monitor's "update".
     */
    ArrayNode transact(ArrayNode params, Map<String, Map<String, ObjectNode>> changed) {
        Map<String, String> named = new HashMap<>();
        ArrayNode results = JSON.arrayNode();
        for (int i = 1; i < params.size(); i++) {
            JsonNode op = params.get(i);
            String table = op.path("table").asText();
            ObjectNode result = results.addObject();
            switch (op.path("op").asText()) {
                case "insert" -> {
                    ObjectNode row = (ObjectNode) resolve(op.get("row"), named);
                    String uuid = insert(table, row);
                    if (op.has("uuid-name")) {
                        named.put(op.get("uuid-name").asText(), uuid);
                    }
                    changed.computeIfAbsent(table, t -> new HashMap<>()).put(uuid, null);
                    result.set("uuid", uuidAtom(uuid));
                }
                case "update", "mutate" -> {
                    int count = 0;
                    for (Map.Entry<String, ObjectNode> row : where(table, op.get("where"))) {
                        Map<String, ObjectNode> before = changed.computeIfAbsent(table, t -> new HashMap<>());
                        if (!before.containsKey(row.getKey())) { // a row inserted in this transaction stays an insert
                            before.put(row.getKey(), row.getValue().deepCopy());
                        }
                        if (op.get("op").asText().equals("update")) {
                            row.getValue().setAll((ObjectNode) resolve(op.get("row"), named));
                        } else {
                            op.get("mutations").forEach(m -> mutate(row.getValue(), m, named));
                        }
                        count++;
                    }
                    result.put("count", count);
                }
                case "select" -> {
                    ArrayNode rows = result.putArray("rows");
                    where(table, op.get("where")).forEach(row -> rows.add(project(row.getKey(), row.getValue(),
                            op.get("columns"))));
                }
                case "delete" -> {
                    List<Map.Entry<String, ObjectNode>> gone = where(table, op.get("where"));
                    gone.forEach(row -> tables.get(table).remove(row.getKey()));
                    result.put("count", gone.size());
                }
                case "wait", "comment", "assert" -> { }
                default -> {
                    results.remove(results.size() - 1);
                    results.addObject().put("error", "not supported").put("details", op.path("op").asText());
                    return results;
                }
            }
        }
        return results;
    }

    /** A row as a monitor shows it: {@code columns} of the row (every column when null). */
    ObjectNode project(String uuid, ObjectNode row, JsonNode columns) {
        ObjectNode projected = JSON.objectNode();
        if (columns == null) {
            projected.setAll(row);
            projected.set("_uuid", uuidAtom(uuid));
            return projected;
        }
        columns.forEach(column -> projected.set(column.asText(), column.asText().equals("_uuid") ? uuidAtom(uuid)
                : row.has(column.asText()) ? row.get(column.asText()) : empty(column.asText())));
        return projected;
    }

    ObjectNode row(String table, String uuid) {
        return tables.get(table).get(uuid);
    }

    private List<Map.Entry<String, ObjectNode>> where(String table, JsonNode conditions) {
        List<Map.Entry<String, ObjectNode>> rows = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> row : tables.getOrDefault(table, Map.of()).entrySet()) {
            boolean all = true;
            for (JsonNode condition : conditions == null ? JSON.arrayNode() : conditions) {
                String column = condition.get(0).asText();
                JsonNode value = column.equals("_uuid") ? uuidAtom(row.getKey()) : row.getValue().get(column);
                boolean equal = atoms(value).equals(atoms(condition.get(2)));
                all &= condition.get(1).asText().equals("!=") != equal;
            }
            if (all) {
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * insert/delete on a set or map column, and += on an integer column (the controller bumps next_cfg); the other
     * mutators are not needed by the controller.
     */
    private static void mutate(ObjectNode row, JsonNode mutation, Map<String, String> named) {
        String column = mutation.get(0).asText();
        String mutator = mutation.get(1).asText();
        JsonNode value = resolve(mutation.get(2), named);
        JsonNode current = row.get(column);
        if (mutator.equals("+=")) {
            row.put(column, (current == null ? 0 : current.asLong()) + value.asLong());
            return;
        }
        boolean map = isMap(current);
        if (map) {
            ArrayNode pairs = ((ArrayNode) current.get(1)).deepCopy();
            if (mutator.equals("insert")) {
                value.get(1).forEach(pair -> {
                    boolean present = false;
                    for (JsonNode existing : pairs) {
                        present |= existing.get(0).equals(pair.get(0));
                    }
                    if (!present) {
                        pairs.add(pair);
                    }
                });
            } else {
                boolean keysOnly = !isMap(value);
                List<JsonNode> keys = keysOnly ? atoms(value) : new ArrayList<>();
                for (Iterator<JsonNode> it = pairs.iterator(); it.hasNext(); ) {
                    JsonNode pair = it.next();
                    boolean hit = keysOnly ? keys.contains(pair.get(0)) : contains(value.get(1), pair);
                    if (hit) {
                        it.remove();
                    }
                }
            }
            row.set(column, JSON.arrayNode().add("map").add(pairs));
        } else {
            List<JsonNode> atoms = new ArrayList<>(atoms(current));
            if (mutator.equals("insert")) {
                atoms(value).stream().filter(atom -> !atoms.contains(atom)).forEach(atoms::add);
            } else {
                atoms.removeAll(atoms(value));
            }
            ArrayNode set = JSON.arrayNode().add("set");
            set.addArray().addAll(atoms);
            row.set(column, set);
        }
    }

    private static boolean isMap(JsonNode datum) {
        return datum != null && datum.isArray() && datum.size() == 2 && datum.get(0).asText().equals("map");
    }

    private static boolean contains(JsonNode pairs, JsonNode pair) {
        for (JsonNode candidate : pairs) {
            if (candidate.equals(pair)) {
                return true;
            }
        }
        return false;
    }

    /** The atoms of a datum: a set's members, or the one atom (a uuid is {@code ["uuid", x]}, an atom). */
    static List<JsonNode> atoms(JsonNode datum) {
        if (datum == null) {
            return List.of();
        }
        if (datum.isArray() && datum.size() == 2 && datum.get(0).asText().equals("set")) {
            List<JsonNode> atoms = new ArrayList<>();
            datum.get(1).forEach(atoms::add);
            return atoms;
        }
        return List.of(datum);
    }

    private static JsonNode resolve(JsonNode value, Map<String, String> named) {
        if (value == null) {
            return null;
        }
        if (value.isArray() && value.size() == 2 && value.get(0).asText().equals("named-uuid")) {
            return uuidAtom(named.get(value.get(1).asText()));
        }
        JsonNode copy = value.deepCopy();
        if (copy.isArray()) {
            ArrayNode array = (ArrayNode) copy;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, resolve(array.get(i), named));
            }
        } else if (copy.isObject()) {
            copy.fields().forEachRemaining(field -> field.setValue(resolve(field.getValue(), named)));
        }
        return copy;
    }

    static ArrayNode uuidAtom(String uuid) {
        return JSON.arrayNode().add("uuid").add(uuid);
    }

    /** The value of a column never written: an empty map for the map columns the controller reads, else an empty set. */
    private static ArrayNode empty(String column) {
        return MAP_COLUMNS.contains(column) ? stringMap(Map.of()) : emptySet();
    }

    static ArrayNode emptySet() {
        ArrayNode set = JSON.arrayNode().add("set");
        set.addArray();
        return set;
    }

    static ArrayNode set(List<? extends JsonNode> atoms) {
        ArrayNode set = JSON.arrayNode().add("set");
        set.addArray().addAll(atoms);
        return set;
    }

    static ArrayNode stringMap(Map<String, String> pairs) {
        ArrayNode map = JSON.arrayNode().add("map");
        ArrayNode list = map.addArray();
        pairs.forEach((key, value) -> list.addArray().add(key).add(value));
        return map;
    }
}
