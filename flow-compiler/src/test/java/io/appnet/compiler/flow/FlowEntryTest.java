package io.appnet.compiler.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The IR refuses what Open vSwitch would refuse, and prints and reads ovs-ofctl text. */
class FlowEntryTest {

    @Test
    void matchesCheckOpenFlowPrerequisites() {
        assertThatThrownBy(() -> Match.builder().exact(MatchField.IPV4_DST, 1).build())
                .hasMessage("matching nw_dst requires ip");
        assertThatThrownBy(() -> Match.builder().ip().exact(MatchField.TCP_DST, 80).build())
                .hasMessage("matching tp_dst requires tcp");
        assertThatThrownBy(() -> Match.builder().arp().exact(MatchField.IPV4_SRC, 1).build())
                .hasMessage("matching nw_src requires ip");
        assertThat(Match.builder().ipProto(6).exact(MatchField.TCP_DST, 80).build().toString()).isEqualTo("tcp,tp_dst=80");
    }

    @Test
    void flowsOnlyGoForwardAndCtWithATableEndsTheFlow() {
        assertThatThrownBy(() -> FlowText.parse("table=5, priority=1 actions=goto_table:5"))
                .hasMessageContaining("OpenFlow only goes forward");
        assertThatThrownBy(() -> FlowText.parse("priority=1,ip actions=ct(table=3,zone=1),output:2"))
                .hasMessageContaining("ct(table=...) must end the flow");
        assertThatThrownBy(() -> FlowText.parse("priority=1,ip actions=conjunction(1,1/2),output:2"))
                .hasMessageContaining("only conjunction actions");
        assertThatThrownBy(() -> FlowText.parse("priority=1 actions=set_field:0x1->ct_zone"))
                .hasMessageContaining("unknown set_field target 'ct_zone'");
    }

    @Test
    void textRoundTripsAndPrintsLikeOvs() {
        String line = "cookie=0xa400000000000001, table=51, priority=100,ct_state=+new-est+trk,tcp,reg5=0x1,"
                + "reg7=0/0xfffe,tun_src=192.168.0.0/16,in_port=3,nw_dst=10.0.0.0/8 actions=ct(commit,zone=7,"
                + "exec(set_field:0x2->ct_mark)),move:NXM_NX_REG0[0..23]->NXM_NX_TUN_ID[0..23],IN_PORT,goto_table:52";

        FlowEntry flow = FlowText.parse(line);

        assertThat(flow.toString()).isEqualTo(line);
        assertThat(flow.cookie().kind()).isEqualTo(Cookie.Kind.POLICY);
        assertThat(flow.match().standard()).isFalse();
        assertThat(FlowText.parse("priority=0 actions=drop").toString()).isEqualTo("priority=0 actions=drop");
        assertThat(FlowText.parse("actions=output:1").toString()).isEqualTo("actions=output:1");
    }

    @Test
    void writeMetadataPrintsAndParsesAsOvsDoesAndKeepsItsBitsInItsMask() {
        String masked = "cookie=0xab00000000000007, priority=100,ip,in_port=2,nw_src=10.0.0.1 "
                + "actions=write_metadata:0x5/0x1ffffff,goto_table:1";
        String whole = "tun_id=0x7 actions=write_metadata:0x7,goto_table:1";

        assertThat(FlowText.parse(masked).toString()).isEqualTo(masked);
        assertThat(FlowText.parse(whole).instructions().writeMetadata()).contains(
                new Instructions.MetadataWrite(7, -1L));
        assertThat(FlowText.parse(whole).match().standard()).as("tun_id is OXM_OF_TUNNEL_ID").isTrue();
        assertThatThrownBy(() -> new Instructions.MetadataWrite(0x100, 0xff))
                .hasMessageContaining("has bits outside its mask");
    }
}
