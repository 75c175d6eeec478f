package io.appnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.firewall.Capabilities;
import io.appnet.compiler.firewall.Firewall;
import io.appnet.compiler.firewall.FirewallCompiler;
import io.appnet.compiler.firewall.FirewallResult;
import io.appnet.compiler.firewall.FirewallRules;
import io.appnet.compiler.firewall.Guard;
import io.appnet.compiler.firewall.Identity;
import io.appnet.compiler.firewall.Refusal;
import io.appnet.compiler.firewall.TableFeatures;
import io.appnet.compiler.flow.Action;
import io.appnet.compiler.flow.FieldMatch;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.MacAddress;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.Protocol;
import io.appnet.compiler.trace.Conntrack;
import io.appnet.compiler.trace.Interpreter;
import io.appnet.compiler.trace.Packet;
import io.appnet.compiler.trace.TraceResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * For random networks, guards, identity modes and device profiles (1 or 2 tables, ports maskable or not), the
 * firewall's rules run by the interpreter pass exactly what the policy allows: for every source app's identity,
 * every guarded instance address, tcp/udp at every range-boundary port, and icmp; replies likewise; a packet from
 * an address no app has passes nowhere; and every rule is standard OpenFlow 1.3. Likewise for a firewall in front
 * of every egress destination (boundary addresses and ports, against {@code EgressOracle}).
 */
class FirewallProperties {

    private static final long PROTECTED = 1;
    private static final long PLATFORM = 2;
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final long MAX_ENTRIES = 20_000;
    private static final Ipv4Address STRANGER = Ipv4Address.parse("10.254.254.254");

    @Provide
    Arbitrary<RandomNetworks.Shape> networks() {
        return RandomNetworks.shapes(4, 8, 14, 16);
    }

    @Property(tries = 80)
    void rulesPassExactlyWhatThePolicyAllows(@ForAll("networks") RandomNetworks.Shape shape,
                                             @ForAll @IntRange(min = 0, max = 2) int mode,
                                             @ForAll @IntRange(min = 1, max = 2) int tables,
                                             @ForAll boolean portMasks) {
        Network network = shape.network();
        Random random = new Random(shape.seed());
        Identity identity = identity(network, mode, random);
        List<Guard> guards = guards(network, random);
        Firewall firewall = new Firewall("fw", 1, PROTECTED, PLATFORM, guards, identity, Optional.empty());
        FirewallResult result = FirewallCompiler.compile(network, firewall, capabilities(tables, portMasks));
        Statistics.collect(result instanceof Refusal ? "refused" : "checked");
        if (result instanceof Refusal refusal) {
            // Only for size (every field here is supported): wide port ranges, exact or even masked (a 1-table
            // cross product of many ranges), can put a table over its 20,000 entries; never for a field.
            assertThat(refusal.unsupported()).as(refusal.render()).isEmpty();
            assertThat(refusal.tables()).anyMatch(need -> need.needed() > need.available());
            return;
        }
        FirewallRules rules = (FirewallRules) result;
        rules.flows().forEach(FirewallProperties::assertStandard);
        Interpreter interpreter = Interpreter.of(rules.flows());

        for (Guard guard : guards) {
            AppId destination = network.appId(((Guard.App) guard).guid()).orElseThrow();
            for (Instance target : instancesOf(network, destination)) {
                for (AppId source : new TreeSet<>(network.apps().values())) {
                    checkPair(network, interpreter, identity, source, destination, target.ip());
                }
                TraceResult stranger = interpreter.trace(Packet.tcp(MAC, MAC, STRANGER, target.ip(), 40000, 80)
                        .onPort(PLATFORM), Conntrack.empty());
                assertThat(stranger.outputs()).as("from an address no app has").isEmpty();
            }
        }
    }

    @Provide
    Arbitrary<RandomEgress.Shape> egressNetworks() {
        return RandomEgress.shapes(3, 6, 10, 8);
    }

