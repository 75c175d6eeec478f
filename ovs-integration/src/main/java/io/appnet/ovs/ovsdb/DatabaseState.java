package io.appnet.ovs.ovsdb;

import java.util.HashMap;
import java.util.Map;

/**
 * One host's monitored rows, table -> uuid -> row. Immutable: {@link #apply} returns a new state or throws,
 * so a bad update leaves the session's state exactly as it was.
 */
record DatabaseState(Map<String, Map<String, Row>> tables) {

    DatabaseState {
        Map<String, Map<String, Row>> copy = new HashMap<>();
        for (String table : MonitoredSchema.tables()) {
            copy.put(table, Map.copyOf(tables.getOrDefault(table, Map.of())));
        }
        tables = Map.copyOf(copy);
    }

    static DatabaseState empty() {
        return new DatabaseState(Map.of());
    }

    Map<String, Row> rows(String table) {
        return tables.get(table);
    }

    /** Applies every row-update or none: an insert of a known row, or a modify or delete of an unknown one, throws. */
    DatabaseState apply(TableUpdates updates) {
        Map<String, Map<String, Row>> next = new HashMap<>();
        for (RowUpdate update : updates.rows()) {
            Map<String, Row> rows = next.computeIfAbsent(update.table(), table -> new HashMap<>(tables.get(table)));
            Row current = rows.get(update.uuid());
            String where = update.table() + " row " + update.uuid();
            switch (update.kind()) {
                case INSERT -> {
                    if (current != null) {
                        throw new OvsdbProtocolException(where + " inserted twice");
                    }
                    rows.put(update.uuid(), Row.of(update.newColumns().orElseThrow()));
                }
                case MODIFY -> {
                    if (current == null) {
                        throw new OvsdbProtocolException(where + " modified but never announced");
                    }
                    rows.put(update.uuid(), current.with(update.newColumns().orElseThrow()));
                }
                case DELETE -> {
                    if (current == null) {
                        throw new OvsdbProtocolException(where + " deleted but never announced");
                    }
                    rows.remove(update.uuid());
                }
            }
        }
        Map<String, Map<String, Row>> merged = new HashMap<>(tables);
        merged.putAll(next);
        return new DatabaseState(merged);
    }
}
