package io.appnet.controller.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.flow.FlowText;
import io.appnet.compiler.model.PolicyId;
import io.appnet.compiler.pipeline.DropReason;
import io.appnet.controller.programmer.FlowTranslator;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowStats;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Counters are summed by the owner a flow's cookie names, across flows and switches; foreign flows count nowhere. */
class CountersTest {

    private static FlowStats flow(String text, long packets, long bytes) {
        FlowMod add = FlowTranslator.add(FlowText.parse(text));
        return new FlowStats(add.tableId(), 1, 0, add.priority(), 0, 0, Set.of(), add.cookie(), packets, bytes,
                add.match(), add.instructions());
    }

    @Test
    void policiesAndDropReasonsAreSummedOverFlowsAndSwitches() {
        List<FlowStats> h1 = List.of(
                flow("cookie=0xa400000000000007, table=51, priority=100,tcp,reg5=0x1,reg6=0x2,reg7=0x50 actions=goto_table:52",
                        10, 1000),
                flow("cookie=0xa400000000000007, table=51, priority=100,tcp,reg5=0x1,reg6=0x2,reg7=0x51 actions=goto_table:52",
                        5, 500),
                flow("cookie=0xa100000000000006, table=51, priority=1,ct_state=+new+trk,ip actions=drop", 3, 180),
                flow("cookie=0x1, table=0, priority=1,udp,tp_dst=9999 actions=drop", 99, 9900));
        List<FlowStats> h2 = List.of(
                flow("cookie=0xa400000000000007, table=51, priority=100,tcp,reg5=0x1,reg6=0x2,reg7=0x50 actions=goto_table:52",
                        1, 100));

        Counters counters = Counters.none().plus(h1).plus(h2);

        assertThat(counters.policy(PolicyId.of(7))).isEqualTo(new Counters.Count(16, 1600));
        assertThat(counters.policy(PolicyId.of(8))).isEqualTo(new Counters.Count(0, 0));
        assertThat(counters.drops(DropReason.NO_POLICY)).isEqualTo(new Counters.Count(3, 180));
        assertThat(counters.policies()).containsOnlyKeys(PolicyId.of(7));
        assertThat(counters.drops()).containsOnlyKeys(DropReason.NO_POLICY);
    }

    @Test
    void egressPoliciesAreCountedByTheirDecisionFlowsAndTheirClausesAndGatewayDropsAreReasons() {
        List<FlowStats> host = List.of(
                flow("cookie=0xa700000000000009, table=32, priority=100,conj_id=9,ip actions=goto_table:33", 4, 400),
                flow("cookie=0xa800000000000001, table=32, priority=100,reg0=0x1 actions=conjunction(9,1/2)", 50, 5000),
                flow("cookie=0xa100000000000009, table=33, priority=1,ip actions=drop", 2, 120),
                flow("cookie=0xa10000000000000a, table=71, priority=1,ip actions=drop", 1, 60));
        List<FlowStats> gateway = List.of(
                flow("cookie=0xa700000000000009, table=73, priority=100,conj_id=9,ip actions=goto_table:74", 4, 400));

        Counters counters = Counters.none().plus(host).plus(gateway);

        assertThat(counters.policy(PolicyId.of(9))).as("the decision flows only, on the host and the gateway")
                .isEqualTo(new Counters.Count(8, 800));
        assertThat(counters.policies()).containsOnlyKeys(PolicyId.of(9));
        assertThat(counters.drops(DropReason.NO_GATEWAY)).isEqualTo(new Counters.Count(2, 120));
        assertThat(counters.drops(DropReason.UNSOLICITED)).isEqualTo(new Counters.Count(1, 60));
    }
}
