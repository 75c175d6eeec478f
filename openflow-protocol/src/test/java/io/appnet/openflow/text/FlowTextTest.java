package io.appnet.openflow.text;

import static io.appnet.openflow.action.Action.output;
import static io.appnet.openflow.action.Instruction.applyActions;
import static io.appnet.openflow.action.Instruction.gotoTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.action.Instruction;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModFlag;
import io.appnet.openflow.message.FlowStats;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link FlowText} against lines printed by ovs-ofctl 3.1 ({@code dump-flows} with OpenFlow 1.3 and 1.0, and
 * {@code --no-stats}) for the same flows. The flows are proven on a real bridge by controller-app's
 * {@code CodecOnRealOvsTest}.
 */
class FlowTextTest {
    private static final Match TCP_80 = Match.builder().tcp().tcpDst(80).build();

    private static FlowStats stats(long cookie, int table, int priority, int idle, int hard, Set<FlowModFlag> flags,
            Match match, List<Instruction> instructions) {
        return new FlowStats(table, 40, 753_000_000, priority, idle, hard, flags, cookie, 12, 3456, match,
                instructions);
    }

    @Test
    void everyFieldOvsPrintsInItsOrder() {
        FlowStats flow = stats(5, 1, 100, 10, 20, EnumSet.allOf(FlowModFlag.class), TCP_80,
                List.of(applyActions(output(1))));
        assertThat(FlowText.of(flow)).isEqualTo("cookie=0x5, table=1, idle_timeout=10, hard_timeout=20, "
                + "send_flow_rem check_overlap reset_counts no_packet_counts no_byte_counts "
                + "priority=100,tcp,tp_dst=80 actions=output:1");
    }

    @Test
    void defaultPriorityAndEmptyMatchLeaveNothingBeforeTheActions() {
        assertThat(FlowText.of(stats(0, 0, FlowMod.DEFAULT_PRIORITY, 0, 0, Set.of(), Match.ANY, List.of())))
                .isEqualTo("cookie=0x0, table=0, actions=drop");
        assertThat(FlowText.of(stats(0, 0, 0, 0, 0, Set.of(), Match.ANY, List.of())))
                .isEqualTo("cookie=0x0, table=0, priority=0 actions=drop");
        assertThat(FlowText.of(stats(0, 3, FlowMod.DEFAULT_PRIORITY, 0, 0, Set.of(),
                Match.builder().inPort(1).build(), List.of(gotoTable(4)))))
                .isEqualTo("cookie=0x0, table=3, in_port=1 actions=goto_table:4");
    }

    @Test
    void cookieIsUnsignedHex() {
        assertThat(FlowText.of(stats(-1L, 0, 1, 0, 0, Set.of(), Match.ANY, List.of())))
                .startsWith("cookie=0xffffffffffffffff, table=0, priority=1 ");
    }

    @Test
    void anAddRendersAsTheFlowItInstalls() {
        FlowMod add = FlowMod.add(1, 100, TCP_80, List.of(applyActions(output(1))))
                .withCookie(5).withTimeouts(10, 20).withFlags(FlowModFlag.CHECK_OVERLAP, FlowModFlag.SEND_FLOW_REM);
        FlowStats installed = stats(5, 1, 100, 10, 20, add.flags(), TCP_80, add.instructions());
        assertThat(FlowText.of(add)).isEqualTo(FlowText.of(installed)).isEqualTo("cookie=0x5, table=1, "
                + "idle_timeout=10, hard_timeout=20, send_flow_rem check_overlap priority=100,tcp,tp_dst=80 "
                + "actions=output:1");
    }

