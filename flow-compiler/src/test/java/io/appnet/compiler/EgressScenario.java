package io.appnet.compiler;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.Gateway;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The egress scenario of the behaviour tests: the seed's "app A reaches the database, app B does not".
 *
 * <pre>
 * host-a 192.168.50.1 10.255.1.0/24: a-0 (port 2, .2), b-0 (port 3, .3)
 * host-b 192.168.50.2 10.255.2.0/24: a-1 (port 2, .2), c-0 (port 3, .3)
 * gw-1   192.168.50.11 10.255.11.0/24, uplink port 9 (mac 02:00:00:00:01:09), next hop 203.0.113.1
 * gw-2   192.168.50.12 10.255.12.0/24, uplink port 9 (mac 02:00:00:00:02:09), next hop 203.0.113.1
 * overlay 10.255.0.0/16, nat.pool 198.18.0.0/30 + 198.18.1.5, divided among gw-1 and gw-2 by rendezvous hashing
 * destinations: db tcp 5432 on 203.0.113.10-203.0.113.20; dns udp 53 on 198.51.100.53;
 *               ping icmp echo request on 192.0.2.0/24
 * egress policies: 1 a -> db, 2 a -> dns, 3 group ops {c} -> ping
 * </pre>
 */
final class EgressScenario {

    static final String NEXT_HOP_MAC = "02:00:00:00:ff:01";

    private EgressScenario() {
    }

    static Gateway gateway(String name, int index, boolean nat) {
        return Gateway.of(name, 9, String.format("02:00:00:00:%02x:09", index), "203.0.113.1", NEXT_HOP_MAC, nat);
    }

    static List<Change> changes(String mode) {
        List<Change> changes = new ArrayList<>(List.of(
                Change.configureEgress(EgressSettings.of("10.255.0.0/16", List.of("198.18.0.0/30", "198.18.1.5"),
                        mode)),
                Change.registerApp("a"), Change.registerApp("b"), Change.registerApp("c"),
                Change.putHost(Host.of("host-a", "192.168.50.1", "10.255.1.0/24", 1)),
                Change.putHost(Host.of("host-b", "192.168.50.2", "10.255.2.0/24", 1)),
                Change.putHost(Host.of("gw-1", "192.168.50.11", "10.255.11.0/24", 1)),
                Change.putHost(Host.of("gw-2", "192.168.50.12", "10.255.12.0/24", 1)),
                Change.putGateway(gateway("gw-1", 1, true)),
                Change.putGateway(gateway("gw-2", 2, true)),
                Change.addInstance("a-0", "a", "host-a", 2, "10.255.1.2", "02:00:0a:ff:01:02"),
                Change.addInstance("b-0", "b", "host-a", 3, "10.255.1.3", "02:00:0a:ff:01:03"),
                Change.addInstance("a-1", "a", "host-b", 2, "10.255.2.2", "02:00:0a:ff:02:02"),
                Change.addInstance("c-0", "c", "host-b", 3, "10.255.2.3", "02:00:0a:ff:02:03"),
                Change.putDestination("db-id", "db", List.of(DestinationRule.tcp(
                        List.of(IpRange.parse("203.0.113.10", "203.0.113.20")), List.of(PortRange.single(5432))))),
                Change.putDestination("dns-id", "dns", List.of(DestinationRule.udp(
                        List.of(IpRange.parse("198.51.100.53", "198.51.100.53")), List.of(PortRange.single(53))))),
                Change.putDestination("ping-id", "ping", List.of(DestinationRule.icmp(
                        List.of(IpRange.parse("192.0.2.0/24")), 8, DestinationRule.ANY))),
                Change.putGroup("ops", Set.of("c")),
                Change.addEgressPolicy(1, "a", "db-id"),
                Change.addEgressPolicy(2, "a", "dns-id"),
                Change.addGroupEgressPolicy(3, "ops", "ping-id")));
        return changes;
    }

    static Network network() {
        return Network.empty().applyAll(changes("shared"));
    }

    static Network perApp() {
        return Network.empty().applyAll(changes("per-app"));
    }
}
