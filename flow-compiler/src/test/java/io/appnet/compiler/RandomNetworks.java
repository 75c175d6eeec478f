package io.appnet.compiler;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.GroupName;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random topologies and policies for the property tests. Sizes come from jqwik (so they shrink); the
 * details from a seeded {@link Random}. Ports are drawn mostly from a small set so that policies overlap,
 * share port blocks and meet at range boundaries.
 */
final class RandomNetworks {

    static final int[] PORTS = {1, 22, 80, 443, 1000, 1023, 1024, 5432, 8080, 8081, 8443, 9000, 9100, 65535};

    /** How big a random network is. */
    record Shape(int hosts, int apps, int instances, int policies, int groups, int groupPolicies, long seed) {
        Network network() {
            return build(this);
        }
    }

    private RandomNetworks() {
    }

    static Arbitrary<Shape> shapes(int maxHosts, int maxApps, int maxInstances, int maxPolicies) {
        return Combinators.combine(Arbitraries.integers().between(1, maxHosts),
                        Arbitraries.integers().between(1, maxApps), Arbitraries.integers().between(1, maxInstances),
                        Arbitraries.integers().between(0, maxPolicies), Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 5), Arbitraries.longs())
                .as(Shape::new);
    }

    static Network build(Shape shape) {
        Random random = new Random(shape.seed());
        Network network = Network.empty();
        for (int app = 0; app < shape.apps(); app++) {
            network = network.apply(Change.registerApp("app-" + app));
        }
        for (int host = 0; host < shape.hosts(); host++) {
            network = network.apply(Change.putHost(host(host)));
        }
        for (int i = 0; i < shape.instances(); i++) {
            network = tryApply(network, addInstance(network, random, "app-" + random.nextInt(shape.apps())));
        }
        for (int i = 0; i < shape.policies(); i++) {
            network = tryApply(network, addPolicy(network, random, i + 1));
        }
        for (int g = 0; g < shape.groups(); g++) {
            network = network.apply(putGroup(network, random, "group-" + g));
        }
        for (int i = 0; i < shape.groupPolicies() && shape.groups() > 0; i++) {
            network = tryApply(network, addGroupPolicy(random, shape.groups(), 1000 + i));
        }
        return network;
    }

    /** A valid change for the network, chosen at random among every kind the compiler handles. */
    static Change randomChange(Network network, Random random, int serial) {
        List<Instance> instances = network.topology().instances().values();
        List<HostId> hosts = network.topology().hosts().keys();
        int apps = network.apps().size();
        for (int attempt = 0; attempt < 50; attempt++) {
            Change change = switch (random.nextInt(10)) {
                case 0, 1 -> addPolicy(network, random, 10_000 + serial);
                case 2 -> network.policies().policies().isEmpty() ? null
                        : Change.removePolicy(pick(random, network.policies().policies().keys()).value());
                case 3 -> addInstance(network, random, "app-" + random.nextInt(apps));
                case 4 -> instances.isEmpty() ? null
                        : Change.removeInstance(pick(random, instances).id().name());
                case 5 -> Change.putHost(host(hostIndexNotIn(hosts, random)));
                case 6 -> hosts.size() <= 1 ? null : Change.removeHost(pick(random, hosts));
                case 7 -> network.policies().groups().isEmpty() ? null
                        : putGroup(network, random, pick(random, network.policies().groups().keys()).name());
                case 8 -> network.policies().groups().isEmpty() ? null
                        : addGroupPolicy(random, network.policies().groups().size(), 20_000 + serial);
                default -> network.policies().groupPolicies().isEmpty() ? null
                        : Change.removePolicy(pick(random, network.policies().groupPolicies().keys()).value());
            };
            if (change != null && accepts(network, change)) {
                return change;
            }
        }
        return Change.addPolicy(30_000 + serial, "app-0", "app-0", Protocol.UDP, PortRange.single(40000 + serial));
    }

    static Host host(int index) {
        return Host.of("host-" + index, "192.168.0." + (index + 1), "10.255." + index + ".0/24",
                index % 3 == 0 ? 1 : 100 + index);
    }

    private static int hostIndexNotIn(List<HostId> hosts, Random random) {
        Set<String> names = new HashSet<>();
        hosts.forEach(host -> names.add(host.name()));
        int index = random.nextInt(30);
        while (names.contains("host-" + index)) {
            index = (index + 1) % 250;
        }
        return index;
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

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static Change addInstance(Network network, Random random, String app) {
        List<Host> hosts = network.topology().hosts().values();
        if (hosts.isEmpty()) {
            return null;
        }
        Host host = pick(random, hosts);
        int index = Integer.parseInt(host.id().name().substring("host-".length()));
        int slot = 2 + random.nextInt(60);
        return Change.addInstance("i-" + index + "-" + slot, app, host.id().name(), slot == host.tunnelPort() ? 99 : slot,
                "10.255." + index + "." + slot, String.format("02:00:00:00:%02x:%02x", index, slot));
    }

    private static Change addPolicy(Network network, Random random, long id) {
        int apps = network.apps().size();
        Protocol protocol = randomProtocol(random);
        return Change.addPolicy(id, "app-" + random.nextInt(apps), "app-" + random.nextInt(apps), protocol,
                protocol.hasPorts() ? randomPorts(random) : PortRange.any());
    }

    private static Change addGroupPolicy(Random random, int groups, long id) {
        Protocol protocol = randomProtocol(random);
        return Change.addGroupPolicy(id, "group-" + random.nextInt(groups), "group-" + random.nextInt(groups),
                protocol, protocol.hasPorts() ? randomPorts(random) : PortRange.any());
    }

    private static Change putGroup(Network network, Random random, String name) {
        Set<String> members = new HashSet<>();
        int apps = network.apps().size();
        int size = random.nextInt(Math.min(apps, 8) + 1);
        for (int i = 0; i < size; i++) {
            members.add("app-" + random.nextInt(apps));
        }
        return new Change.PutGroup(GroupName.of(name), members);
    }

    static Protocol randomProtocol(Random random) {
        int roll = random.nextInt(100);
        return roll < 45 ? Protocol.TCP : roll < 75 ? Protocol.UDP : roll < 88 ? Protocol.ICMP : Protocol.ALL;
    }

    static PortRange randomPorts(Random random) {
        int roll = random.nextInt(100);
        if (roll < 45) {
            return PortRange.single(PORTS[random.nextInt(PORTS.length)]);
        }
        if (roll < 75) {
            int a = PORTS[random.nextInt(PORTS.length)];
            int b = PORTS[random.nextInt(PORTS.length)];
            return PortRange.of(Math.min(a, b), Math.max(a, b));
        }
        if (roll < 90) {
            int a = 1 + random.nextInt(65535);
            int b = 1 + random.nextInt(65535);
            return PortRange.of(Math.min(a, b), Math.max(a, b));
        }
        return PortRange.any();
    }

}
