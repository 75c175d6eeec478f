package io.appnet.compiler;

import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Destination;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.Egress;
import io.appnet.compiler.model.EgressPolicy;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.NatMode;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The egress semantics stated on the model: which destinations allow a connection, and which gateways may carry it. */
final class EgressOracle {

    private EgressOracle() {
    }

    /** The destinations whose egress policies let the app open this connection. */
    static Set<Destination> allowing(Network network, AppId app, Protocol protocol, Ipv4Address address, int port,
                                     int icmpType, int icmpCode) {
        Set<Destination> allowing = new LinkedHashSet<>();
        Egress egress = network.egress();
        for (EgressPolicy policy : egress.policies().values()) {
            Destination destination = egress.destination(policy.destination()).orElseThrow();
            if (network.sourceApps(policy).contains(app)
                    && destination.covers(protocol, address, port, icmpType, icmpCode)) {
                allowing.add(destination);
            }
        }
        return allowing;
    }

    /** The gateways that may carry the app's connection to the destination (empty: none is live). */
    static Set<HostId> gateways(Network network, AppId app, Destination destination) {
        Egress egress = network.egress();
        if (destination.pinned() || egress.settings().mode() == NatMode.SHARED) {
            return new TreeSet<>(egress.carriers(destination));
        }
        return egress.home(app).map(Set::of).orElse(Set.of());
    }

    /** Every external address where a verdict can change: range ends and their neighbours. */
    static List<Ipv4Address> boundaryAddresses(Network network) {
        Set<Ipv4Address> addresses = new TreeSet<>();
        for (Destination destination : network.egress().destinations().values()) {
            for (DestinationRule rule : destination.rules()) {
                for (IpRange range : rule.ips()) {
                    for (long a : new long[] {range.start().unsigned() - 1, range.start().unsigned(),
                        range.end().unsigned(), range.end().unsigned() + 1}) {
                        Ipv4Address address = Ipv4Address.of((int) a);
                        if (network.egress().settings().overlay().map(o -> !o.contains(address)).orElse(true)) {
                            addresses.add(address);
                        }
                    }
                }
            }
        }
        return new ArrayList<>(addresses);
    }

    /** Every port where a verdict can change for the protocol. */
    static List<Integer> boundaryPorts(Network network, Protocol protocol) {
        Set<Integer> ports = new TreeSet<>(List.of(1, 65535));
        for (Destination destination : network.egress().destinations().values()) {
            for (DestinationRule rule : destination.rules()) {
                if (rule.protocol() != protocol) {
                    continue;
                }
                for (PortRange range : rule.ports()) {
                    for (int port : new int[] {range.start() - 1, range.start(), range.end(), range.end() + 1}) {
                        if (port >= 1 && port <= 65535) {
                            ports.add(port);
                        }
                    }
                }
            }
        }
        return new ArrayList<>(ports);
    }
}
