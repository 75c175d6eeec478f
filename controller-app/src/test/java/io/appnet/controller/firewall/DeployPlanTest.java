package io.appnet.controller.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.flow.FlowText;
import io.appnet.controller.programmer.FlowTranslator;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import io.appnet.openflow.message.FlowStats;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Make before break: adds and modifies first, then only the deletes no add replaces; foreign rules stay. */
class DeployPlanTest {
    private static final String CLASSIFY_WEB =
            "cookie=0xab00000000000000, priority=100,ip,in_port=2,nw_src=10.255.1.10 actions=write_metadata:0x2,goto_table:1";
    private static final String CLASSIFY_API =
            "cookie=0xab00000000000000, priority=100,ip,in_port=2,nw_src=10.255.1.11 actions=write_metadata:0x3,goto_table:1";
    private static final String WEB_TO_DB =
            "cookie=0xab00000000000001, table=1, priority=100,tcp,metadata=0x2,nw_dst=10.255.2.10,tp_dst=5432 actions=output:1";
    private static final String WEB_TO_DB_AS_POLICY_4 =
            "cookie=0xab00000000000004, table=1, priority=100,tcp,metadata=0x2,nw_dst=10.255.2.10,tp_dst=5432 actions=output:1";
    private static final String FOREIGN = "cookie=0x1, priority=5,arp actions=output:1";

    private static FlowMod add(String text) {
        return FlowTranslator.add(FlowText.parseAll(text).get(0));
    }

    private static FlowStats installed(String text) {
        FlowMod add = add(text);
        return new FlowStats(add.tableId(), 5, 0, add.priority(), 0, 0, Set.of(), add.cookie(), 0, 0, add.match(),
                add.instructions());
    }

    @Test
    void addsComeFirstAndOnlyRulesNoLongerNeededAreDeletedAfter() {
        DeployPlan plan = DeployPlan.between(List.of(add(CLASSIFY_API), add(WEB_TO_DB_AS_POLICY_4)),
                List.of(installed(CLASSIFY_WEB), installed(WEB_TO_DB), installed(FOREIGN)));

        assertThat(plan.make()).extracting(FlowMod::command).containsOnly(FlowModCommand.ADD);
        assertThat(plan.make()).containsExactlyInAnyOrder(add(CLASSIFY_API), add(WEB_TO_DB_AS_POLICY_4));
        // web -> db changes cookie: the ADD replaces it in place, so no delete of it follows (no window)
        assertThat(plan.breaks()).hasSize(1);
        assertThat(plan.breaks().get(0).command()).isEqualTo(FlowModCommand.DELETE_STRICT);
        assertThat(plan.breaks().get(0).match()).isEqualTo(add(CLASSIFY_WEB).match());
        assertThat(plan.foreign()).hasSize(1);
        assertThat(plan.summary()).isEqualTo("+2 -1 rules");
    }

    @Test
    void aDeviceThatHasTheRulesNeedsNothing() {
        DeployPlan plan = DeployPlan.between(List.of(add(CLASSIFY_WEB), add(WEB_TO_DB)),
                List.of(installed(WEB_TO_DB), installed(CLASSIFY_WEB)));
        assertThat(plan.isEmpty()).isTrue();
    }
}
