package io.appnet.controller.topology;

import io.appnet.compiler.model.Gateway;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.MacAddress;
import io.appnet.ovs.ovsdb.HostSnapshot;
import io.appnet.ovs.ovsdb.OvsInterface;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether a host's OVSDB snapshot makes it an egress gateway (the gateway part of the host contract, design
 * section 3), read from the Open_vSwitch record's external_ids: {@code appnet-role=gateway},
 * {@code appnet-uplink} (an interface on br-int whose {@code ofport} and {@code mac_in_use} become the
 * uplink port and MAC), {@code appnet-next-hop}, {@code appnet-next-hop-mac} and {@code appnet-gateway-nat}
 * (true by default). A host without the role is no gateway; a gateway with a missing or wrong field is
 * refused with a problem that names the field, so a half-configured gateway never carries traffic; one whose
 * uplink OVS has not finished adding (no OpenFlow port or MAC yet) is pending. Pure.
 */
public record GatewayReading(Optional<Gateway> gateway, Optional<String> problem, boolean pending) {

    public static final String ROLE_KEY = "appnet-role";
    public static final String GATEWAY_ROLE = "gateway";
    public static final String UPLINK_KEY = "appnet-uplink";
    public static final String NEXT_HOP_KEY = "appnet-next-hop";
    public static final String NEXT_HOP_MAC_KEY = "appnet-next-hop-mac";
    public static final String NAT_KEY = "appnet-gateway-nat";

    private static final GatewayReading NOT_A_GATEWAY = new GatewayReading(Optional.empty(), Optional.empty(), false);

    /** OVS has not finished adding the uplink: the gateway waits (no error), as an instance would. */
    private static final class NotYet extends IllegalArgumentException {
        NotYet(String message) {
            super(message);
        }
    }

    public GatewayReading {
        if (gateway.isPresent() && problem.isPresent()) {
            throw new IllegalArgumentException("a gateway reading has a gateway or a problem, not both");
        }
    }

    /** True if the host asks to be a gateway, whether or not its fields are right. */
    public boolean asksToBeGateway() {
        return gateway.isPresent() || problem.isPresent();
    }

    /** The gateway the snapshot of {@code host} (joined, tunnel port {@code tunnelPort}) describes, if any. */
    public static GatewayReading read(HostSnapshot snapshot, HostId host, String bridgeName, int tunnelPort) {
        Optional<String> role = Optional.ofNullable(snapshot.externalIds().get(ROLE_KEY));
        if (role.isEmpty()) {
            return NOT_A_GATEWAY;
        }
        try {
            if (!role.get().equals(GATEWAY_ROLE)) {
                throw new IllegalArgumentException(ROLE_KEY + " " + HostReading.shown(role.get()) + " is not "
                        + GATEWAY_ROLE + " (the only role)");
            }
            OvsInterface uplink = uplink(snapshot, bridgeName, tunnelPort);
            Ipv4Address nextHop = nextHop(required(snapshot, NEXT_HOP_KEY));
            MacAddress nextHopMac = HostReading.unicastMac(NEXT_HOP_MAC_KEY, required(snapshot, NEXT_HOP_MAC_KEY));
            MacAddress uplinkMac = HostReading.unicastMac(UPLINK_KEY + " " + uplink.name() + " mac_in_use",
                    uplink.macInUse().orElseThrow(() -> new NotYet(UPLINK_KEY + " " + uplink.name()
                            + " has no mac_in_use yet")));
            Gateway gateway = new Gateway(host, uplink.ofport().getAsInt(), uplinkMac, nextHop, nextHopMac,
                    nat(snapshot));
            return new GatewayReading(Optional.of(gateway), Optional.empty(), false);
        } catch (NotYet wait) {
            return new GatewayReading(Optional.empty(), Optional.of("gateway waiting: " + wait.getMessage()), true);
        } catch (IllegalArgumentException breach) { // also the model's ModelException
            return new GatewayReading(Optional.empty(), Optional.of("gateway refused: " + breach.getMessage()), false);
        }
    }

    private static OvsInterface uplink(HostSnapshot snapshot, String bridgeName, int tunnelPort) {
        String name = required(snapshot, UPLINK_KEY);
        OvsInterface uplink = snapshot.bridge(bridgeName).stream().flatMap(bridge -> bridge.interfaces().stream())
                .filter(iface -> iface.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(UPLINK_KEY + " " + HostReading.shown(name)
                        + " is not an interface on " + bridgeName));
        if (HostReading.NOT_CONTAINER_TYPES.contains(uplink.type())) {
            throw new IllegalArgumentException(UPLINK_KEY + " " + name + " is a " + uplink.type()
                    + " interface, not one facing the external network");
        }
        if (uplink.externalId(HostReading.APP_GUID_KEY).isPresent()) {
            throw new IllegalArgumentException(UPLINK_KEY + " " + name + " is an instance ("
                    + HostReading.APP_GUID_KEY + ")");
        }
        OptionalInt ofport = HostReading.usableOfport(uplink);
        if (ofport.isEmpty()) {
            throw new NotYet(UPLINK_KEY + " " + name + " has no OpenFlow port yet"
                    + uplink.error().map(error -> ": " + error).orElse(""));
        }
        if (ofport.getAsInt() == tunnelPort) {
            throw new IllegalArgumentException(UPLINK_KEY + " " + name + " is the tunnel port");
        }
        if (ofport.getAsInt() > Host.MAX_PORT) {
            throw new IllegalArgumentException(UPLINK_KEY + " " + name + " is the bridge's own port (OpenFlow port "
                    + ofport.getAsInt() + "), not one facing the external network");
        }
        return uplink;
    }

    private static Ipv4Address nextHop(String text) {
        Ipv4Address nextHop = HostReading.ipv4(text).orElseThrow(() -> new IllegalArgumentException(NEXT_HOP_KEY
                + " " + HostReading.shown(text) + " is not an IPv4 address"));
        int bits = nextHop.bits();
        if (bits == 0 || bits >>> 28 >= 0xE || bits >>> 24 == 127) {
            throw new IllegalArgumentException(NEXT_HOP_KEY + " " + nextHop + " is not a unicast address");
        }
        return nextHop;
    }

    private static boolean nat(HostSnapshot snapshot) {
        String text = snapshot.externalIds().getOrDefault(NAT_KEY, "true");
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(NAT_KEY + " " + HostReading.shown(text)
                    + " is neither true nor false");
        };
    }

    private static String required(HostSnapshot snapshot, String key) {
        String value = snapshot.externalIds().get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing external_ids:" + key);
        }
        return value;
    }

}
