package io.appnet.ovs.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a session monitors: the tables and columns of Open_vSwitch the controller reads (vswitch.ovsschema). */
final class MonitoredSchema {

    static final String DATABASE = "Open_vSwitch";
    static final String OPEN_VSWITCH = "Open_vSwitch";
    static final String BRIDGE = "Bridge";
    static final String PORT = "Port";
    static final String INTERFACE = "Interface";

    /** Our one monitor's id; every "update" notification must carry it. */
    static final String MONITOR_ID = "appnet";

    private static final Map<String, List<String>> COLUMNS = columns();

    private MonitoredSchema() {
    }

    private static Map<String, List<String>> columns() {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        columns.put(OPEN_VSWITCH, List.of("external_ids"));
        columns.put(BRIDGE, List.of("name", "datapath_id", "ports", "external_ids"));
        columns.put(PORT, List.of("name", "interfaces"));
        // "error" says why a port got ofport -1 (e.g. a tunnel OVS could not create).
        columns.put(INTERFACE, List.of("name", "type", "ofport", "external_ids", "options", "mac_in_use", "error"));
        return Collections.unmodifiableMap(columns);
    }

    static Set<String> tables() {
        return COLUMNS.keySet();
    }

    static boolean isMonitored(String table, String column) {
        List<String> columns = COLUMNS.get(table);
        return columns != null && columns.contains(column);
    }

    /** The params of the "monitor" request: [db, monitor-id, {table: {"columns": [...]}}] (RFC 7047 4.1.5). */
    static ArrayNode monitorParams() {
        ObjectNode requests = OvsdbJson.NODES.objectNode();
        COLUMNS.forEach((table, columns) -> {
            ArrayNode names = OvsdbJson.NODES.arrayNode();
            columns.forEach(names::add);
            requests.set(table, OvsdbJson.NODES.objectNode().set("columns", names));
        });
        return OvsdbJson.NODES.arrayNode().add(DATABASE).add(MONITOR_ID).add((JsonNode) requests);
    }
}
