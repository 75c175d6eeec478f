package io.appnet.compiler.firewall;

import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.MacAddress;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.compiler.trace.Interpreter;
import io.appnet.compiler.trace.Packet;
import io.appnet.compiler.trace.TraceResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Two hosts; apps web (2 instances), api, db (guarded) and batch (no policy); an external destination "ledger"
 * (10.200.0.0/28, tcp 443 and 8000-8099). Policies: web -> db tcp/5432 (1), api -> db tcp/8000-8099 (2),
 * web -> db icmp (3), web -> ledger (egress 10), api -> ledger (egress 11).
 */
final class FirewallScenario {

    static final long PROTECTED = 1;
    static final long PLATFORM = 2;
    static final long TUNNEL_H1 = 11;
    static final long TUNNEL_H2 = 12;
    static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");

    private FirewallScenario() {
    }

    static Network network() {
        Network network = Network.empty();
        for (String app : List.of("web", "api", "db", "batch")) {
            network = network.apply(Change.registerApp(app));
        }
        network = network.apply(Change.putHost(Host.of("h1", "192.168.0.1", "10.255.1.0/24", 1)))
                .apply(Change.putHost(Host.of("h2", "192.168.0.2", "10.255.2.0/24", 1)))
                .apply(Change.addInstance("web-1", "web", "h1", 2, "10.255.1.2", "02:00:00:00:01:02"))
                .apply(Change.addInstance("web-2", "web", "h2", 2, "10.255.2.2", "02:00:00:00:02:02"))
                .apply(Change.addInstance("api-1", "api", "h1", 3, "10.255.1.3", "02:00:00:00:01:03"))
                .apply(Change.addInstance("db-1", "db", "h2", 3, "10.255.2.3", "02:00:00:00:02:03"))
                .apply(Change.addInstance("batch-1", "batch", "h2", 4, "10.255.2.4", "02:00:00:00:02:04"))
                .apply(Change.addPolicy(1, "web", "db", Protocol.TCP, PortRange.single(5432)))
                .apply(Change.addPolicy(2, "api", "db", Protocol.TCP, PortRange.of(8000, 8099)))
                .apply(Change.addPolicy(3, "web", "db", Protocol.ICMP, PortRange.any()))
                .apply(Change.configureEgress(EgressSettings.of("10.255.0.0/16", List.of("198.18.0.0/24"), "shared")))
                .apply(Change.putDestination("ledger", "ledger", List.of(DestinationRule.tcp(
                        List.of(IpRange.parse("10.200.0.0/28")),
                        List.of(PortRange.single(443), PortRange.of(8000, 8099))))))
                .apply(Change.addEgressPolicy(10, "web", "ledger"))
                .apply(Change.addEgressPolicy(11, "api", "ledger"));
        return network;
    }

    static Identity.Nat nat() {
        return new Identity.Nat(new TreeMap<>(Map.of("web", Ipv4Address.parse("198.18.0.10"),
                "api", Ipv4Address.parse("198.18.0.11"), "batch", Ipv4Address.parse("198.18.0.12"))));
    }

    static Identity.Vxlan vxlan() {
        return new Identity.Vxlan(new TreeMap<>(Map.of(HostId.of("h1"), TUNNEL_H1, HostId.of("h2"), TUNNEL_H2)));
    }

    static Firewall guarding(Identity identity, Guard... guards) {
        return new Firewall("fw1", 0xf1, PROTECTED, PLATFORM, List.of(guards), identity, Optional.empty());
    }

    static Capabilities tables(int count, long maxEntries) {
        TableFeatures[] tables = new TableFeatures[count];
        for (int i = 0; i < count; i++) {
            tables[i] = TableFeatures.everything(i, maxEntries);
        }
        return Capabilities.of(tables);
    }

    static FirewallRules rules(Network network, Firewall firewall, Capabilities capabilities) {
        FirewallResult result = FirewallCompiler.compile(network, firewall, capabilities);
        if (result instanceof Refusal refusal) {
            throw new AssertionError(refusal.render());
        }
        return (FirewallRules) result;
    }

    /** A TCP segment from {@code source} arriving on the platform side (for vxlan: on a tunnel, VNI = app). */
    static Packet tcpIn(Identity identity, int app, String source, String destination, int port) {
        Packet packet = Packet.tcp(MAC, MAC, Ipv4Address.parse(source), Ipv4Address.parse(destination), 40000, port);
        return arrive(identity, app, packet);
    }

    static Packet arrive(Identity identity, int app, Packet packet) {
        return identity instanceof Identity.Vxlan ? packet.with(MatchField.TUN_ID, app).onPort(TUNNEL_H1)
                : packet.onPort(PLATFORM);
    }

    /** The reply of a service at {@code service}:{@code port} to {@code client}, leaving the protected side. */
    static Packet tcpReply(String service, int port, String client) {
        return Packet.tcp(MAC, MAC, Ipv4Address.parse(service), Ipv4Address.parse(client), port, 40000)
                .onPort(PROTECTED);
    }

    static TraceResult trace(FirewallRules rules, Packet packet) {
        return Interpreter.of(rules.flows()).trace(packet, io.appnet.compiler.trace.Conntrack.empty());
    }

    static boolean outputOn(TraceResult result, long port) {
        return result.outputs().stream().anyMatch(output -> output.port() == port);
    }
}
