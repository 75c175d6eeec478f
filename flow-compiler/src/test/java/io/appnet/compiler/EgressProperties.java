package io.appnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.FlowKey;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Destination;
import io.appnet.compiler.model.EgressPolicy;
import io.appnet.compiler.model.Gateway;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.MacAddress;
import io.appnet.compiler.model.NatMode;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.Protocol;
import io.appnet.compiler.pipeline.DropReason;
import io.appnet.compiler.pipeline.OvsHostPipeline;
import io.appnet.compiler.trace.Conntrack;
import io.appnet.compiler.trace.NetworkTracer;
import io.appnet.compiler.trace.NetworkTracer.Delivery;
import io.appnet.compiler.trace.NetworkTracer.Walk;
import io.appnet.compiler.trace.Packet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Over random topologies with gateways, destinations and egress policies, the interpreter walking the source
 * host, the gateway and back agrees with {@link EgressOracle} for every instance, external address, protocol
 * and port (at every boundary); replies pass only for connections opened; nothing unsolicited from outside
 * reaches an instance; removing an egress policy cuts what only it allowed; no packet ends in a table miss.
 */
class EgressProperties {

    private static final int GRE = 47;
    private static final int ATTEMPTS_PER_INSTANCE = 60;
    private static final MacAddress OUTSIDE = MacAddress.parse("02:00:00:00:ff:01");

    @Provide
    Arbitrary<RandomEgress.Shape> networks() {
        return RandomEgress.shapes(6, 12, 14, 10);
    }

    /** One connection attempt to the outside: ipProtocol 6/17 with port, 1 (echo request) or 47. */
    record Attempt(Instance source, Ipv4Address address, int ipProtocol, int port) {
        Protocol protocol() {
            return switch (ipProtocol) {
                case 6 -> Protocol.TCP;
                case 17 -> Protocol.UDP;
                case 1 -> Protocol.ICMP;
                default -> null;
            };
        }
    }

    @Property(tries = 40)
    void everyEgressAttemptGetsTheOraclesVerdictAndItsReplyComesBack(@ForAll("networks") RandomEgress.Shape shape) {
        Network network = shape.network();
        NetworkTracer tracer = new NetworkTracer(FlowCompiler.ovsHosts().compile(network));
        int clientPort = 20000;
        for (Attempt attempt : attempts(network, new Random(shape.seed()))) {
            clientPort++;
            Walk walk = tracer.trace(attempt.source().host(), packet(attempt, clientPort), Map.of());
            assertWellFormed(walk);
            Set<HostId> expected = expectedGateways(network, attempt);
            boolean allowed = !allowing(network, attempt).isEmpty();
            Statistics.label("verdict").collect(!allowed ? "no policy" : walk.delivered() ? "out" : "no gateway");
            if (!allowed) {
                assertThat(walk.delivered()).as("%s must be denied:%n%s", attempt, walk.render()).isFalse();
                assertThat(walk.last().drop()).as(walk.render()).contains(DropReason.NO_POLICY);
                assertThat(walk.hops()).hasSize(1);
                continue;
            }
            if (!walk.delivered()) {
                assertThat(walk.last().drop()).as("%s:%n%s", attempt, walk.render()).contains(DropReason.NO_GATEWAY);
                assertThat(routableOnly(network, attempt)).as("a carrier existed for every allowing destination:%n%s",
                        walk.render()).isFalse();
                continue;
            }
            Delivery out = single(walk);
            Gateway gateway = network.egress().gateways().get(out.host());
            assertThat(expected).as("%s left by a gateway that carries none of its destinations:%n%s", attempt,
                    walk.render()).contains(out.host());
            assertThat(out.port()).isEqualTo(gateway.uplinkPort());
            assertThat(out.packet().get(MatchField.ETH_DST)).isEqualTo(gateway.nextHopMac().bits());
            assertThat(out.packet().get(MatchField.IPV4_DST)).isEqualTo(attempt.address().unsigned());
            Ipv4Address source = Ipv4Address.of((int) out.packet().get(MatchField.IPV4_SRC));
            assertSource(network, attempt, gateway, source, walk);

            Walk back = tracer.trace(out.host(), reply(out).onPort(gateway.uplinkPort()), walk.conntracks());
            assertWellFormed(back);
            assertThat(deliveredTo(back, attempt.source())).as("reply of %s:%n%s", attempt, back.render()).isTrue();
            Packet delivered = back.deliveries().get(0).packet();
            assertThat(delivered.get(MatchField.IPV4_SRC)).isEqualTo(attempt.address().unsigned());
            if (attempt.ipProtocol() == 6) {
                assertThat(delivered.get(MatchField.TCP_DST)).isEqualTo(clientPort);
            }
        }
    }

