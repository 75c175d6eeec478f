package io.appnet.controller.programmer;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.DatapathDelta;
import io.appnet.compiler.flow.FlowEntry;
import io.appnet.compiler.flow.FlowText;
import io.appnet.compiler.model.HostId;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowStats;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An audit's read was diffed against the desired tables of its place in the message stream; deltas sent after
 * it have rewritten some keys. The repair brings each drifted key to what is desired now, and so never undoes
 * a delta.
 */
class DriftRepairTest {
    private static final FlowEntry KEPT = flow("cookie=0xa100000000000001, table=51, priority=100,reg5=0x1 actions=drop");
    private static final FlowEntry MODIFIED = flow(
            "cookie=0xa100000000000002, table=51, priority=100,reg5=0x2 actions=goto_table:52");
    private static final FlowEntry MODIFIED_NOW = flow(
            "cookie=0xa100000000000002, table=51, priority=100,reg5=0x2 actions=drop");
    private static final FlowEntry DELETED = flow(
            "cookie=0xa100000000000003, table=51, priority=100,reg5=0x3 actions=goto_table:52");
    private static final FlowEntry STALE = flow("cookie=0xa400000000000009, table=51, priority=100,reg5=0x9 actions=drop");
    private static final List<FlowEntry> DESIRED_AT_READ = List.of(KEPT, MODIFIED, DELETED);

    @Test
    void withNoDeltaSinceTheReadTheDriftIsSentAsFound() {
        List<FlowMod> drift = drift(List.of(onSwitch(MODIFIED), changedByHand(DELETED), onSwitch(STALE)));

        assertThat(DriftRepair.repairs(drift, List.of())).isEqualTo(drift);
    }

    @Test
    void aDriftedKeyNoDeltaTouchedIsRepairedAndRewrittenKeysGetWhatIsDesiredNow() {
        // read: KEPT deleted by hand, MODIFIED and DELETED changed by hand, a stale flow of ours left over
        List<FlowMod> drift = drift(List.of(changedByHand(MODIFIED), changedByHand(DELETED), onSwitch(STALE)));
        DatapathDelta later = delta(io.appnet.compiler.FlowMod.modify(MODIFIED, MODIFIED_NOW),
                io.appnet.compiler.FlowMod.delete(DELETED));

        List<FlowMod> repairs = DriftRepair.repairs(drift, List.of(later));

        assertThat(repairs).containsExactly(
                FlowMod.deleteStrict(51, 100, FlowTranslator.match(STALE.match()))
                        .withCookie(STALE.cookie().value(), FlowTranslator.FULL_COOKIE_MASK),
                FlowTranslator.add(KEPT),
                FlowTranslator.add(MODIFIED_NOW)); // not the value desired at the read; DELETED stays deleted
    }

    @Test
    void aKeyDeletedLaterLosesOnlyTheFlowsTheAuditRead() {
        FlowEntry otherCookie = new FlowEntry(DELETED.key(), DELETED.instructions(), KEPT.cookie());
        List<FlowMod> drift = drift(List.of(onSwitch(KEPT), onSwitch(MODIFIED), onSwitch(otherCookie)));

        List<FlowMod> repairs = DriftRepair.repairs(drift, List.of(delta(io.appnet.compiler.FlowMod.delete(DELETED))));

        assertThat(repairs).containsExactly(FlowMod.deleteStrict(51, 100, FlowTranslator.match(DELETED.match()))
                .withCookie(KEPT.cookie().value(), FlowTranslator.FULL_COOKIE_MASK));
    }

    @Test
    void theLastOfSeveralDeltasDecides() {
        List<FlowMod> drift = drift(List.of(onSwitch(KEPT), onSwitch(MODIFIED)));

        List<FlowMod> repairs = DriftRepair.repairs(drift, List.of(delta(io.appnet.compiler.FlowMod.delete(DELETED)),
                delta(io.appnet.compiler.FlowMod.add(DELETED))));

        assertThat(repairs).containsExactly(FlowTranslator.add(DELETED));
    }

    private static List<FlowMod> drift(List<FlowStats> read) {
        return FlowDiff.between(DESIRED_AT_READ.stream().map(FlowTranslator::add).toList(), read).mods();
    }

    private static DatapathDelta delta(io.appnet.compiler.FlowMod... mods) {
        return new DatapathDelta(HostId.of("h1"), List.of(mods), 0, 0);
    }

    private static FlowEntry flow(String text) {
        return FlowText.parse(text);
    }

    private static FlowStats onSwitch(FlowEntry flow) {
        FlowMod add = FlowTranslator.add(flow);
        return new FlowStats(add.tableId(), 5, 0, add.priority(), 0, 0, Set.of(), add.cookie(), 0, 0, add.match(),
                add.instructions());
    }

    /** The flow with its instructions replaced by hand. */
    private static FlowStats changedByHand(FlowEntry flow) {
        return onSwitch(new FlowEntry(flow.key(), STALE.instructions(), flow.cookie()));
    }
}
