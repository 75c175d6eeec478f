package io.appnet.ovs.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code <table-updates>} object: the monitor reply's initial rows or one "update" notification.
 * Parsing checks the whole shape first, so nothing is applied from a message that turns out malformed.
 */
record TableUpdates(List<RowUpdate> rows) {

    TableUpdates {
        rows = List.copyOf(rows);
    }

    static TableUpdates parse(JsonNode json) {
        if (!json.isObject()) {
            throw new OvsdbProtocolException("table-updates must be a JSON object, not " + OvsdbJson.abbreviate(json));
        }
        List<RowUpdate> rows = new ArrayList<>();
        for (Map.Entry<String, JsonNode> table : json.properties()) {
            String name = table.getKey();
            if (!MonitoredSchema.tables().contains(name)) {
                throw new OvsdbProtocolException("update for table '" + name + "' that is not monitored");
            }
            if (!table.getValue().isObject()) {
                throw new OvsdbProtocolException("table-update of " + name + " must be a JSON object");
            }
            for (Map.Entry<String, JsonNode> row : table.getValue().properties()) {
                rows.add(parseRow(name, row.getKey(), row.getValue()));
            }
        }
        return new TableUpdates(rows);
    }

    private static RowUpdate parseRow(String table, String uuid, JsonNode json) {
        if (!Atom.UUID.matcher(uuid).matches()) {
            throw new OvsdbProtocolException(table + " row key '" + abbreviate(uuid) + "' is not a UUID");
        }
        String where = table + " row " + uuid;
        if (!json.isObject()) {
            throw new OvsdbProtocolException(where + ": row-update must be a JSON object");
        }
        Optional<Map<String, Datum>> oldColumns = Optional.empty();
        Optional<Map<String, Datum>> newColumns = Optional.empty();
        for (Map.Entry<String, JsonNode> member : json.properties()) {
            switch (member.getKey()) {
                case "old" -> oldColumns = Optional.of(columns(where, table, member.getValue()));
                case "new" -> newColumns = Optional.of(columns(where, table, member.getValue()));
                default -> throw new OvsdbProtocolException(where + ": unexpected member '"
                        + abbreviate(member.getKey()) + "' in a row-update");
            }
        }
        return new RowUpdate(table, uuid.toLowerCase(Locale.ROOT), oldColumns, newColumns);
    }

    private static Map<String, Datum> columns(String where, String table, JsonNode json) {
        Map<String, Datum> columns;
        try {
            columns = OvsdbJson.parseColumns(json);
        } catch (OvsdbProtocolException e) {
            throw new OvsdbProtocolException(where + ": " + e.getMessage(), e);
        }
        for (String column : columns.keySet()) {
            if (!MonitoredSchema.isMonitored(table, column)) {
                throw new OvsdbProtocolException(where + ": column '" + abbreviate(column) + "' was not monitored");
            }
        }
        return columns;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