    @Property(tries = 25)
    void nothingUnsolicitedFromOutsideReachesAnInstance(@ForAll("networks") RandomEgress.Shape shape) {
        Network network = shape.network();
        NetworkTracer tracer = new NetworkTracer(FlowCompiler.ovsHosts().compile(network));
        List<Ipv4Address> targets = new ArrayList<>();
        network.egress().shares().values().forEach(share -> share.forEach(range -> targets.add(range.start())));
        network.topology().instances().values().forEach(instance -> targets.add(instance.ip()));
        targets.addAll(network.egress().addresses().values());
        network.egress().gateways().forEach((id, gateway) -> {
            for (Ipv4Address target : targets) {
                for (Ipv4Address from : EgressOracle.boundaryAddresses(network)) {
                    Packet tcp = Packet.tcp(OUTSIDE, gateway.uplinkMac(), from, target, 5432, 40000)
                            .onPort(gateway.uplinkPort());
                    Walk walk = tracer.trace(id, tcp, Map.of());
                    assertWellFormed(walk);
                    assertThat(walk.delivered()).as(walk.render()).isFalse();
                    assertThat(walk.last().drop()).as(walk.render()).contains(DropReason.UNSOLICITED);
                    Walk ping = tracer.trace(id, Packet.icmpEcho(OUTSIDE, gateway.uplinkMac(), from, target, true)
                            .onPort(gateway.uplinkPort()), Map.of());
                    assertThat(ping.delivered()).as(ping.render()).isFalse();
                }
            }
        });
    }

    @Property(tries = 30)
    void removingAnEgressPolicyCutsTheConnectionsOnlyItAllowed(@ForAll("networks") RandomEgress.Shape shape) {
        Network network = shape.network();
        List<EgressPolicy> policies = network.egress().policies().values();
        if (policies.isEmpty()) {
            return;
        }
        Random random = new Random(shape.seed());
        EgressPolicy removed = policies.get(random.nextInt(policies.size()));
        TestLab lab = new TestLab(network);
        record Open(Attempt attempt, int clientPort, Delivery out) {
        }
        List<Open> open = new ArrayList<>();
        int clientPort = 30000;
        for (Attempt attempt : attempts(network, random)) {
            if (attempt.ipProtocol() != 6 && attempt.ipProtocol() != 17) {
                continue;
            }
            clientPort++;
            Walk walk = lab.sendFrom(attempt.source().host(), packet(attempt, clientPort));
            if (walk.delivered()) {
                Delivery out = single(walk);
                Gateway gateway = network.egress().gateways().get(out.host());
                lab.sendFrom(out.host(), reply(out).onPort(gateway.uplinkPort()));
                open.add(new Open(attempt, clientPort, out));
            }
        }
        lab.apply(Change.removePolicy(removed.id().value()));
        for (Open connection : open) {
            boolean stillAllowed = !allowing(lab.network(), connection.attempt()).isEmpty();
            Statistics.label("after removal").collect(stillAllowed ? "still allowed" : "revoked");
            Walk forward = lab.sendFrom(connection.attempt().source().host(), packet(connection.attempt(),
                    connection.clientPort()));
            assertWellFormed(forward);
            if (stillAllowed) {
                assertThat(forward.hops().get(0).result().drop()).as(forward.render())
                        .isNotIn(java.util.Optional.of(DropReason.POLICY_REVOKED),
                                java.util.Optional.of(DropReason.NO_POLICY));
                continue;
            }
            assertThat(forward.delivered()).as(forward.render()).isFalse();
            assertThat(forward.last().drop()).as(forward.render()).contains(DropReason.POLICY_REVOKED);
            Gateway gateway = lab.network().egress().gateways().get(connection.out().host());
            Walk back = lab.sendFrom(connection.out().host(), reply(connection.out()).onPort(gateway.uplinkPort()));
            assertThat(back.delivered()).as(back.render()).isFalse();
            assertThat(back.last().drop()).as(back.render()).contains(DropReason.POLICY_REVOKED);
        }
    }

