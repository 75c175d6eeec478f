package io.appnet.compiler.model;

/**
 * A host (cell) with its Open vSwitch {@code br-int}: its underlay IP (the VXLAN endpoint), the overlay
 * subnet leased to it, and the OpenFlow port number of its VXLAN tunnel port on br-int.
 * The virtual gateway of the subnet is its first host address ({@link #gatewayIp()}).
 */
public record Host(HostId id, Ipv4Address underlayIp, Ipv4Prefix subnet, int tunnelPort) {

    /** Highest OpenFlow port number Open vSwitch assigns to a port (0xfeff). */
    public static final int MAX_PORT = 0xFEFF;

    public Host {
        if (subnet.length() > 30) {
            throw new ModelException("host " + id + ": subnet " + subnet + " is too small; at most /30");
        }
        if (tunnelPort < 1 || tunnelPort > MAX_PORT) {
            throw new ModelException("host " + id + ": tunnel port " + tunnelPort + " is outside 1.." + MAX_PORT);
        }
    }

    public static Host of(String id, String underlayIp, String subnet, int tunnelPort) {
        return new Host(HostId.of(id), Ipv4Address.parse(underlayIp), Ipv4Prefix.parse(subnet), tunnelPort);
    }

    /** The virtual gateway address: the subnet's first host address. */
    public Ipv4Address gatewayIp() {
        return subnet.network().plus(1);
    }
}
