package io.appnet.compiler.firewall;

import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.ModelException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** How a firewall tells which app a packet comes from: what it can see where it sits. */
public sealed interface Identity {

    /**
     * It sees traffic after the egress gateway: an app is its per-app NAT source address. The map (app GUID ->
     * address) is configured until the gateways' per-app mode feeds it ({@code network.egress().addresses()}).
     */
    record Nat(SortedMap<String, Ipv4Address> addresses) implements Identity {
        public Nat {
            addresses = Collections.unmodifiableSortedMap(new TreeMap<>(addresses));
            Map<Ipv4Address, String> owners = new HashMap<>();
            addresses.forEach((guid, address) -> {
                String other = owners.putIfAbsent(address, guid);
                if (other != null) {
                    throw new ModelException("identity.addresses: " + address + " is given to both '" + other
                            + "' and '" + guid + "'; a NAT address identifies one app");
                }
            });
        }
    }

    /** It sees un-NATed overlay traffic: an app is the current IPs of its instances (from the topology). */
    record InstanceIp() implements Identity {
    }

    /**
     * It terminates VXLAN: an app is the VNI ({@code tunnel_id}); replies are re-tagged with the destination's
     * app ID and sent to the tunnel port of the host whose subnet holds the reply's address (a listed host that is
     * not in the topology now gets no replies).
     */
    record Vxlan(SortedMap<HostId, Long> tunnelPorts) implements Identity {
        public Vxlan {
            tunnelPorts = Collections.unmodifiableSortedMap(new TreeMap<>(tunnelPorts));
            if (tunnelPorts.isEmpty()) {
                throw new ModelException("identity.tunnel_ports: a vxlan firewall needs a tunnel port per host");
            }
            tunnelPorts.forEach((host, port) -> Firewall.checkPort("identity.tunnel_ports[" + host + "]", port));
        }
    }
}
