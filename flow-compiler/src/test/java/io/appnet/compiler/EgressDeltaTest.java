package io.appnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.flow.Cookie;
import io.appnet.compiler.model.Change;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.HostId;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One egress policy change is programmed as a delta of its own flows: it reaches the hosts of its source apps and
 * the gateways carrying its destination, nothing else, and its size does not grow with the other egress policies
 * on those switches (issue 9's benchmark: the change's cost must not be the gateway's tables).
 */
class EgressDeltaTest {

    private static final Set<HostId> HOST_A_AND_GATEWAYS = Set.of(HostId.of("host-a"), HostId.of("gw-1"),
            HostId.of("gw-2"));
    private final FlowCompiler compiler = FlowCompiler.ovsHosts();

    @Test
    void addingAndRemovingAnEgressPolicyReachOnlyItsSourceHostsAndTheGatewaysWithItsOwnFlows() {
        CompiledNetwork compiled = compiler.compile(EgressScenario.network());

        Update added = compiler.update(compiled, Change.addEgressPolicy(4, "b", "db-id"));
        Update removed = compiler.update(added.compiled(), Change.removePolicy(4));

        for (Update update : List.of(added, removed)) {
            assertThat(update.deltas().keySet()).isEqualTo(HOST_A_AND_GATEWAYS);
            update.deltas().values().forEach(delta -> assertThat(delta.mods()).allSatisfy(mod -> assertThat(
                    mod.flow().cookie().kind()).isIn(Cookie.Kind.EGRESS_CLAUSE, Cookie.Kind.EGRESS_POLICY)));
        }
        assertThat(removed.compiled().datapaths()).isEqualTo(compiled.datapaths());
    }

    @Test
    void theDeltaOfOneEgressPolicyIsTheSameSizeWhateverElseTheGatewaysHold() {
        Network small = EgressScenario.network();
        Network big = small.applyAll(otherPolicies(100));
        CompiledNetwork smallCompiled = compiler.compile(small);
        CompiledNetwork bigCompiled = compiler.compile(big);
        assertThat(bigCompiled.tablesOf(HostId.of("gw-1")).size())
                .isGreaterThanOrEqualTo(smallCompiled.tablesOf(HostId.of("gw-1")).size() + 2 * 100);

        for (Change change : List.of(Change.addEgressPolicy(4, "b", "db-id"), Change.addEgressPolicy(4, "a", "ping-id"),
                Change.removePolicy(1))) {
            Map<HostId, Integer> onSmall = sizes(compiler.update(smallCompiled, change));
            Map<HostId, Integer> onBig = sizes(compiler.update(bigCompiled, change));
            assertThat(onBig).as("flow-mods per switch of %s", change).isEqualTo(onSmall);
        }
    }

    /** 100 more destinations, each with a policy of app c (which runs on host-b only). */
    private static List<Change> otherPolicies(int count) {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "other-" + i;
            changes.add(Change.putDestination(id, id, List.of(DestinationRule.tcp(
                    List.of(IpRange.parse("198.51.100." + (i + 1), "198.51.100." + (i + 1))),
                    List.of(PortRange.single(1000 + i))))));
            changes.add(Change.addEgressPolicy(100 + i, "c", id));
        }
        return changes;
    }

    private static Map<HostId, Integer> sizes(Update update) {
        Map<HostId, Integer> sizes = new java.util.TreeMap<>();
        update.deltas().forEach((host, delta) -> sizes.put(host, delta.mods().size()));
        return sizes;
    }
}
