package io.appnet.ovs.ovsdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The controller's writes to a host, planned from its snapshot as pure functions: each is idempotent (nothing is
 * sent when the host already is as asked) and is one transaction that either applies whole or not at all.
 */
final class HostPlans {

    static final String VXLAN = "vxlan";

    /** Interface names OVS can turn into devices: at most 15 characters (IFNAMSIZ - 1), no slash or space. */
    private static final Pattern PORT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    private static final String INTERFACE_NAME = "tunnel_interface";
    private static final String PORT_NAME_REF = "tunnel_port";

    private HostPlans() {
    }

    static void requirePortName(String name) {
        if (name == null || !PORT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("port name '" + name + "' must be 1-15 characters of [A-Za-z0-9_.-]");
        }
    }

    /** Sets one key of the Open_vSwitch record's external_ids, leaving the other keys as they are. */
    static Plan setOpenVswitchExternalId(HostSnapshot snapshot, String key, String value) {
        String uuid = snapshot.openVswitchUuid().orElseThrow(
                () -> new IllegalStateException("the host's database has no Open_vSwitch record"));
        String current = snapshot.externalIds().get(key);
        if (value.equals(current)) {
            return Plan.unchanged();
        }
        Operation mutate = Operation.mutate(MonitoredSchema.OPEN_VSWITCH, List.of(Condition.isRow(uuid)),
                Mutation.delete("external_ids", Datum.set(List.of(Atom.string(key)))),
                Mutation.insert("external_ids", Datum.stringMap(Map.of(key, value))));
        return new Plan(current == null ? Outcome.CREATED : Outcome.UPDATED,
                List.of(mutate, Operation.comment("appnet: set external_ids:" + key)),
                next -> value.equals(next.externalIds().get(key)));
    }

    /**
     * A port with one interface of type vxlan and exactly {@code options} on {@code bridge}. Absent: one
     * transaction inserts Interface and Port and adds the port to the bridge, guarded so that it fails rather
     * than duplicates if the name was taken meanwhile. A VXLAN port of that name with other options: its options
     * are updated. Any other port or interface of that name is left alone (an error).
     */
    static Plan ensureTunnelPort(HostSnapshot snapshot, String bridgeName, String portName, Map<String, String> options) {
        OvsBridge bridge = snapshot.bridge(bridgeName).orElseThrow(
                () -> new IllegalStateException("host has no bridge " + bridgeName));
        Optional<OvsPort> existing = bridge.port(portName);
        if (existing.isPresent()) {
            return updateTunnelPort(bridgeName, existing.get(), options);
        }
        Optional<String> elsewhere = owner(snapshot, portName);
        if (elsewhere.isPresent()) {
            throw new IllegalStateException("cannot create tunnel port " + portName + " on " + bridgeName + ": "
                    + elsewhere.get());
        }
        List<Operation> operations = new ArrayList<>();
        operations.add(Operation.assertRows(MonitoredSchema.BRIDGE, List.of(nameIs(bridgeName)), List.of("name"),
                List.of(Map.of("name", Datum.string(bridgeName)))));
        operations.add(Operation.assertRows(MonitoredSchema.PORT, List.of(nameIs(portName)), List.of("name"), List.of()));
        operations.add(Operation.assertRows(MonitoredSchema.INTERFACE, List.of(nameIs(portName)), List.of("name"),
                List.of()));
        operations.add(Operation.insert(MonitoredSchema.INTERFACE, Map.of(
                "name", Datum.string(portName),
                "type", Datum.string(VXLAN),
                "options", Datum.stringMap(options)), INTERFACE_NAME));
        operations.add(Operation.insert(MonitoredSchema.PORT, Map.of(
                "name", Datum.string(portName),
                "interfaces", Datum.of(Atom.namedUuid(INTERFACE_NAME))), PORT_NAME_REF));
        operations.add(Operation.mutate(MonitoredSchema.BRIDGE, List.of(nameIs(bridgeName)),
                Mutation.insert("ports", Datum.of(Atom.namedUuid(PORT_NAME_REF)))));
        operations.add(Operation.comment("appnet: create tunnel port " + portName + " on " + bridgeName));
        return new Plan(Outcome.CREATED, operations, next -> isTunnelPort(next, bridgeName, portName, options));
    }

    private static Plan updateTunnelPort(String bridgeName, OvsPort port, Map<String, String> options) {
        if (port.interfaces().size() != 1 || !port.interfaces().get(0).name().equals(port.name())
                || !port.interfaces().get(0).type().equals(VXLAN)) {
            throw new IllegalStateException("port " + port.name() + " on " + bridgeName
                    + " is not a VXLAN port of one interface; not touching it");
        }
        OvsInterface iface = port.interfaces().get(0);
        if (iface.options().equals(options)) {
            return Plan.unchanged();
        }
        Operation update = Operation.update(MonitoredSchema.INTERFACE, List.of(Condition.isRow(iface.uuid())),
                Map.of("options", Datum.stringMap(options)));
        return new Plan(Outcome.UPDATED,
                List.of(update, Operation.comment("appnet: update tunnel port " + port.name() + " on " + bridgeName)),
                next -> isTunnelPort(next, bridgeName, port.name(), options));
    }

    /** Removes a port (and so its interfaces, which OVS collects once unreferenced) from a bridge. */
    static Plan deletePort(HostSnapshot snapshot, String bridgeName, String portName) {
        Optional<OvsPort> port = snapshot.bridge(bridgeName).flatMap(bridge -> bridge.port(portName));
        if (port.isEmpty()) {
            return Plan.unchanged();
        }
        Operation mutate = Operation.mutate(MonitoredSchema.BRIDGE, List.of(nameIs(bridgeName)),
                Mutation.delete("ports", Datum.of(Atom.uuid(port.get().uuid()))));
        return new Plan(Outcome.DELETED,
                List.of(mutate, Operation.comment("appnet: delete port " + portName + " from " + bridgeName)),
                next -> next.bridge(bridgeName).flatMap(bridge -> bridge.port(portName)).isEmpty());
    }

    private static boolean isTunnelPort(HostSnapshot snapshot, String bridgeName, String portName,
            Map<String, String> options) {
        return snapshot.bridge(bridgeName).flatMap(bridge -> bridge.port(portName))
                .filter(port -> port.interfaces().size() == 1)
                .map(port -> port.interfaces().get(0))
                .filter(iface -> iface.type().equals(VXLAN) && iface.options().equals(options))
                .isPresent();
    }

    /** Which bridge's port already uses this name for itself or an interface, if any. */
    private static Optional<String> owner(HostSnapshot snapshot, String name) {
        for (OvsBridge bridge : snapshot.bridges()) {
            for (OvsPort port : bridge.ports()) {
                if (port.name().equals(name)) {
                    return Optional.of("bridge " + bridge.name() + " has a port of that name");
                }
                for (OvsInterface iface : port.interfaces()) {
                    if (Objects.equals(iface.name(), name)) {
                        return Optional.of("port " + port.name() + " on bridge " + bridge.name()
                                + " has an interface of that name");
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Condition nameIs(String name) {
        return Condition.equal("name", Datum.string(name));
    }
}
