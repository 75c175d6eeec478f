package io.appnet.controller.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.EgressSettings;
import io.appnet.compiler.model.Gateway;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A trace from an app to an external address goes through its host and a gateway, or says where it drops. */
class EgressTraceTest {
    private static final Ipv4Address DB = Ipv4Address.parse("192.0.2.10");
    private final CompiledNetwork compiled = FlowCompiler.ovsHosts().compile(Network.empty().applyAll(List.of(
            Change.configureEgress(EgressSettings.of("10.255.0.0/16", List.of("203.0.113.0/30"), "shared")),
            Change.registerApp("a"), Change.registerApp("b"),
            Change.putHost(Host.of("h1", "192.168.0.1", "10.255.1.0/24", 1)),
            Change.putHost(Host.of("gw1", "192.168.0.9", "10.255.9.0/24", 1)),
            Change.putGateway(Gateway.of("gw1", 2, "02:00:00:00:09:02", "198.51.100.1", "02:00:00:00:09:ff", true)),
            Change.addInstance("h1/a", "a", "h1", 2, "10.255.1.10", "02:00:00:00:01:0a"),
            Change.addInstance("h1/b", "b", "h1", 3, "10.255.1.11", "02:00:00:00:01:0b"),
            Change.putDestination("d1", "db", List.of(DestinationRule.tcp(List.of(IpRange.single(DB)),
                    List.of(PortRange.single(5432))))),
            Change.addEgressPolicy(1, "a", "d1"))));

    @Test
    void anAppWithAnEgressPolicyReachesTheExternalAddressThroughTheGatewaysUplink() {
        TraceReport report = PolicyTracer.trace(compiled, "a", DB, Protocol.TCP, 5432);

        assertThat(report.delivered()).isTrue();
        assertThat(report.verdict()).isEqualTo("delivered to external 192.0.2.10 out of gateway gw1's uplink (port 2),"
                + " destination 'db'");
        assertThat(report.hops()).contains("== host h1", "== host gw1");
    }

    @Test
    void anAppWithoutOneOrAnotherPortIsDroppedOnItsSourceHost() {
        TraceReport other = PolicyTracer.trace(compiled, "b", DB, Protocol.TCP, 5432);
        assertThat(other.delivered()).isFalse();
        assertThat(other.verdict()).startsWith("dropped: ");
        assertThat(other.hops()).doesNotContain("== host gw1");
        assertThat(PolicyTracer.trace(compiled, "a", DB, Protocol.TCP, 5433).delivered()).isFalse();
    }
}
