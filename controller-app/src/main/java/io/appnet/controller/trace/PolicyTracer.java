package io.appnet.controller.trace;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.Gateway;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Protocol;
import io.appnet.compiler.pipeline.OvsHostPipeline;
import io.appnet.compiler.trace.NetworkTracer;
import io.appnet.compiler.trace.Packet;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * "Would app X reach this address on this protocol and port?", answered by the compiler's interpreter on the
 * compiled tables (no packet is sent): a hypothetical packet from the app's first instance (by name) to the
 * address, through its host's tables, across the tunnel, into the destination host's tables, or, for an address
 * outside the overlay, into a gateway's tables and out of its uplink (naming the destination that allowed it). Pure.
 */
public final class PolicyTracer {
    /** The source port the hypothetical connection uses. */
    static final int SOURCE_PORT = 40000;
    private static final int ECHO_REQUEST = 8;

    private PolicyTracer() {
    }

    /** The destination as an operator typed it; throws {@link IllegalArgumentException} saying what is wrong. */
    public static Ipv4Address destination(String text) {
        try {
            return Ipv4Address.parse(text);
        } catch (RuntimeException invalid) {
            throw new IllegalArgumentException("destination '" + text + "' is not an IPv4 address");
        }
    }

    /** Throws {@link IllegalArgumentException} for an unknown app, an app without instances, or a bad port. */
    public static TraceReport trace(CompiledNetwork compiled, String sourceGuid, Ipv4Address destination,
                                    Protocol protocol, int port) {
        AppId app = compiled.network().appId(sourceGuid)
                .orElseThrow(() -> new IllegalArgumentException("unknown app '" + sourceGuid + "'"));
        Instance from = compiled.network().topology().instances().values().stream()
                .filter(instance -> instance.app().equals(app)).min(Comparator.comparing(Instance::id))
                .orElseThrow(() -> new IllegalArgumentException("app '" + sourceGuid + "' has no instance to send from"));
        if (protocol.hasPorts() && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
        Packet packet = packet(from, destination, protocol, port).onPort(from.port());
        NetworkTracer.Walk walk = new NetworkTracer(compiled).trace(from.host(), packet, Map.of());
        Optional<Instance> to = compiled.network().topology().instanceAt(destination);
        String verdict;
        if (walk.delivered()) {
            NetworkTracer.Delivery delivery = walk.deliveries().get(0);
            Optional<Gateway> gateway = compiled.network().egress().gateways().values().stream()
                    .filter(g -> g.host().equals(delivery.host()) && g.uplinkPort() == delivery.port()).findFirst();
            verdict = gateway.isPresent() ? "delivered to external " + destination + " out of gateway "
                    + delivery.host() + "'s uplink (port " + delivery.port() + ")" + destinationName(compiled,
                    destination, protocol, port)
                    : "delivered to " + to.map(instance -> "instance " + instance.id()).orElse(destination.toString())
                    + " on host " + delivery.host() + " port " + delivery.port();
        } else {
            verdict = "dropped: " + walk.last().verdict();
        }
        String description = "from instance " + from.id() + " (" + from.ip() + ", app " + sourceGuid + " = "
                + app + ") to " + destination + " " + protocol + (protocol.hasPorts() ? "/" + port : "");
        return new TraceReport(walk.delivered(), verdict, description, walk.render());
    }

    /** ", destination 'db'": the destination whose rules cover the packet (an echo request for icmp). */
    private static String destinationName(CompiledNetwork compiled, Ipv4Address address, Protocol protocol, int port) {
        return compiled.network().egress().destinations().values().stream()
                .filter(d -> d.covers(protocol, address, port, ECHO_REQUEST, 0)).findFirst()
                .map(d -> ", destination '" + d.name() + "'").orElse("");
    }

    private static Packet packet(Instance from, Ipv4Address destination, Protocol protocol, int port) {
        var gateway = OvsHostPipeline.DEFAULT_GATEWAY_MAC;
        return switch (protocol) {
            case TCP -> Packet.tcp(from.mac(), gateway, from.ip(), destination, SOURCE_PORT, port);
            case UDP -> Packet.udp(from.mac(), gateway, from.ip(), destination, SOURCE_PORT, port);
            case ICMP, ALL -> Packet.icmpEcho(from.mac(), gateway, from.ip(), destination, true);
        };
    }
}
