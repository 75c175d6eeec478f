package io.appnet.compiler.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.flow.FlowText;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.MacAddress;
import io.appnet.compiler.pipeline.DropReason;
import org.junit.jupiter.api.Test;

/** OVS lookup semantics the interpreter must reproduce, on small tables written in ovs-ofctl syntax. */
class InterpreterTest {

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:0a");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:0b");

    private static Interpreter tables(String flows) {
        return Interpreter.of(FlowText.parseAll(flows));
    }

    private static Packet tcp(int destinationPort) {
        return Packet.tcp(A, B, Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"), 1234, destinationPort)
                .onPort(1);
    }

    @Test
    void highestPriorityWinsAndGotoContinues() {
        Interpreter interpreter = tables("""
                priority=10,ip actions=set_field:0x5->reg0,goto_table:1
                priority=20,tcp,tp_dst=80 actions=set_field:0x6->reg0,goto_table:1
                table=1, priority=0 actions=output:2
                """);

        TraceResult http = interpreter.trace(tcp(80), Conntrack.empty());
        TraceResult other = interpreter.trace(tcp(81), Conntrack.empty());

        assertThat(http.outputs()).singleElement().satisfies(out -> assertThat(out.packet().get(MatchField.REG0))
                .isEqualTo(6));
        assertThat(other.outputs()).singleElement().satisfies(out -> assertThat(out.packet().get(MatchField.REG0))
                .isEqualTo(5));
        assertThat(http.matchedFlows()).extracting(flow -> flow.table()).containsExactly(0, 1);
    }

    @Test
    void aCompleteConjunctionAboveTheBestHardMatchWins() {
        Interpreter interpreter = tables("""
                priority=200,reg5=0x1 actions=conjunction(7,1/2)
                priority=200,reg6=0x2 actions=conjunction(7,2/2)
                priority=200,conj_id=7 actions=output:7
                priority=100,reg5=0x1 actions=output:3
                priority=0 actions=drop
                """);
        Packet both = tcp(80).with(MatchField.REG5, 1).with(MatchField.REG6, 2);
        Packet oneDimension = tcp(80).with(MatchField.REG5, 1).with(MatchField.REG6, 9);

        assertThat(interpreter.trace(both, Conntrack.empty()).outputs()).extracting(TraceResult.Output::port)
                .containsExactly(7L);
        assertThat(interpreter.trace(oneDimension, Conntrack.empty()).outputs()).extracting(TraceResult.Output::port)
                .as("an incomplete conjunction falls back to the hard match below it").containsExactly(3L);
    }

    @Test
    void aConjunctionWithoutItsConjIdFlowIsIgnoredAndAHigherHardMatchBeatsIt() {
        Interpreter withoutConjId = tables("""
                priority=200,reg5=0x1 actions=conjunction(7,1/2)
                priority=200,reg6=0x2 actions=conjunction(7,2/2)
                priority=100 actions=output:3
                """);
        Interpreter higherHard = tables("""
                priority=300,reg5=0x1 actions=output:4
                priority=200,reg5=0x1 actions=conjunction(7,1/2)
                priority=200,reg6=0x2 actions=conjunction(7,2/2)
                priority=200,conj_id=7 actions=output:7
                """);
        Packet both = tcp(80).with(MatchField.REG5, 1).with(MatchField.REG6, 2);

        assertThat(withoutConjId.trace(both, Conntrack.empty()).outputs()).extracting(TraceResult.Output::port)
                .containsExactly(3L);
        assertThat(higherHard.trace(both, Conntrack.empty()).outputs()).extracting(TraceResult.Output::port)
                .containsExactly(4L);
    }

    @Test
    void resubmitReturnsAndIngressPortNeedsInPort() {
        Interpreter interpreter = tables("""
                priority=0 actions=resubmit(,5),output:1,IN_PORT
                table=5, priority=0 actions=set_field:0x9->reg1,output:2
                """);

        TraceResult result = interpreter.trace(tcp(80), Conntrack.empty());

        assertThat(result.outputs()).extracting(TraceResult.Output::port).containsExactly(2L, 1L);
        assertThat(result.outputs().get(1).packet().get(MatchField.REG1)).isEqualTo(9);
        assertThat(result.render()).contains("output:1 skipped: it is the ingress port");
    }

    @Test
    void conntrackRecirculatesWithStateAndRemembersCommitsAndMarks() {
        Interpreter interpreter = tables("""
                priority=0,ip actions=ct(table=1,zone=5)
                table=1, priority=20,ct_state=+new+trk,ip actions=ct(commit,zone=5,exec(set_field:0x2a->ct_mark)),output:2
                table=1, priority=10,ct_state=+est+rpl+trk,ct_mark=0x2a,ip actions=output:3
                table=1, priority=0 actions=drop
                """);
        Packet reply = Packet.tcp(B, A, Ipv4Address.parse("10.0.0.2"), Ipv4Address.parse("10.0.0.1"), 80, 1234)
                .onPort(2);

        TraceResult first = interpreter.trace(tcp(80), Conntrack.empty());
        TraceResult answer = interpreter.trace(reply, first.conntrack());
        TraceResult unrelated = interpreter.trace(reply, Conntrack.empty());

        assertThat(first.outputs()).extracting(TraceResult.Output::port).containsExactly(2L);
        assertThat(answer.outputs()).extracting(TraceResult.Output::port).containsExactly(3L);
        assertThat(unrelated.dropped()).isTrue();
        assertThat(answer.render()).contains("ct(zone=5): +est+rpl+trk ct_mark=42");
    }

    @Test
    void assumedStateTracesOnePacketAsPartOfAConnection() {
        Interpreter interpreter = tables("""
                priority=0,ip actions=ct(table=1,zone=5)
                table=1, priority=10,ct_state=+est+trk,ip actions=output:3
                table=1, priority=0 actions=drop
                """);

        assertThat(interpreter.trace(tcp(80), Conntrack.assume("+est", 0)).outputs()).hasSize(1);
        assertThat(interpreter.trace(tcp(80), Conntrack.empty()).dropped()).isTrue();
    }

    @Test
    void dropReasonComesFromTheDropFlowsCookieAndMissesAreReported() {
        Interpreter interpreter = tables("""
                cookie=0xa100000000000006, priority=10,tcp,tp_dst=80 actions=drop
                priority=0,tcp actions=goto_table:3
                """);

        assertThat(interpreter.trace(tcp(80), Conntrack.empty()).drop()).contains(DropReason.NO_POLICY);
        TraceResult missed = interpreter.trace(tcp(81), Conntrack.empty());
        assertThat(missed.tableMiss()).isTrue();
        assertThat(missed.verdict()).isEqualTo("drop: table miss");
    }

    @Test
    void samePriorityOverlapWithDifferentActionsIsFlaggedAmbiguous() {
        Interpreter interpreter = tables("""
                priority=10,tcp actions=output:2
                priority=10,ip,nw_dst=10.0.0.2 actions=output:3
                """);

        assertThat(interpreter.trace(tcp(80), Conntrack.empty()).ambiguous()).isTrue();
    }
}
