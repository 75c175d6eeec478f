package io.appnet.compiler;

import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Group;
import io.appnet.compiler.model.GroupPolicy;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.Policy;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The policy semantics, stated directly on the model: what the compiled tables must agree with. */
final class PolicyOracle {

    private PolicyOracle() {
    }

    /** May app {@code source} open a connection to app {@code destination} with this protocol and port? */
    static boolean allows(Network network, AppId source, AppId destination, Protocol protocol, int port) {
        for (Policy policy : network.policies().policiesFrom(source)) {
            if (policy.destination().equals(destination) && policy.covers(protocol, port)) {
                return true;
            }
        }
        for (GroupPolicy policy : network.policies().groupPolicies().values()) {
            if (member(network, policy.source().name(), source) && member(network, policy.destination().name(),
                    destination) && policy.covers(protocol, port)) {
                return true;
            }
        }
        return false;
    }

    private static boolean member(Network network, String group, AppId app) {
        return network.policies().groups().values().stream()
                .filter(g -> g.name().name().equals(group)).map(Group::members).anyMatch(m -> m.contains(app));
    }

    /**
     * Ports where the verdict for (source, destination, protocol) can change: every range end and its
     * neighbours, plus 1 and 65535. Between two of them the verdict is constant, so checking these
     * checks every port.
     */
    static List<Integer> boundaryPorts(Network network, AppId source, AppId destination, Protocol protocol) {
        TreeSet<Integer> ports = new TreeSet<>(List.of(1, 65535));
        List<PortRange> ranges = new ArrayList<>();
        network.policies().policiesFrom(source).stream()
                .filter(p -> p.destination().equals(destination) && p.protocol() == protocol)
                .forEach(p -> ranges.add(p.ports()));
        network.policies().groupPolicies().values().stream()
                .filter(p -> p.protocol() == protocol && member(network, p.source().name(), source)
                        && member(network, p.destination().name(), destination))
                .forEach(p -> ranges.add(p.ports()));
        for (PortRange range : ranges) {
            for (int port : new int[] {range.start() - 1, range.start(), range.end(), range.end() + 1}) {
                if (port >= 1 && port <= 65535) {
                    ports.add(port);
                }
            }
        }
        return new ArrayList<>(ports);
    }
}
