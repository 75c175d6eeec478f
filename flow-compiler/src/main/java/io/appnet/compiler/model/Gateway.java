package io.appnet.compiler.model;

/**
 * An egress gateway: a host (same host contract, no instances) with an uplink port on br-int facing the
 * external network and the next hop there. With {@code nat} it SNATs to its share of the pool; without, it
 * only filters (a service proxy for destinations pinned to it).
 */
public record Gateway(HostId host, int uplinkPort, MacAddress uplinkMac, Ipv4Address nextHop, MacAddress nextHopMac,
                      boolean nat) {

    public Gateway {
        String what = "gateway " + host;
        if (uplinkPort < 1 || uplinkPort > Host.MAX_PORT) {
            throw new ModelException(what + ": uplink port " + uplinkPort + " is outside 1.." + Host.MAX_PORT);
        }
        for (MacAddress mac : new MacAddress[] {uplinkMac, nextHopMac}) {
            if (!mac.unicast() || mac.bits() == 0) {
                throw new ModelException(what + ": " + (mac == uplinkMac ? "uplink" : "next hop") + " MAC " + mac
                        + " is not a unicast address");
            }
        }
    }

    public static Gateway of(String host, int uplinkPort, String uplinkMac, String nextHop, String nextHopMac,
                             boolean nat) {
        return new Gateway(HostId.of(host), uplinkPort, MacAddress.parse(uplinkMac), Ipv4Address.parse(nextHop),
                MacAddress.parse(nextHopMac), nat);
    }
}
