package io.appnet.ovs.ovsdb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads the typed {@link HostSnapshot} out of a {@link DatabaseState}. Every reference must resolve and every
 * column must have its schema type; otherwise the host sent an inconsistent update and this throws.
 */
final class SnapshotReader {

    private static final Pattern DATAPATH_ID = Pattern.compile("[0-9a-fA-F]{16}");

    private SnapshotReader() {
    }

    static HostSnapshot read(DatabaseState state) {
        Map<String, Row> systems = state.rows(MonitoredSchema.OPEN_VSWITCH);
        if (systems.size() > 1) {
            throw new OvsdbProtocolException("the Open_vSwitch table has " + systems.size() + " rows, expected one");
        }
        Optional<String> systemUuid = systems.keySet().stream().findFirst();
        Map<String, String> externalIds = systemUuid
                .map(uuid -> inRow(MonitoredSchema.OPEN_VSWITCH, uuid, () -> systems.get(uuid).stringMap("external_ids")))
                .orElse(Map.of());
        List<OvsBridge> bridges = new ArrayList<>();
        state.rows(MonitoredSchema.BRIDGE).forEach((uuid, row) ->
                bridges.add(inRow(MonitoredSchema.BRIDGE, uuid, () -> bridge(state, uuid, row))));
        bridges.sort(Comparator.comparing(OvsBridge::name));
        return new HostSnapshot(systemUuid, externalIds, bridges);
    }

    private static OvsBridge bridge(DatabaseState state, String uuid, Row row) {
        List<OvsPort> ports = new ArrayList<>();
        for (String portUuid : row.uuids("ports")) {
            Row port = resolve(state, MonitoredSchema.PORT, portUuid, "ports");
            ports.add(inRow(MonitoredSchema.PORT, portUuid, () -> port(state, portUuid, port)));
        }
        ports.sort(Comparator.comparing(OvsPort::name));
        return new OvsBridge(uuid, row.string("name"), datapathId(row), row.stringMap("external_ids"), ports);
    }

    private static OvsPort port(DatabaseState state, String uuid, Row row) {
        List<OvsInterface> interfaces = new ArrayList<>();
        for (String interfaceUuid : row.uuids("interfaces")) {
            Row iface = resolve(state, MonitoredSchema.INTERFACE, interfaceUuid, "interfaces");
            interfaces.add(inRow(MonitoredSchema.INTERFACE, interfaceUuid, () -> iface(interfaceUuid, iface)));
        }
        interfaces.sort(Comparator.comparing(OvsInterface::name));
        return new OvsPort(uuid, row.string("name"), interfaces);
    }

    private static OvsInterface iface(String uuid, Row row) {
        OptionalLong ofport = row.optionalInteger("ofport");
        OptionalInt usable = ofport.isPresent() && ofport.getAsLong() > 0 && ofport.getAsLong() <= 0xfffffeffL
                ? OptionalInt.of((int) ofport.getAsLong()) : OptionalInt.empty();
        return new OvsInterface(uuid, row.string("name"), row.string("type"), usable, row.stringMap("external_ids"),
                row.stringMap("options"), row.optionalString("mac_in_use"), row.optionalString("error"));
    }

    private static OptionalLong datapathId(Row row) {
        Optional<String> text = row.optionalString("datapath_id");
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!DATAPATH_ID.matcher(text.get()).matches()) {
            throw new OvsdbProtocolException("datapath_id '" + text.get() + "' is not 16 hex digits");
        }
        return OptionalLong.of(Long.parseUnsignedLong(text.get(), 16));
    }

    private static Row resolve(DatabaseState state, String table, String uuid, String column) {
        Row row = state.rows(table).get(uuid);
        if (row == null) {
            throw new OvsdbProtocolException("column '" + column + "' references " + table + " row " + uuid
                    + " that the host never announced");
        }
        return row;
    }

    /** Names the row (and the rows that lead to it) in the message of whatever is wrong with it. */
    private static <T> T inRow(String table, String uuid, Supplier<T> reading) {
        try {
            return reading.get();
        } catch (OvsdbProtocolException e) {
            throw new OvsdbProtocolException(table + " row " + uuid + ": " + e.getMessage(), e);
        }
    }
}
