package io.appnet.ovs.ovsdb;

import java.util.Map;
import java.util.Optional;

/**
 * One {@code <row-update>} of a monitor's table-updates (RFC 7047 4.1.6): "new" alone inserts (or reports an
 * initial row), "old" and "new" modify (with "new" holding the changed columns at least), "old" alone deletes.
 */
record RowUpdate(String table, String uuid, Optional<Map<String, Datum>> oldColumns,
        Optional<Map<String, Datum>> newColumns) {

    enum Kind { INSERT, MODIFY, DELETE }

    RowUpdate {
        oldColumns = oldColumns.map(Map::copyOf);
        newColumns = newColumns.map(Map::copyOf);
        if (oldColumns.isEmpty() && newColumns.isEmpty()) {
            throw new OvsdbProtocolException(table + " row " + uuid + ": row-update has neither \"old\" nor \"new\"");
        }
    }

    Kind kind() {
        if (oldColumns.isEmpty()) {
            return Kind.INSERT;
        }
        return newColumns.isPresent() ? Kind.MODIFY : Kind.DELETE;
    }
}
