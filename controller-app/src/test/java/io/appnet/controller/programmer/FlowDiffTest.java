package io.appnet.controller.programmer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.FlowText;
import io.appnet.openflow.action.Instructions;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModCommand;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.match.OxmEntry;
import io.appnet.openflow.match.OxmField;
import io.appnet.openflow.match.OxmTlv;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowDiffTest {
    private static final FlowEntry POLICY = FlowText.parse(
            "cookie=0xa400000000000001, table=51, priority=100,tcp,reg5=0x1,reg6=0x2,reg7=0x50 actions=goto_table:52");
    private static final FlowEntry DROP = FlowText.parse("cookie=0xa100000000000007, table=51, priority=0 actions=drop");

    /** The flow as the switch would report it in a flow-stats reply. */
    private static FlowStats onSwitch(FlowEntry flow) {
        FlowMod add = FlowTranslator.add(flow);
        return new FlowStats(add.tableId(), 5, 0, add.priority(), 0, 0, Set.of(), add.cookie(), 0, 0, add.match(),
                add.instructions());
    }

    private static FlowStats onSwitch(String text) {
        return onSwitch(FlowText.parse(text));
    }

    private static List<FlowMod> desired(FlowEntry... flows) {
        return java.util.Arrays.stream(flows).map(FlowTranslator::add).toList();
    }

    @Test
    void anEqualSwitchNeedsNothing() {
        FlowDiff diff = FlowDiff.between(desired(POLICY, DROP), List.of(onSwitch(DROP), onSwitch(POLICY)));
        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.foreign()).isEmpty();
    }

    @Test
    void theSwitchsOrderOfMatchFieldsAndAnEqualMatchEncodedOtherwiseStillPair() {
        FlowMod add = FlowTranslator.add(POLICY);
        List<OxmEntry> reversed = new ArrayList<>(add.match().entries());
        Collections.reverse(reversed);
        FlowStats reordered = new FlowStats(add.tableId(), 5, 0, add.priority(), 0, 0, Set.of(), add.cookie(), 0, 0,
                Match.of(reversed), add.instructions());
        assertThat(FlowDiff.between(List.of(add), List.of(reordered)).isEmpty()).isTrue();

        FlowMod exact = FlowTranslator.add(FlowText.parse(
                "cookie=0xa400000000000002, table=51, priority=100,reg5=0x1 actions=goto_table:52"));
        OxmTlv reg5 = exact.match().find(OxmField.REG5).orElseThrow();
        FlowStats fullMask = new FlowStats(exact.tableId(), 5, 0, exact.priority(), 0, 0, Set.of(), exact.cookie(), 0,
                0, Match.of(OxmTlv.masked(OxmField.REG5, reg5.value(), 0xffffffffL)), exact.instructions());
        assertThat(FlowDiff.between(List.of(exact), List.of(fullMask)).isEmpty())
                .as("an all-ones mask is the exact match, by text").isTrue();
    }

    @Test
    void missingFlowsAreAddedAndStaleAppnetFlowsDeletedStrictlyByTheirCookie() {
        FlowStats stale = onSwitch("cookie=0xa400000000000009, table=51, priority=100,reg5=0x9 actions=goto_table:52");
        FlowDiff diff = FlowDiff.between(desired(POLICY, DROP), List.of(onSwitch(DROP), stale));

        assertThat(diff.mods()).extracting(FlowMod::command)
                .containsExactly(FlowModCommand.DELETE_STRICT, FlowModCommand.ADD);
        assertThat(diff.mods().get(0).cookie()).isEqualTo(0xa400000000000009L);
        assertThat(diff.mods().get(0).cookieMask()).isEqualTo(-1L);
        assertThat(diff.mods().get(0).match().toOvsText()).isEqualTo("reg5=0x9");
        assertThat(FlowTranslatorTest.codecText(diff.mods().get(1))).isEqualTo(POLICY.toString());
    }

    @Test
    void changedInstructionsAreModifiedInPlaceAndAChangedCookieIsDeletedThenAdded() {
        FlowStats oldActions = onSwitch(
                "cookie=0xa400000000000001, table=51, priority=100,tcp,reg5=0x1,reg6=0x2,reg7=0x50 actions=drop");
        FlowStats oldCookie = onSwitch("cookie=0xa100000000000001, table=51, priority=0 actions=drop");
        FlowDiff diff = FlowDiff.between(desired(POLICY, DROP), List.of(oldActions, oldCookie));

        assertThat(diff.mods()).extracting(FlowMod::command).containsExactly(FlowModCommand.DELETE_STRICT,
                FlowModCommand.MODIFY_STRICT, FlowModCommand.ADD);
        assertThat(diff.mods().get(0).cookie()).isEqualTo(0xa100000000000001L);
        assertThat(Instructions.toOvsText(diff.mods().get(1).instructions())).isEqualTo("goto_table:52");
        assertThat(diff.mods().get(2).cookie()).isEqualTo(0xa100000000000007L);
    }

    @Test
    void foreignFlowsAreReportedAndNeverTouched() {
        FlowStats foreign = onSwitch("cookie=0x1, table=0, priority=7,udp,tp_dst=9999 actions=drop");
        FlowStats unmarked = onSwitch("table=0, priority=8,udp,tp_dst=9998 actions=drop");
        FlowDiff diff = FlowDiff.between(desired(DROP), List.of(onSwitch(DROP), foreign, unmarked));

        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.foreign()).containsExactly(foreign, unmarked);
    }

    @Test
    void desiredFlowsMustBeAdds() {
        assertThatThrownBy(() -> FlowDiff.between(List.of(FlowTranslator.deleteStrict(DROP)), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ADD");
    }
}
