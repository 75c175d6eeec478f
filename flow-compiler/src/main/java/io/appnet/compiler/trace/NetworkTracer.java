package io.appnet.compiler.trace;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Ipv4Address;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows a packet through the compiled tables of several hosts: what one host outputs on its tunnel
 * port arrives on the tunnel port of the host whose underlay IP is the tun_dst, with tun_src set to the
 * sender's underlay IP and the VNI (24 bits of tun_id) kept; what it outputs on another port is
 * delivered there. Conntrack state is kept per host.
 */
public final class NetworkTracer {

    private static final int MAX_HOPS = 16;

    private final CompiledNetwork compiled;
    private final Map<HostId, Interpreter> interpreters = new HashMap<>();

    public NetworkTracer(CompiledNetwork compiled) {
        this.compiled = compiled;
    }

    /** A packet leaving the bridge of a host on a non-tunnel port. */
    public record Delivery(HostId host, long port, Packet packet) {
    }

    /** One host's part of the walk. */
    public record Hop(HostId host, Packet packet, TraceResult result) {
    }

    /** Every hop, every delivery, and each host's conntrack afterwards. */
    public record Walk(List<Hop> hops, List<Delivery> deliveries, Map<HostId, Conntrack> conntracks) {

        public boolean delivered() {
            return !deliveries.isEmpty();
        }

        /** The last hop's result (where the packet was delivered or dropped). */
        public TraceResult last() {
            return hops.get(hops.size() - 1).result();
        }

        public String render() {
            StringBuilder text = new StringBuilder();
            for (Hop hop : hops) {
                text.append("== host ").append(hop.host()).append(": ").append(hop.packet()).append('\n')
                        .append(hop.result().render());
            }
            return text.toString();
        }
    }

    public Walk trace(HostId start, Packet packet, Map<HostId, Conntrack> conntracks) {
        Map<HostId, Conntrack> state = new HashMap<>(conntracks);
        List<Hop> hops = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        Deque<Hop> pending = new ArrayDeque<>();
        pending.add(new Hop(start, packet, null));
        while (!pending.isEmpty()) {
            if (hops.size() >= MAX_HOPS) {
                throw new IllegalStateException("packet still travelling after " + MAX_HOPS + " hosts");
            }
            Hop next = pending.removeFirst();
            Host host = compiled.network().topology().host(next.host())
                    .orElseThrow(() -> new IllegalArgumentException("unknown host '" + next.host() + "'"));
            TraceResult result = interpreter(host.id())
                    .trace(next.packet(), state.getOrDefault(host.id(), Conntrack.empty()));
            state.put(host.id(), result.conntrack());
            hops.add(new Hop(host.id(), next.packet(), result));
            for (TraceResult.Output output : result.outputs()) {
                if (output.port() != host.tunnelPort()) {
                    deliveries.add(new Delivery(host.id(), output.port(), output.packet().headersOnly()));
                    continue;
                }
                Ipv4Address tunnelDestination = Ipv4Address.of((int) output.packet().get(MatchField.TUN_DST));
                compiled.network().topology().hostAt(tunnelDestination).ifPresent(peer -> pending.add(new Hop(
                        peer.id(), output.packet().headersOnly().fromTunnel(peer.tunnelPort(), host.underlayIp(),
                                peer.underlayIp(), output.packet().get(MatchField.TUN_ID) & 0xFF_FFFF), null)));
            }
        }
        return new Walk(hops, deliveries, state);
    }

    private Interpreter interpreter(HostId host) {
        return interpreters.computeIfAbsent(host, id -> Interpreter.of(compiled.tablesOf(id)));
    }
}
