package io.appnet.controller.topology;

import io.appnet.compiler.model.Gateway;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.controller.programmer.NetworkProgrammer;
import java.util.List;

/** What gateway liveness asks of a gateway's switch besides its flows, in order with them. */
public interface GatewaySwitches {

    /** Nothing: for a topology without switches (tests of the read side). */
    GatewaySwitches NONE = new GatewaySwitches() {
        @Override
        public void flushNatZone(HostId gateway) {
        }

        @Override
        public void announce(Gateway gateway, List<Ipv4Address> addresses) {
        }
    };

    /** Empties the gateway's NAT conntrack zone. */
    void flushNatZone(HostId gateway);

    /** Sends a gratuitous ARP out of the gateway's uplink for each address, so the next hop learns its new owner. */
    void announce(Gateway gateway, List<Ipv4Address> addresses);

    /** Through the programmer, so each message follows the flows queued before it on that switch. */
    static GatewaySwitches of(NetworkProgrammer programmer, int natZone) {
        return new GatewaySwitches() {
            @Override
            public void flushNatZone(HostId gateway) {
                programmer.flushConntrackZone(gateway, natZone);
            }

            @Override
            public void announce(Gateway gateway, List<Ipv4Address> addresses) {
                for (Ipv4Address address : addresses) {
                    programmer.packetOut(gateway.host(), gateway.uplinkPort(),
                            GratuitousArp.frame(gateway.uplinkMac(), address));
                }
            }
        };
    }
}