    /** A firewall in front of every destination: exactly what the egress policies allow passes, and its replies. */
    @Property(tries = 40)
    void guardedDestinationsPassExactlyWhatEgressPoliciesAllow(@ForAll("egressNetworks") RandomEgress.Shape shape,
                                                               @ForAll @IntRange(min = 0, max = 1) int mode,
                                                               @ForAll @IntRange(min = 1, max = 2) int tables) {
        Network network = shape.network();
        Identity identity = identity(network, mode, new Random(shape.seed()));
        List<Guard> guards = network.egress().destinations().keys().stream()
                .map(id -> (Guard) new Guard.Destination(id)).toList();
        Statistics.label("destinations").collect(guards.isEmpty() ? "none" : "some");
        if (guards.isEmpty()) {
            return;
        }
        int passed = 0;
        Firewall firewall = new Firewall("fw", 1, PROTECTED, PLATFORM, guards, identity, Optional.empty());
        FirewallResult result = FirewallCompiler.compile(network, firewall, capabilities(tables, true));
        Statistics.label("result").collect(result instanceof Refusal ? "refused" : "checked");
        if (result instanceof Refusal refusal) {
            // Wide random address ranges x port blocks x sources can exceed the table: then only the count refuses.
            assertThat(refusal.unsupported()).as(refusal.render()).isEmpty();
            assertThat(refusal.tables()).anyMatch(need -> need.needed() > need.available());
            return;
        }
        FirewallRules rules = (FirewallRules) result;
        rules.flows().forEach(FirewallProperties::assertStandard);
        Interpreter interpreter = Interpreter.of(rules.flows());
        for (AppId source : new TreeSet<>(network.apps().values())) {
            for (Ipv4Address address : sourceAddresses(network, identity, source)) {
                for (Ipv4Address target : EgressOracle.boundaryAddresses(network)) {
                    for (Protocol protocol : List.of(Protocol.TCP, Protocol.UDP)) {
                        for (int port : EgressOracle.boundaryPorts(network, protocol)) {
                            boolean allowed = !EgressOracle.allowing(network, source, protocol, target, port,
                                    -1, -1).isEmpty();
                            TraceResult there = interpreter.trace(packet(protocol, address, target, 40000, port, true)
                                    .onPort(PLATFORM), Conntrack.empty());
                            assertThat(delivered(there, PROTECTED)).as("%s %s:%d from %s", protocol, target, port,
                                    address).isEqualTo(allowed);
                            passed += allowed ? 1 : 0;
                            TraceResult back = interpreter.trace(packet(protocol, target, address, port, 40000, false)
                                    .onPort(PROTECTED), Conntrack.empty());
                            assertThat(delivered(back, PLATFORM)).as("reply %s from %s:%d to %s", protocol, target,
                                    port, address).isEqualTo(allowed);
                        }
                    }
                    boolean echo = !EgressOracle.allowing(network, source, Protocol.ICMP, target, 0, 8, 0).isEmpty();
                    TraceResult ping = interpreter.trace(packet(Protocol.ICMP, address, target, 0, 0, true)
                            .onPort(PLATFORM), Conntrack.empty());
                    assertThat(delivered(ping, PROTECTED)).as("echo to %s from %s", target, address).isEqualTo(echo);
                }
            }
        }
        Statistics.label("allowed connections checked").collect(passed == 0 ? "none" : "some");
    }

    private static void checkPair(Network network, Interpreter interpreter, Identity identity, AppId source,
                                  AppId destination, Ipv4Address target) {
        List<Ipv4Address> addresses = sourceAddresses(network, identity, source);
        for (Protocol protocol : List.of(Protocol.TCP, Protocol.UDP, Protocol.ICMP)) {
            List<Integer> ports = protocol == Protocol.ICMP ? List.of(0)
                    : PolicyOracle.boundaryPorts(network, source, destination, protocol);
            for (int port : ports) {
                boolean allowed = PolicyOracle.allows(network, source, destination, protocol, port);
                for (Ipv4Address address : addresses) {
                    Packet forward = packet(protocol, address, target, 40000, port, true);
                    forward = identity instanceof Identity.Vxlan ? forward.with(MatchField.TUN_ID, source.value())
                            .onPort(100) : forward.onPort(PLATFORM);
                    TraceResult there = interpreter.trace(forward, Conntrack.empty());
                    assertThat(delivered(there, PROTECTED)).as("%s %s:%d from app %s at %s: allowed=%s\n%s",
                            protocol, target, port, source, address, allowed, there.render()).isEqualTo(allowed);
                    if (!(identity instanceof Identity.Vxlan)) {
                        TraceResult back = interpreter.trace(packet(protocol, target, address, port, 40000, false)
                                .onPort(PROTECTED), Conntrack.empty());
                        assertThat(delivered(back, PLATFORM)).as("reply %s from %s:%d to app %s at %s\n%s",
                                protocol, target, port, source, address, back.render()).isEqualTo(allowed);
                    }
                }
                if (identity instanceof Identity.Vxlan) {
                    checkVxlanReply(network, interpreter, destination, target, protocol, port);
                }
            }
        }
    }

