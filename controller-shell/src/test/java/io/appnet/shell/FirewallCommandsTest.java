package io.appnet.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.Network;
import io.appnet.controller.firewall.FirewallDevices;
import io.appnet.controller.firewall.FirewallException;
import io.appnet.controller.firewall.FirewallService;
import io.appnet.controller.model.NetworkModel;
import io.appnet.controller.model.SubnetPool;
import io.appnet.controller.policy.PolicyIds;
import io.appnet.controller.policy.PolicyService;
import io.appnet.controller.policy.PolicySpec;
import io.appnet.controller.programmer.NetworkProgrammer;
import io.appnet.controller.store.InMemoryStore;
import io.appnet.controller.store.StoreWrite;
import io.appnet.controller.store.StoredState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The firewall verbs: what they print, and refusals that change nothing. */
class FirewallCommandsTest {
    private final NetworkProgrammer programmer = new NetworkProgrammer(PolicyCommandsTest.NONE, Duration.ZERO, false);
    private final InMemoryStore store = new InMemoryStore();
    private final NetworkModel model = new NetworkModel(FlowCompiler.ovsHosts(), Network.empty(), SubnetPool.defaults(),
            store, programmer);
    private final FirewallService firewalls = new FirewallService(model, StoredState.empty(), new FirewallDevices(),
            programmer::hostOf);

    @AfterEach
    void close() {
        programmer.close();
    }

    private String add(String name, String datapath, String mode, List<String> guards) {
        FirewallAdd add = new FirewallAdd();
        add.firewalls = firewalls;
        add.name = name;
        add.datapathId = datapath;
        add.protectedPort = 1;
        add.platformPort = 2;
        add.guards = guards;
        add.mode = mode;
        return add.run();
    }

    private String export(String name, String format) {
        FirewallExport export = new FirewallExport();
        export.firewalls = firewalls;
        export.name = name;
        export.format = format;
        return export.run();
    }

    @Test
    void aFirewallIsAddedListedExportedAndRemoved() {
        model.apply(List.of(Change.putHost(Host.of("h1", "192.168.0.1", "10.255.1.0/24", 1)),
                Change.addInstance("h1/web", "web", "h1", 2, "10.255.1.10", "02:00:00:00:01:0a"),
                Change.addInstance("h1/db", "db", "h1", 3, "10.255.1.20", "02:00:00:00:01:14")), StoreWrite.none());
        new PolicyService(model, new PolicyIds(model.network()))
                .create(List.of(PolicySpec.parse("web", "db", "tcp", 5432, 5432, false))).join();

        assertThat(add("fw1", "f1", "instance-ip", List.of("app:db")))
                .isEqualTo("firewall fw1 registered: datapath 00000000000000f1, instance-ip, guards app:db,"
                        + " deploy auto");
        FirewallList list = new FirewallList();
        list.firewalls = firewalls;
        assertThat(list.run()).contains("fw1", "00000000000000f1", "2 -> 1", "instance-ip", "app:db", "device's",
                "auto", "never connected");

        assertThat(export("fw1", "ofctl")).contains("nw_src=10.255.1.10 actions=write_metadata:", "tp_dst=5432")
                .doesNotContain("reg", "ct_", "resubmit");
        assertThat(export("fw1", "json")).startsWith("{\"firewall\":\"fw1\"");
        assertThatThrownBy(() -> export("fw1", "yaml")).isInstanceOf(FirewallException.class)
                .hasMessage("format: 'yaml' must be ofctl or json");

        FirewallRemove remove = new FirewallRemove();
        remove.firewalls = firewalls;
        remove.name = "fw1";
        assertThat(remove.run()).startsWith("firewall fw1 removed");
        assertThat(store.load().firewalls()).isEmpty();
        assertThatThrownBy(remove::run).isInstanceOf(FirewallException.class)
                .hasMessage("firewall 'fw1' is not registered");
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndNothingIsStored() {
        assertThatThrownBy(() -> add("fw1", "xyz", "instance-ip", List.of("app:db")))
                .hasMessage("datapath_id: 'xyz' is not 1-16 hex digits");
        assertThatThrownBy(() -> add("fw1", "f1", "gbp", List.of("app:db")))
                .hasMessage("identity.mode: 'gbp'; must be nat, instance-ip or vxlan");
        assertThatThrownBy(() -> add("fw1", "f1", "instance-ip", List.of("host:h1")))
                .hasMessage("guards: 'host:h1' must be app:GUID or destination:ID");
        assertThatThrownBy(() -> add("fw1", "f1", "vxlan", List.of("app:db")))
                .hasMessage("identity.tunnel_ports: a vxlan firewall needs a tunnel port per host");
        assertThatThrownBy(() -> add("fw1", "f1", "instance-ip", List.of("destination:nope")))
                .hasMessage("guards: destination 'nope' is not known");
        FirewallAdd badDeploy = new FirewallAdd();
        badDeploy.firewalls = firewalls;
        badDeploy.name = "fw1";
        badDeploy.datapathId = "f1";
        badDeploy.protectedPort = 1;
        badDeploy.platformPort = 2;
        badDeploy.guards = List.of("app:db");
        badDeploy.mode = "instance-ip";
        badDeploy.deploy = "bundle";
        assertThatThrownBy(badDeploy::run).hasMessage("deploy: 'bundle' must be auto or make-before-break");
        assertThat(store.load().firewalls()).isEmpty();
        assertThat(firewalls.firewalls()).isEmpty();
    }
}
