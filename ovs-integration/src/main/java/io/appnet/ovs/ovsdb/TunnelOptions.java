package io.appnet.ovs.ovsdb;

import java.util.Map;

/** Interface options of the controller's VXLAN tunnel ports. */
public final class TunnelOptions {

    private TunnelOptions() {
    }

    /**
     * One port for all peers: the flows choose the remote (tun_dst) and the VNI (tun_id) per packet. The
     * source address comes from OVS's route to the remote, which on a host per the contract is the underlay IP.
     */
    public static Map<String, String> flowBased() {
        return Map.of("remote_ip", "flow", "key", "flow");
    }

    /** As {@link #flowBased()}, with the source address fixed, for hosts with several routes to the underlay. */
    public static Map<String, String> flowBased(String localIp) {
        return Map.of("remote_ip", "flow", "key", "flow", "local_ip", localIp);
    }
}
