package io.appnet.compiler.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.CompiledNetwork;
import io.appnet.compiler.FlowCompiler;
import io.appnet.compiler.Update;
import io.appnet.compiler.flow.Cookie;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.Host;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the pipeline grows, and what its cookies say. */
class PipelineShapeTest {

    private final FlowCompiler compiler = FlowCompiler.ovsHosts();
    private static final HostId A = HostId.of("a");
    private static final HostId B = HostId.of("b");

    private static Network twoHosts(int apps) {
        List<Change> changes = new ArrayList<>();
        for (int app = 0; app < apps; app++) {
            changes.add(Change.registerApp("app-" + app));
        }
        changes.add(Change.putHost(Host.of("a", "192.168.0.1", "10.255.1.0/24", 1)));
        changes.add(Change.putHost(Host.of("b", "192.168.0.2", "10.255.2.0/24", 1)));
        return Network.empty().applyAll(changes);
    }

    private static Change instance(String host, int subnet, int slot, int app) {
        return Change.addInstance(host + "-" + slot, "app-" + app, host, slot, "10.255." + subnet + "." + slot,
                String.format("02:00:00:00:%02x:%02x", subnet, slot));
    }

    @Test
    void remoteInstancesCostNothingOnOtherHosts() {
        CompiledNetwork compiled = compiler.compile(twoHosts(60).apply(instance("a", 1, 2, 0)));
        int flowsOnA = compiled.tablesOf(A).size();

        for (int slot = 2; slot < 52; slot++) {
            Update update = compiler.update(compiled, instance("b", 2, slot, slot));
            assertThat(update.deltas().keySet()).containsExactly(B);
            compiled = update.compiled();
        }

        assertThat(compiled.tablesOf(A).size()).isEqualTo(flowsOnA);
    }

    @Test
    void aGroupToGroupPolicyGrowsWithTheSumOfItsGroupsNotTheirProduct() {
        Network network = twoHosts(80);
        Set<String> sources = new HashSet<>();
        Set<String> destinations = new HashSet<>();
        for (int app = 0; app < 40; app++) {
            sources.add("app-" + app);
            destinations.add("app-" + (40 + app));
            network = network.apply(instance("a", 1, 2 + app, 40 + app));
        }
        network = network.applyAll(List.of(Change.putGroup("clients", sources), Change.putGroup("servers", destinations),
                Change.addGroupPolicy(7, "clients", "servers", Protocol.TCP, PortRange.of(8000, 8003))));

        List<FlowEntry> policyFlows = compiler.compile(network).tablesOf(A).flows().stream()
                .filter(flow -> flow.table() == Tables.POLICY && flow.priority() == 200).toList();

        // 40 source clauses + 40 destination clauses + 1 port block (8000-8003) + the conj_id flow, not 40 x 40.
        assertThat(policyFlows).hasSize(40 + 40 + 1 + 1);
    }

    @Test
    void cookiesNameTheOwnerOfEveryFlowAndEveryDropReasonHasItsFlow() {
        Network network = twoHosts(2).applyAll(List.of(instance("a", 1, 2, 0), instance("a", 1, 3, 1),
                Change.addPolicy(42, "app-0", "app-1", Protocol.TCP, PortRange.of(80, 81))));
        List<FlowEntry> flows = new ArrayList<>(compiler.compile(network).tablesOf(A).flows());

        assertThat(flows).filteredOn(flow -> flow.cookie().equals(Cookie.of(Cookie.Kind.POLICY, 42)))
                .singleElement().satisfies(flow -> assertThat(flow.match().toString())
                        .isEqualTo("tcp,reg5=0x1,reg6=0x2,reg7=0x50/0xfffe"));
        assertThat(flows).filteredOn(flow -> flow.cookie().equals(Cookie.of(Cookie.Kind.INSTANCE, 3))).hasSize(4);
        assertThat(flows).filteredOn(flow -> flow.cookie().kind() == Cookie.Kind.PEER_HOST).hasSize(2);
        assertThat(flows).allMatch(flow -> flow.cookie().kind() != null);
        Set<DropReason> reasons = EnumSet.noneOf(DropReason.class);
        flows.stream().filter(flow -> flow.instructions().isDrop()).forEach(flow -> {
            assertThat(flow.cookie().kind()).isEqualTo(Cookie.Kind.DROP);
            reasons.add(DropReason.of(flow.cookie()));
        });
        // Unsolicited packets only come in on a gateway's uplink (GatewayPipelineTest).
        Set<DropReason> onHosts = EnumSet.allOf(DropReason.class);
        onHosts.remove(DropReason.UNSOLICITED);
        assertThat(reasons).isEqualTo(onHosts);
    }

    @Test
    void aPolicyChangeTouchesOnlyTheHostsOfItsDestinationApp() {
        Network network = twoHosts(3).applyAll(List.of(instance("a", 1, 2, 0), instance("b", 2, 2, 1)));
        CompiledNetwork compiled = compiler.compile(network);

        Update toB = compiler.update(compiled, Change.addPolicy(1, "app-0", "app-1", Protocol.UDP, PortRange.single(53)));
        Update toNowhere = compiler.update(compiled, Change.addPolicy(2, "app-0", "app-2", Protocol.ALL,
                PortRange.any()));

        assertThat(toB.deltas().keySet()).containsExactly(B);
        assertThat(toB.flowModCount()).isEqualTo(1);
        assertThat(toNowhere.deltas()).isEmpty();
    }
}
