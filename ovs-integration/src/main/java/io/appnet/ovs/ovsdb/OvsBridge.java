package io.appnet.ovs.ovsdb;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A Bridge row with its ports ordered by name; the datapath id appears once ovs-vswitchd has created the bridge. */
public record OvsBridge(String uuid, String name, OptionalLong datapathId, Map<String, String> externalIds,
        List<OvsPort> ports) {

    public OvsBridge {
        externalIds = Map.copyOf(externalIds);
        ports = List.copyOf(ports);
    }

    public Optional<OvsPort> port(String portName) {
        return ports.stream().filter(port -> port.name().equals(portName)).findFirst();
    }

    /** Every interface of every port of this bridge. */
    public List<OvsInterface> interfaces() {
        return ports.stream().flatMap(port -> port.interfaces().stream()).toList();
    }
}