    @Property(tries = 40)
    void incrementalEgressChangesGiveTheTablesOfAFullCompile(@ForAll("networks") RandomEgress.Shape shape,
                                                              @ForAll @IntRange(min = 1, max = 20) int steps) {
        FlowCompiler compiler = FlowCompiler.ovsHosts();
        Random random = new Random(~shape.seed());
        CompiledNetwork compiled = compiler.compile(shape.network());
        for (int step = 0; step < steps; step++) {
            Change change = RandomEgress.randomChange(compiled.network(), random, step);
            Update update = compiler.update(compiled, change);
            CompiledNetwork full = compiler.compile(update.compiled().network());
            Map<HostId, Map<FlowKey, FlowEntry>> applied = IncrementalProperties.flowsOf(compiled);
            update.deltas().forEach((datapath, delta) -> IncrementalProperties.apply(applied, datapath, delta));
            applied.values().removeIf(Map::isEmpty);
            Map<HostId, Map<FlowKey, FlowEntry>> expected = IncrementalProperties.flowsOf(full);
            expected.values().removeIf(Map::isEmpty);
            assertThat(applied).as("after %s", change).isEqualTo(expected);
            assertThat(update.compiled().datapaths()).as("kept state after %s", change).isEqualTo(full.datapaths());
            Statistics.label("change").collect(change.getClass().getSimpleName());
            compiled = update.compiled();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static Set<Destination> allowing(Network network, Attempt attempt) {
        Protocol protocol = attempt.protocol();
        if (protocol == null) {
            Set<Destination> all = new HashSet<>();
            for (Destination d : EgressOracle.allowing(network, attempt.source().app(), Protocol.ALL,
                    attempt.address(), 0, -2, -2)) {
                all.add(d);
            }
            all.removeIf(d -> d.rules().stream().noneMatch(rule -> rule.protocol() == Protocol.ALL
                    && rule.ips().stream().anyMatch(range -> range.contains(attempt.address()))));
            return all;
        }
        return EgressOracle.allowing(network, attempt.source().app(), protocol, attempt.address(), attempt.port(),
                protocol == Protocol.ICMP ? 8 : -2, protocol == Protocol.ICMP ? 0 : -2);
    }

    private static Set<HostId> expectedGateways(Network network, Attempt attempt) {
        Set<HostId> gateways = new HashSet<>();
        allowing(network, attempt).forEach(d -> gateways.addAll(EgressOracle.gateways(network,
                attempt.source().app(), d)));
        return gateways;
    }

    /** True if every allowing destination has a gateway for the app (then the packet must leave). */
    private static boolean routableOnly(Network network, Attempt attempt) {
        return allowing(network, attempt).stream()
                .allMatch(d -> !EgressOracle.gateways(network, attempt.source().app(), d).isEmpty());
    }

    private static void assertSource(Network network, Attempt attempt, Gateway gateway, Ipv4Address source,
                                     Walk walk) {
        if (!gateway.nat()) {
            assertThat(source).as(walk.render()).isEqualTo(attempt.source().ip());
        } else if (network.egress().settings().mode() == NatMode.PER_APP) {
            assertThat(network.egress().address(attempt.source().app())).as(walk.render()).contains(source);
        } else {
            List<IpRange> share = network.egress().share(gateway.host());
            assertThat(share).as("SNAT to %s's share:%n%s", gateway.host(), walk.render())
                    .anyMatch(range -> range.contains(source));
        }
    }

    private static List<Attempt> attempts(Network network, Random random) {
        List<Attempt> attempts = new ArrayList<>();
        List<Ipv4Address> addresses = EgressOracle.boundaryAddresses(network);
        if (addresses.isEmpty()) {
            return attempts;
        }
        List<Integer> tcp = EgressOracle.boundaryPorts(network, Protocol.TCP);
        List<Integer> udp = EgressOracle.boundaryPorts(network, Protocol.UDP);
        for (Instance source : network.topology().instances().values()) {
            for (int i = 0; i < ATTEMPTS_PER_INSTANCE; i++) {
                Ipv4Address address = addresses.get(random.nextInt(addresses.size()));
                int roll = random.nextInt(10);
                if (roll < 4) {
                    attempts.add(new Attempt(source, address, 6, tcp.get(random.nextInt(tcp.size()))));
                } else if (roll < 7) {
                    attempts.add(new Attempt(source, address, 17, udp.get(random.nextInt(udp.size()))));
                } else if (roll < 9) {
                    attempts.add(new Attempt(source, address, 1, 0));
                } else {
                    attempts.add(new Attempt(source, address, GRE, 0));
                }
            }
        }
        return attempts;
    }

    private static Packet packet(Attempt attempt, int clientPort) {
        Instance from = attempt.source();
        MacAddress gateway = OvsHostPipeline.DEFAULT_GATEWAY_MAC;
        Packet packet = switch (attempt.ipProtocol()) {
            case 6 -> Packet.tcp(from.mac(), gateway, from.ip(), attempt.address(), clientPort, attempt.port());
            case 17 -> Packet.udp(from.mac(), gateway, from.ip(), attempt.address(), clientPort, attempt.port());
            case 1 -> Packet.icmpEcho(from.mac(), gateway, from.ip(), attempt.address(), true);
            default -> Packet.ip(from.mac(), gateway, from.ip(), attempt.address(), attempt.ipProtocol());
        };
        return packet.onPort(from.port());
    }

    /** The outside's answer to what a gateway sent out of its uplink. */
    private static Packet reply(Delivery out) {
        Packet sent = out.packet();
        Ipv4Address from = Ipv4Address.of((int) sent.get(MatchField.IPV4_DST));
        Ipv4Address to = Ipv4Address.of((int) sent.get(MatchField.IPV4_SRC));
        MacAddress gateway = new MacAddress(sent.get(MatchField.ETH_SRC));
        return switch ((int) sent.get(MatchField.IP_PROTO)) {
            case 6 -> Packet.tcp(OUTSIDE, gateway, from, to, (int) sent.get(MatchField.TCP_DST),
                    (int) sent.get(MatchField.TCP_SRC));
            case 17 -> Packet.udp(OUTSIDE, gateway, from, to, (int) sent.get(MatchField.UDP_DST),
                    (int) sent.get(MatchField.UDP_SRC));
            case 1 -> Packet.icmpEcho(OUTSIDE, gateway, from, to, false);
            default -> Packet.ip(OUTSIDE, gateway, from, to, (int) sent.get(MatchField.IP_PROTO));
        };
    }

    private static Delivery single(Walk walk) {
        assertThat(walk.deliveries()).as(walk.render()).hasSize(1);
        return walk.deliveries().get(0);
    }

    private static boolean deliveredTo(Walk walk, Instance to) {
        return walk.deliveries().size() == 1 && walk.deliveries().get(0).host().equals(to.host())
                && walk.deliveries().get(0).port() == to.port()
                && walk.deliveries().get(0).packet().get(MatchField.ETH_DST) == to.mac().bits()
                && walk.deliveries().get(0).packet().get(MatchField.IPV4_DST) == to.ip().unsigned();
    }

    private static void assertWellFormed(Walk walk) {
        for (NetworkTracer.Hop hop : walk.hops()) {
            assertThat(hop.result().tableMiss()).as("every drop is on a drop flow:%n%s", walk.render()).isFalse();
            assertThat(hop.result().ambiguous()).as("no two flows tie:%n%s", walk.render()).isFalse();
        }
    }
}
