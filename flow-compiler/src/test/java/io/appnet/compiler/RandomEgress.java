package io.appnet.compiler;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Destination;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.Gateway;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random egress on top of {@link RandomNetworks}: gateways (some without NAT), destinations whose rules
 * overlap on a small set of external addresses and ports (some pinned), egress policies from apps and groups,
 * shared or per-app NAT over a pool of one to three ranges.
 */
final class RandomEgress {

    /** External addresses the rules are built from: ranges meet and overlap at these. */
    static final int[] EXTERNAL = {0xCB007100, 0xCB007101, 0xCB00710A, 0xCB007114, 0xCB0071FF, 0xC6336400,
        0xC6336435, 0xC63364FF, 0xC6336500};

    record Shape(RandomNetworks.Shape base, int gateways, int destinations, int policies, boolean perApp, long seed) {
        Network network() {
            return build(this);
        }
    }

    private RandomEgress() {
    }

    static Arbitrary<Shape> shapes(int maxHosts, int maxApps, int maxInstances, int maxPolicies) {
        return Combinators.combine(RandomNetworks.shapes(maxHosts, maxApps, maxInstances, maxPolicies),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(0, 12), Arbitraries.of(false, true), Arbitraries.longs())
                .as(Shape::new);
    }

    static Network build(Shape shape) {
        Random random = new Random(shape.seed());
        Network network = shape.base().network().apply(Change.configureEgress(settings(random, shape.perApp())));
        for (int g = 0; g < shape.gateways(); g++) {
            network = network.applyAll(gatewayJoins(g, random.nextInt(5) > 0));
        }
        for (int d = 0; d < shape.destinations(); d++) {
            network = network.apply(destination(network, random, "dest-" + d));
        }
        for (int p = 0; p < shape.policies(); p++) {
            network = tryApply(network, egressPolicy(network, random, 5000 + p));
        }
        return network;
    }

    private static EgressSettings settings(Random random, boolean perApp) {
        List<String> pool = new ArrayList<>();
        int ranges = 1 + random.nextInt(3);
        for (int r = 0; r < ranges; r++) {
            pool.add("198.18." + (r * 10) + ".0/" + (perApp ? 26 : 28 + random.nextInt(5)));
        }
        return EgressSettings.of("10.255.0.0/16", pool, perApp ? "per-app" : "shared");
    }

    static List<Change> gatewayJoins(int index, boolean nat) {
        String name = gatewayName(index);
        return List.of(Change.putHost(RandomNetworks.host(200 + index)),
                Change.putGateway(Gateway.of(name, 90 + index, String.format("02:00:00:01:00:%02x", index),
                        "203.0.113.1", "02:00:00:00:ff:01", nat)));
    }

    /** Gateways are hosts 200.. of {@link RandomNetworks#host}: no instance can be placed there. */
    static String gatewayName(int index) {
        return "host-" + (200 + index);
    }

    static Change destination(Network network, Random random, String id) {
        List<DestinationRule> rules = new ArrayList<>();
        int count = 1 + random.nextInt(2);
        for (int r = 0; r < count; r++) {
            rules.add(rule(random));
        }
        Set<String> pinned = new HashSet<>();
        if (random.nextInt(5) == 0) {
            pinned.add(gatewayName(random.nextInt(4)));
        }
        return Change.putDestination(id, id + "-name", rules, pinned);
    }

    private static DestinationRule rule(Random random) {
        List<IpRange> ips = new ArrayList<>();
        int count = 1 + random.nextInt(2);
        for (int i = 0; i < count; i++) {
            long a = EXTERNAL[random.nextInt(EXTERNAL.length)] & 0xFFFFFFFFL;
            long b = EXTERNAL[random.nextInt(EXTERNAL.length)] & 0xFFFFFFFFL;
            ips.add(IpRange.of(Ipv4Address.of((int) Math.min(a, b)), Ipv4Address.of((int) Math.max(a, b))));
        }
        Protocol protocol = RandomNetworks.randomProtocol(random);
        if (protocol.hasPorts()) {
            List<PortRange> ports = new ArrayList<>();
            int n = random.nextInt(3);
            for (int p = 0; p < n; p++) {
                PortRange range = RandomNetworks.randomPorts(random);
                ports.add(range.isAny() ? PortRange.of(1, 65535) : range);
            }
            return new DestinationRule(protocol, ips, ports, DestinationRule.ANY, DestinationRule.ANY);
        }
        if (protocol == Protocol.ICMP) {
            int type = random.nextBoolean() ? 8 : DestinationRule.ANY;
            int code = type != DestinationRule.ANY && random.nextBoolean() ? 0 : DestinationRule.ANY;
            return DestinationRule.icmp(ips, type, code);
        }
        return DestinationRule.all(ips);
    }

    static Change egressPolicy(Network network, Random random, long id) {
        List<Destination> destinations = network.egress().destinations().values();
        if (destinations.isEmpty()) {
            return null;
        }
        String destination = destinations.get(random.nextInt(destinations.size())).id();
        if (!network.policies().groups().isEmpty() && random.nextInt(3) == 0) {
            var groups = network.policies().groups().keys();
            return Change.addGroupEgressPolicy(id, groups.get(random.nextInt(groups.size())).name(), destination);
        }
        return Change.addEgressPolicy(id, "app-" + random.nextInt(network.apps().size()), destination);
    }

    /** A valid change, egress or not, chosen at random. */
    static Change randomChange(Network network, Random random, int serial) {
        for (int attempt = 0; attempt < 50; attempt++) {
            List<HostId> gateways = network.egress().gateways().keys();
            Change change = switch (random.nextInt(12)) {
                case 0, 1 -> egressPolicy(network, random, 40_000 + serial);
                case 2 -> network.egress().policies().isEmpty() ? null : Change.removePolicy(
                        network.egress().policies().keys().get(random.nextInt(network.egress().policies().size()))
                                .value());
                case 3 -> destination(network, random, "dest-" + random.nextInt(8));
                case 4 -> network.egress().destinations().isEmpty() ? null : Change.removeDestination(
                        network.egress().destinations().keys().get(random.nextInt(
                                network.egress().destinations().size())));
                case 5 -> gateways.isEmpty() ? null
                        : Change.removeGateway(gateways.get(random.nextInt(gateways.size())).name());
                case 6 -> {
                    int index = random.nextInt(4);
                    yield network.topology().hosts().containsKey(HostId.of(gatewayName(index)))
                            ? gatewayJoins(index, random.nextBoolean()).get(1) : gatewayJoins(index, true).get(0);
                }
                case 7 -> Change.configureEgress(settings(random, random.nextBoolean()));
                default -> RandomNetworks.randomChange(network, random, serial);
            };
            if (change != null && accepts(network, change)) {
                return change;
            }
        }
        return RandomNetworks.randomChange(network, random, serial);
    }

    private static boolean accepts(Network network, Change change) {
        try {
            network.apply(change);
            return true;
        } catch (ModelException refused) {
            return false;
        }
    }

    private static Network tryApply(Network network, Change change) {
        return change != null && accepts(network, change) ? network.apply(change) : network;
    }
}
