package io.appnet.controller.programmer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.controller.switches.SwitchService;
import org.junit.jupiter.api.Test;

/** Without connected switches: the desired tables follow the model, a refused change alters nothing. */
class NetworkProgrammerTest {
    private static final SwitchService NO_SWITCHES = new NoSwitches();

    private static Network network() {
        Network network = Network.empty().apply(Change.registerApp("web")).apply(Change.registerApp("db"));
        for (int h = 1; h <= 2; h++) {
            network = network.apply(Change.putHost(Host.of("h" + h, "192.168.0." + h, "10.255." + h + ".0/24", 1)));
        }
        return network.apply(Change.addInstance("web-1", "web", "h1", 2, "10.255.1.2", "02:00:0a:ff:01:02"))
                .apply(Change.addInstance("db-1", "db", "h2", 2, "10.255.2.2", "02:00:0a:ff:02:02"));
    }

    @Test
    void desiredTablesFollowChangesForOfflineSwitches() {
        NetworkProgrammer programmer = new NetworkProgrammer(FlowCompiler.ovsHosts(), NO_SWITCHES, network());
        assertThat(programmer.bind(HostId.of("h1"), 1).join()).isNull();
        assertThat(programmer.bind(HostId.of("h2"), 2).join()).isNull();

        programmer.apply(Change.addPolicy(1, "web", "db", Protocol.TCP, PortRange.single(5432))).join();

        for (String host : new String[] {"h1", "h2"}) {
            assertThat(programmer.programmer(HostId.of(host)).orElseThrow().desired())
                    .isEqualTo(programmer.compiled().tablesOf(HostId.of(host)).sortedFlows());
        }
        assertThat(programmer.programmer(HostId.of("h2")).orElseThrow().desired())
                .anyMatch(flow -> flow.toString().contains("tcp,reg5=0x1,reg6=0x2,reg7=0x1538"));
    }

    @Test
    void aRefusedChangeChangesNothing() {
        NetworkProgrammer programmer = new NetworkProgrammer(FlowCompiler.ovsHosts(), NO_SWITCHES, network());
        programmer.bind(HostId.of("h1"), 1).join();
        var before = programmer.compiled();

        assertThatThrownBy(() -> programmer.apply(Change.addPolicy(1, "web", "nobody", Protocol.TCP,
                PortRange.single(80)))).isInstanceOf(ModelException.class);
        assertThat(programmer.compiled()).isSameAs(before);
    }
}