    /** vxlan replies are per host: one passes iff some app may use the service, re-tagged with its app ID. */
    private static void checkVxlanReply(Network network, Interpreter interpreter, AppId destination,
                                        Ipv4Address target, Protocol protocol, int port) {
        boolean anyAllowed = network.apps().values().stream()
                .anyMatch(app -> PolicyOracle.allows(network, app, destination, protocol, port));
        for (Host host : network.topology().hosts().values()) {
            Ipv4Address client = host.subnet().network().plus(200);
            TraceResult back = interpreter.trace(packet(protocol, target, client, port, 40000, false)
                    .onPort(PROTECTED), Conntrack.empty());
            assertThat(delivered(back, tunnelPort(host))).as("vxlan reply to host %s", host.id())
                    .isEqualTo(anyAllowed);
            back.outputs().forEach(output -> assertThat(output.packet().get(MatchField.TUN_ID))
                    .isEqualTo(destination.value()));
        }
    }

    private static boolean delivered(TraceResult result, long port) {
        return result.outputs().stream().anyMatch(output -> output.port() == port);
    }

    private static Packet packet(Protocol protocol, Ipv4Address from, Ipv4Address to, int sourcePort,
                                 int destinationPort, boolean request) {
        return switch (protocol) {
            case TCP -> Packet.tcp(MAC, MAC, from, to, sourcePort, destinationPort);
            case UDP -> Packet.udp(MAC, MAC, from, to, sourcePort, destinationPort);
            default -> Packet.icmpEcho(MAC, MAC, from, to, request);
        };
    }

    private static List<Ipv4Address> sourceAddresses(Network network, Identity identity, AppId app) {
        if (identity instanceof Identity.Nat nat) {
            Ipv4Address address = nat.addresses().get(network.appGuid(app).orElseThrow());
            return address == null ? List.of() : List.of(address);
        }
        return instancesOf(network, app).stream().map(Instance::ip).toList();
    }

    private static List<Instance> instancesOf(Network network, AppId app) {
        return network.topology().instances().values().stream().filter(i -> i.app().equals(app)).toList();
    }

    private static long tunnelPort(Host host) {
        return 100 + Integer.parseInt(host.id().name().substring("host-".length()));
    }

    private static Identity identity(Network network, int mode, Random random) {
        if (mode == 0) {
            SortedMap<String, Ipv4Address> addresses = new TreeMap<>();
            int next = 1;
            for (String guid : network.apps().keys()) {
                if (random.nextInt(4) != 0) {
                    addresses.put(guid, Ipv4Address.parse("198.18.0." + next++));
                }
            }
            return new Identity.Nat(addresses);
        }
        if (mode == 1) {
            return new Identity.InstanceIp();
        }
        SortedMap<HostId, Long> ports = new TreeMap<>();
        network.topology().hosts().values().forEach(host -> ports.put(host.id(), tunnelPort(host)));
        return new Identity.Vxlan(ports);
    }

    private static List<Guard> guards(Network network, Random random) {
        List<String> apps = new ArrayList<>(network.apps().keys());
        List<Guard> guards = new ArrayList<>();
        int count = 1 + random.nextInt(Math.min(3, apps.size()));
        java.util.Collections.shuffle(apps, random);
        for (int i = 0; i < count; i++) {
            guards.add(new Guard.App(apps.get(i)));
        }
        return guards;
    }

    private static Capabilities capabilities(int tables, boolean portMasks) {
        List<TableFeatures> list = new ArrayList<>();
        for (int i = 0; i < tables; i++) {
            TableFeatures table = TableFeatures.everything(i, MAX_ENTRIES);
            if (!portMasks) {
                for (MatchField port : List.of(MatchField.TCP_SRC, MatchField.TCP_DST, MatchField.UDP_SRC,
                        MatchField.UDP_DST)) {
                    table = table.withoutMask(port);
                }
            }
            list.add(table);
        }
        return new Capabilities(list);
    }

    private static void assertStandard(FlowEntry flow) {
        assertThat(flow.match().fields()).extracting(FieldMatch::field).allMatch(MatchField::standard);
        assertThat(flow.instructions().actions()).allMatch(Action::standard)
                .allMatch(action -> action instanceof Action.Output || action instanceof Action.SetField);
    }
}