    @Test
    void otherCommandsAreNotAFlow() {
        assertThatThrownBy(() -> FlowText.of(FlowMod.delete(0, TCP_80)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DELETE");
        assertThatThrownBy(() -> FlowText.of(FlowMod.modify(0, TCP_80, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MODIFY");
    }

    @Test
    void normalizeDropsTheVolatileFieldsOfAnOpenFlow13Dump() {
        assertThat(FlowText.normalize(" cookie=0x5, duration=0.048s, table=1, n_packets=0, n_bytes=0, "
                + "idle_timeout=10, hard_timeout=20, send_flow_rem check_overlap reset_counts no_packet_counts "
                + "no_byte_counts priority=100,tcp,tp_dst=80 actions=output:1"))
                .isEqualTo("cookie=0x5, table=1, idle_timeout=10, hard_timeout=20, send_flow_rem check_overlap "
                        + "reset_counts no_packet_counts no_byte_counts priority=100,tcp,tp_dst=80 actions=output:1");
        assertThat(FlowText.normalize(" cookie=0x0, duration=40.753s, table=0, n_packets=0, n_bytes=0, actions=drop"))
                .isEqualTo("cookie=0x0, table=0, actions=drop");
        assertThat(FlowText.normalize(
                " cookie=0x0, duration=40.733s, table=0, n_packets=?, n_bytes=?, priority=0 actions=drop"))
                .isEqualTo("cookie=0x0, table=0, priority=0 actions=drop");
    }

    @Test
    void normalizeDropsTheAgesOfAnOpenFlow10Dump() {
        assertThat(FlowText.normalize(" cookie=0x0, duration=2.018s, table=1, n_packets=0, n_bytes=0, "
                + "hard_timeout=300, idle_age=2, hard_age=0, priority=100,tcp,tp_dst=80 actions=output:2"))
                .isEqualTo("cookie=0x0, table=1, hard_timeout=300, priority=100,tcp,tp_dst=80 actions=output:2");
    }

    @Test
    void normalizePutsBackTheZeroCookieAndTableThatNoStatsLeavesOut() {
        assertThat(FlowText.normalize(" actions=drop")).isEqualTo("cookie=0x0, table=0, actions=drop");
        assertThat(FlowText.normalize(" priority=0 actions=drop")).isEqualTo("cookie=0x0, table=0, priority=0 actions=drop");
        assertThat(FlowText.normalize(" cookie=0x7, table=2, in_port=1 actions=drop"))
                .isEqualTo("cookie=0x7, table=2, in_port=1 actions=drop");
        assertThat(FlowText.normalize(" table=1, hard_timeout=300, priority=100,tcp,tp_dst=80 actions=output:2"))
                .isEqualTo("cookie=0x0, table=1, hard_timeout=300, priority=100,tcp,tp_dst=80 actions=output:2");
        assertThat(FlowText.normalize(" cookie=0x7, in_port=1 actions=drop"))
                .isEqualTo("cookie=0x7, table=0, in_port=1 actions=drop");
    }

    @Test
    void normalizeLeavesMatchAndActionsAlone() {
        String line = "cookie=0x1, table=0, priority=5,reg0=0x1,tcp actions=ct(commit,zone=5,exec(set_field:0x1->ct_mark)),"
                + "set_field:192.168.1.2->tun_dst,resubmit(,3)";
        assertThat(FlowText.normalize(line)).isEqualTo(line);
    }

    @Test
    void normalizeIsIdempotentOnRenderedFlows() {
        FlowStats flow = stats(0x10, 2, 7, 0, 60, Set.of(FlowModFlag.SEND_FLOW_REM), TCP_80,
                List.of(applyActions(output(2)), gotoTable(3)));
        assertThat(FlowText.normalize(FlowText.of(flow))).isEqualTo(FlowText.of(flow));
    }

    @Test
    void aLineWithoutActionsIsRefused() {
        assertThatThrownBy(() -> FlowText.normalize("OFPST_FLOW reply (OF1.3) (xid=0x2):"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a dump-flows flow line");
    }

    @Test
    void normalizeDumpSkipsTheReplyHeader() {
        String dump = """
                OFPST_FLOW reply (OF1.3) (xid=0x2):
                 cookie=0x0, duration=40.753s, table=0, n_packets=0, n_bytes=0, actions=drop
                 cookie=0x7, duration=0.021s, table=2, n_packets=0, n_bytes=0, in_port=1 actions=drop
                """;
        assertThat(FlowText.normalizeDump(dump)).containsExactly(
                "cookie=0x0, table=0, actions=drop", "cookie=0x7, table=2, in_port=1 actions=drop");
    }
}
