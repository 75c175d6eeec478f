package io.appnet.compiler;

import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.InstanceId;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.pipeline.OvsHostPipeline;
import io.appnet.compiler.trace.Conntrack;
import io.appnet.compiler.trace.NetworkTracer;
import io.appnet.compiler.trace.Packet;
import java.util.HashMap;
import java.util.Map;

/**
 * A network under test: compiled tables plus the conntrack state of every host, kept across packets
 * and across incremental updates, like a real deployment.
 */
final class TestLab {

    private final FlowCompiler compiler = FlowCompiler.ovsHosts();
    private CompiledNetwork compiled;
    private NetworkTracer tracer;
    private Map<HostId, Conntrack> conntracks = new HashMap<>();

    TestLab(Network network) {
        compiled = compiler.compile(network);
        tracer = new NetworkTracer(compiled);
    }

    CompiledNetwork compiled() {
        return compiled;
    }

    Network network() {
        return compiled.network();
    }

    Update apply(Change change) {
        Update update = compiler.update(compiled, change);
        compiled = update.compiled();
        tracer = new NetworkTracer(compiled);
        return update;
    }

    Instance instance(String name) {
        return network().topology().instance(InstanceId.of(name)).orElseThrow();
    }

    /** Sends a packet from an instance's port (its own MAC, to the gateway MAC, unless the packet says otherwise). */
    NetworkTracer.Walk send(String from, Packet packet) {
        Instance source = instance(from);
        return sendFrom(source.host(), packet.onPort(source.port()));
    }

    NetworkTracer.Walk sendFrom(HostId host, Packet packet) {
        NetworkTracer.Walk walk = tracer.trace(host, packet, conntracks);
        conntracks = walk.conntracks();
        return walk;
    }

    NetworkTracer.Walk tcp(String from, Ipv4Address to, int sourcePort, int destinationPort) {
        Instance source = instance(from);
        return send(from, Packet.tcp(source.mac(), OvsHostPipeline.DEFAULT_GATEWAY_MAC, source.ip(), to,
                sourcePort, destinationPort));
    }

    NetworkTracer.Walk tcp(String from, String to, int sourcePort, int destinationPort) {
        return tcp(from, instance(to).ip(), sourcePort, destinationPort);
    }

    NetworkTracer.Walk udp(String from, String to, int sourcePort, int destinationPort) {
        Instance source = instance(from);
        return send(from, Packet.udp(source.mac(), OvsHostPipeline.DEFAULT_GATEWAY_MAC, source.ip(),
                instance(to).ip(), sourcePort, destinationPort));
    }

    NetworkTracer.Walk ping(String from, String to, boolean request) {
        Instance source = instance(from);
        return send(from, Packet.icmpEcho(source.mac(), OvsHostPipeline.DEFAULT_GATEWAY_MAC, source.ip(),
                instance(to).ip(), request));
    }

    /** True if the walk ended with exactly one delivery, on the destination instance's port, addressed to it. */
    boolean deliveredTo(NetworkTracer.Walk walk, String to) {
        Instance destination = instance(to);
        return walk.deliveries().size() == 1
                && walk.deliveries().get(0).host().equals(destination.host())
                && walk.deliveries().get(0).port() == destination.port()
                && walk.deliveries().get(0).packet().get(io.appnet.compiler.flow.MatchField.ETH_DST)
                == destination.mac().bits();
    }
}
