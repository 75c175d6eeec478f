package io.appnet.controller.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Traces answer what the policy says, across hosts, naming where the packet ends up or why it is dropped. */
class PolicyTracerTest {
    private final CompiledNetwork compiled = FlowCompiler.ovsHosts().compile(Network.empty().applyAll(List.of(
            Change.registerApp("web"), Change.registerApp("api"), Change.registerApp("idle"),
            Change.putHost(Host.of("h1", "192.168.0.1", "10.255.1.0/24", 1)),
            Change.putHost(Host.of("h2", "192.168.0.2", "10.255.2.0/24", 1)),
            Change.addInstance("h1/web", "web", "h1", 2, "10.255.1.10", "02:00:00:00:01:0a"),
            Change.addInstance("h2/api", "api", "h2", 2, "10.255.2.10", "02:00:00:00:02:0a"),
            Change.addPolicy(1, "web", "api", Protocol.TCP, PortRange.single(8080)))));
    private static final Ipv4Address API = Ipv4Address.parse("10.255.2.10");

    @Test
    void anAllowedConnectionIsDeliveredAcrossHosts() {
        TraceReport report = PolicyTracer.trace(compiled, "web", API, Protocol.TCP, 8080);
        assertThat(report.delivered()).isTrue();
        assertThat(report.verdict()).isEqualTo("delivered to instance h2/api on host h2 port 2");
        assertThat(report.hops()).contains("== host h1", "== host h2");
        assertThat(report.render()).startsWith("from instance h1/web (10.255.1.10, app web = 1) to 10.255.2.10 tcp/8080");
    }

    @Test
    void anythingElseIsDroppedWithAReason() {
        TraceReport otherPort = PolicyTracer.trace(compiled, "web", API, Protocol.TCP, 8081);
        assertThat(otherPort.delivered()).isFalse();
        assertThat(otherPort.verdict()).startsWith("dropped: ");
        assertThat(PolicyTracer.trace(compiled, "api", Ipv4Address.parse("10.255.1.10"), Protocol.TCP, 8080)
                .delivered()).as("the reverse direction").isFalse();
        assertThat(PolicyTracer.trace(compiled, "web", API, Protocol.ICMP, 0).delivered()).isFalse();
    }

    @Test
    void aSourceThatCannotSendIsAClearError() {
        assertThatThrownBy(() -> PolicyTracer.trace(compiled, "nobody", API, Protocol.TCP, 80))
                .hasMessage("unknown app 'nobody'");
        assertThatThrownBy(() -> PolicyTracer.trace(compiled, "idle", API, Protocol.TCP, 80))
                .hasMessage("app 'idle' has no instance to send from");
        assertThatThrownBy(() -> PolicyTracer.trace(compiled, "web", API, Protocol.TCP, 70000))
                .hasMessage("port 70000 is outside 1-65535");
    }
}
