package io.appnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.Policy;
import io.appnet.compiler.model.Protocol;
import io.appnet.compiler.pipeline.DropReason;
import io.appnet.compiler.pipeline.OvsHostPipeline;
import io.appnet.compiler.trace.NetworkTracer;
import io.appnet.compiler.trace.NetworkTracer.Walk;
import io.appnet.compiler.trace.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Over random topologies and policies, the interpreter walking the compiled tables of the source host
 * and then the destination host gives exactly the policy's verdict, for every source instance,
 * destination, protocol and port (ports: every range boundary, see {@link PolicyOracle#boundaryPorts}).
 */
class CompiledPolicyProperties {

    private static final int OTHER_IP_PROTOCOL = 47;

    @Provide
    Arbitrary<RandomNetworks.Shape> networks() {
        return RandomNetworks.shapes(20, 50, 30, 60);
    }

    /** One connection attempt and what the policies say about it. */
    private record Attempt(Instance source, Instance destination, Protocol protocol, int ipProtocol, int port) {
    }

    @Property(tries = 40)
    void everyConnectionGetsThePolicysVerdictAndRepliesPass(@ForAll("networks") RandomNetworks.Shape shape) {
        Network network = shape.network();
        NetworkTracer tracer = new NetworkTracer(FlowCompiler.ovsHosts().compile(network));
        int sourcePort = 20000;
        for (Attempt attempt : attempts(network)) {
            sourcePort++;
            Instance source = attempt.source();
            Instance destination = attempt.destination();
            Walk walk = tracer.trace(source.host(), packet(source, destination.ip(), attempt, sourcePort, true),
                    Map.of());
            boolean allowed = attempt.protocol() != null && PolicyOracle.allows(network, source.app(),
                    destination.app(), attempt.protocol(), attempt.port());
            if (attempt.ipProtocol() == OTHER_IP_PROTOCOL) {
                allowed = PolicyOracle.allows(network, source.app(), destination.app(), Protocol.ALL, 0);
            }
            assertWellFormed(walk);
            Statistics.label("verdict").collect(allowed ? "allowed" : "denied");
            if (!allowed) {
                assertThat(walk.delivered()).as("%s must be denied:%n%s", attempt, walk.render()).isFalse();
                assertThat(walk.last().drop()).as(walk.render()).contains(DropReason.NO_POLICY);
                continue;
            }
            assertThat(delivered(walk, destination)).as("%s must be allowed:%n%s", attempt, walk.render()).isTrue();
            Walk reply = tracer.trace(destination.host(), packet(destination, source.ip(), attempt, sourcePort, false),
                    walk.conntracks());
            assertWellFormed(reply);
            assertThat(delivered(reply, source)).as("reply of %s must pass:%n%s", attempt, reply.render()).isTrue();
        }
    }

    @Property(tries = 30)
    void spoofedAndMisaddressedPacketsAreDroppedForTheirReason(@ForAll("networks") RandomNetworks.Shape shape) {
        Network network = shape.network();
        NetworkTracer tracer = new NetworkTracer(FlowCompiler.ovsHosts().compile(network));
        for (Instance source : network.topology().instances().values()) {
            Ipv4Address someoneElse = Ipv4Address.of(source.ip().bits() ^ 0x80);
            Packet spoofedIp = Packet.udp(source.mac(), OvsHostPipeline.DEFAULT_GATEWAY_MAC, someoneElse,
                    source.ip(), 1, 2).onPort(source.port());
            Packet spoofedMac = Packet.udp(new io.appnet.compiler.model.MacAddress(source.mac().bits() ^ 0x10),
                    OvsHostPipeline.DEFAULT_GATEWAY_MAC, source.ip(), source.ip(), 1, 2).onPort(source.port());
            Packet nowhere = Packet.udp(source.mac(), OvsHostPipeline.DEFAULT_GATEWAY_MAC, source.ip(),
                    Ipv4Address.parse("172.16.0.1"), 1, 2).onPort(source.port());
            for (Packet spoofed : List.of(spoofedIp, spoofedMac)) {
                Walk walk = tracer.trace(source.host(), spoofed, Map.of());
                assertThat(walk.last().drop()).as(walk.render()).contains(DropReason.SPOOFED_SOURCE);
            }
            // Outside every host subnet is external: without an egress policy, no-policy (EgressProperties).
            Walk walk = tracer.trace(source.host(), nowhere, Map.of());
            assertThat(walk.last().drop()).as(walk.render()).contains(DropReason.NO_POLICY);
            assertThat(walk.hops()).hasSize(1);
        }
    }

    @Property(tries = 30)
    void removingAPolicyStopsTheConnectionsOnlyItAllowed(@ForAll("networks") RandomNetworks.Shape shape) {
        Network network = shape.network();
        List<Policy> policies = network.policies().policies().values();
        if (policies.isEmpty()) {
            return;
        }
        Random random = new Random(shape.seed());
        Policy removed = policies.get(random.nextInt(policies.size()));
        TestLab lab = new TestLab(network);
        List<Attempt> established = new ArrayList<>();
        int sourcePort = 30000;
        for (Attempt attempt : attempts(network)) {
            if (attempt.protocol() == removed.protocol() || removed.protocol() == Protocol.ALL) {
                if (attempt.source().app().equals(removed.source())
                        && attempt.destination().app().equals(removed.destination())
                        && attempt.protocol() != null
                        && PolicyOracle.allows(network, removed.source(), removed.destination(), attempt.protocol(),
                        attempt.port())) {
                    sourcePort++;
                    lab.sendFrom(attempt.source().host(), packet(attempt.source(), attempt.destination().ip(),
                            attempt, sourcePort, true));
                    lab.sendFrom(attempt.destination().host(), packet(attempt.destination(), attempt.source().ip(),
                            attempt, sourcePort, false));
                    established.add(new Attempt(attempt.source(), attempt.destination(), attempt.protocol(),
                            sourcePort, attempt.port()));
                }
            }
        }
        lab.apply(Change.removePolicy(removed.id().value()));
        Network after = lab.network();
        for (Attempt connection : established) {
            boolean stillAllowed = PolicyOracle.allows(after, connection.source().app(),
                    connection.destination().app(), connection.protocol(), connection.port());
            Attempt asSent = new Attempt(connection.source(), connection.destination(), connection.protocol(),
                    connection.protocol().ipProtocol(), connection.port());
            Walk forward = lab.sendFrom(connection.source().host(), packet(connection.source(),
                    connection.destination().ip(), asSent, connection.ipProtocol(), true));
            Walk back = lab.sendFrom(connection.destination().host(), packet(connection.destination(),
                    connection.source().ip(), asSent, connection.ipProtocol(), false));
            assertThat(delivered(forward, connection.destination())).as(forward.render()).isEqualTo(stillAllowed);
            assertThat(delivered(back, connection.source())).as(back.render()).isEqualTo(stillAllowed);
            Statistics.label("after removal").collect(stillAllowed ? "still allowed" : "revoked");
            if (!stillAllowed) {
                assertThat(forward.last().drop()).as(forward.render()).contains(DropReason.POLICY_REVOKED);
            }
        }
    }

    /** Every ordered pair of distinct instances, with tcp/udp at every boundary port, icmp, and another protocol. */
    private static List<Attempt> attempts(Network network) {
        List<Attempt> attempts = new ArrayList<>();
        List<Instance> instances = network.topology().instances().values();
        for (Instance source : instances) {
            for (Instance destination : instances) {
                if (source.equals(destination)) {
                    continue;
                }
                for (Protocol protocol : new Protocol[] {Protocol.TCP, Protocol.UDP}) {
                    for (int port : PolicyOracle.boundaryPorts(network, source.app(), destination.app(), protocol)) {
                        attempts.add(new Attempt(source, destination, protocol, protocol.ipProtocol(), port));
                    }
                }
                attempts.add(new Attempt(source, destination, Protocol.ICMP, Protocol.ICMP.ipProtocol(), 0));
                attempts.add(new Attempt(source, destination, null, OTHER_IP_PROTOCOL, 0));
            }
        }
        return attempts;
    }

    /** The packet of the attempt from {@code from} (forward: to the service port; else the reply from it). */
    private static Packet packet(Instance from, Ipv4Address to, Attempt attempt, int clientPort, boolean forward) {
        int sourcePort = forward ? clientPort : attempt.port();
        int destinationPort = forward ? attempt.port() : clientPort;
        Packet packet;
        if (attempt.ipProtocol() == Protocol.TCP.ipProtocol()) {
            packet = Packet.tcp(from.mac(), OvsHostPipeline.DEFAULT_GATEWAY_MAC, from.ip(), to, sourcePort,
                    destinationPort);
        } else if (attempt.ipProtocol() == Protocol.UDP.ipProtocol()) {
            packet = Packet.udp(from.mac(), OvsHostPipeline.DEFAULT_GATEWAY_MAC, from.ip(), to, sourcePort,
                    destinationPort);
        } else if (attempt.ipProtocol() == Protocol.ICMP.ipProtocol()) {
            packet = Packet.icmpEcho(from.mac(), OvsHostPipeline.DEFAULT_GATEWAY_MAC, from.ip(), to, forward);
        } else {
            packet = Packet.ip(from.mac(), OvsHostPipeline.DEFAULT_GATEWAY_MAC, from.ip(), to, attempt.ipProtocol());
        }
        return packet.onPort(from.port());
    }

    private static boolean delivered(Walk walk, Instance to) {
        return walk.deliveries().size() == 1 && walk.deliveries().get(0).host().equals(to.host())
                && walk.deliveries().get(0).port() == to.port()
                && walk.deliveries().get(0).packet().get(MatchField.ETH_DST) == to.mac().bits();
    }

    private static void assertWellFormed(Walk walk) {
        for (NetworkTracer.Hop hop : walk.hops()) {
            assertThat(hop.result().tableMiss()).as("every drop is on a drop flow:%n%s", walk.render()).isFalse();
            assertThat(hop.result().ambiguous()).as("no two flows tie:%n%s", walk.render()).isFalse();
        }
    }
}
