package io.appnet.ovs.ovsdb;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one host's OVSDB says right now, typed: the Open_vSwitch record's uuid and external_ids (where the host
 * contract puts appnet-host-id, appnet-underlay-ip and our appnet-subnet), and its bridges, ordered by name.
 * Immutable; a session replaces its snapshot as a whole on each update.
 */
public record HostSnapshot(Optional<String> openVswitchUuid, Map<String, String> externalIds, List<OvsBridge> bridges) {

    public static final String HOST_ID_KEY = "appnet-host-id";
    public static final String UNDERLAY_IP_KEY = "appnet-underlay-ip";
    public static final String SUBNET_KEY = "appnet-subnet";

    private static final HostSnapshot EMPTY = new HostSnapshot(Optional.empty(), Map.of(), List.of());

    public HostSnapshot {
        externalIds = Map.copyOf(externalIds);
        bridges = List.copyOf(bridges);
    }

    /** A database with no Open_vSwitch record and no bridges, which is also what a session shows before its monitor reply. */
    public static HostSnapshot empty() {
        return EMPTY;
    }

    public Optional<String> hostId() {
        return Optional.ofNullable(externalIds.get(HOST_ID_KEY));
    }

    public Optional<String> underlayIp() {
        return Optional.ofNullable(externalIds.get(UNDERLAY_IP_KEY));
    }

    /** The overlay subnet leased to this host, once the controller has written it back. */
    public Optional<String> subnet() {
        return Optional.ofNullable(externalIds.get(SUBNET_KEY));
    }

    public Optional<OvsBridge> bridge(String name) {
        return bridges.stream().filter(bridge -> bridge.name().equals(name)).findFirst();
    }
}
