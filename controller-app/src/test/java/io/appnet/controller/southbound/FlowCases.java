package io.appnet.controller.southbound;

import static io.appnet.openflow.action.Action.conjunction;
import static io.appnet.openflow.action.Action.ct;
import static io.appnet.openflow.action.Action.group;
import static io.appnet.openflow.action.Action.move;
import static io.appnet.openflow.action.Action.output;
import static io.appnet.openflow.action.Action.resubmit;
import static io.appnet.openflow.action.Action.setField;
import static io.appnet.openflow.action.Instruction.applyActions;
import static io.appnet.openflow.action.Instruction.clearActions;
import static io.appnet.openflow.action.Instruction.gotoTable;
import static io.appnet.openflow.action.Instruction.meter;
import static io.appnet.openflow.action.Instruction.writeActions;
import static io.appnet.openflow.action.Instruction.writeMetadata;

import io.appnet.openflow.action.Action;
import io.appnet.openflow.action.Ct;
import io.appnet.openflow.action.Instruction;
import io.appnet.openflow.action.Nat;
import io.appnet.openflow.action.OfPorts;
import io.appnet.openflow.action.Resubmit;
import io.appnet.openflow.action.Subfield;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.match.MatchBuilder;
import io.appnet.openflow.match.OxmField;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Flows the controller installs on a real bridge, each with the text a person would give
 * {@code ovs-ofctl add-flow} for the same flow. Together they use every {@link OxmField} (exact, and masked where
 * the field is maskable) and every action, instruction and Nicira extension the codec encodes.
 * {@link #GROUP_ID} and {@link #METER_ID} must exist on the bridges.
 */
final class FlowCases {
    static final int GROUP_ID = 7;
    static final int METER_ID = 1;

    record Case(String ofctlText, FlowMod flowMod) {
        @Override
        public String toString() {
            return ofctlText;
        }
    }

    private FlowCases() {
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(matches());
        cases.addAll(actions());
        cases.addAll(instructionsAndFlowFields());
        return cases;
    }

    /** Every match field; actions=drop. */
    private static List<Case> matches() {
        return List.of(
                drop("priority=100,in_port=1", m().inPort(1)),
                drop("priority=100,in_port=LOCAL", m().inPort(OfPorts.LOCAL)),
                drop("priority=100,dl_src=02:00:00:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff",
                        m().ethSrc("02:00:00:00:00:01").ethDst("ff:ff:ff:ff:ff:ff")),
                drop("priority=100,dl_src=0a:bc:00:00:00:00/ff:ff:00:00:00:00,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00",
                        m().ethSrc(0x0abc00000000L, 0xffff00000000L).ethDst(0x010000000000L, 0x010000000000L)),
                drop("priority=100,dl_type=0x88cc", m().ethType(0x88cc)),
                drop("priority=100,ip,nw_src=10.0.0.1,nw_dst=10.0.1.2", m().ip().ipv4Src("10.0.0.1").ipv4Dst("10.0.1.2")),
                drop("priority=100,ip,nw_src=10.0.0.0/8,nw_dst=10.1.0.1/255.255.0.255",
                        m().ip().ipv4Src("10.0.0.0/8").masked(OxmField.IPV4_DST, 0x0a010001L, 0xffff00ffL)),
                drop("priority=100,ip,nw_proto=47", m().ip().ipProto(47)),
                drop("priority=100,tcp,tcp_src=1234,tcp_dst=80", m().tcp().tcpSrc(1234).tcpDst(80)),
                drop("priority=100,tcp,tcp_src=0x400/0xfc00,tcp_dst=0x50/0xfff0",
                        m().tcp().tcpSrc(0x400, 0xfc00).tcpDst(0x50, 0xfff0)),
                drop("priority=100,udp,udp_src=68,udp_dst=67", m().udp().udpSrc(68).udpDst(67)),
                drop("priority=100,udp,udp_src=0x8000/0x8000,udp_dst=0x1000/0xf000",
                        m().udp().udpSrc(0x8000, 0x8000).udpDst(0x1000, 0xf000)),
                drop("priority=100,icmp,icmp_type=8,icmp_code=0", m().icmp().icmpType(8).icmpCode(0)),
                drop("priority=100,arp,arp_op=1,arp_spa=10.0.0.1,arp_tpa=10.0.0.2,arp_sha=02:00:00:00:00:01,"
                                + "arp_tha=00:00:00:00:00:00",
                        m().arp().arpOp(1).arpSpa("10.0.0.1").arpTpa("10.0.0.2").arpSha("02:00:00:00:00:01")
                                .arpTha("00:00:00:00:00:00")),
                drop("priority=100,arp,arp_spa=10.0.0.0/24,arp_tpa=10.0.0.1/255.0.0.255,"
                                + "arp_sha=02:00:00:00:00:00/ff:ff:ff:00:00:00,arp_tha=00:00:00:00:00:01/00:00:00:00:00:01",
                        m().arp().arpSpa("10.0.0.0/24").masked(OxmField.ARP_TPA, 0x0a000001L, 0xff0000ffL)
                                .masked(OxmField.ARP_SHA, 0x020000000000L, 0xffffff000000L)
                                .masked(OxmField.ARP_THA, 1, 1)),
                drop("priority=100,tun_id=123", m().tunnelId(123)),
                drop("priority=100,tun_id=0x100/0xffffff00", m().tunnelId(0x100, 0xffffff00L)),
                drop("priority=100,tun_src=192.168.1.1,tun_dst=192.168.1.2",
                        m().tunIpv4Src("192.168.1.1").tunIpv4Dst("192.168.1.2")),
                drop("priority=100,tun_src=192.168.0.0/16,tun_dst=10.0.0.0/255.0.0.0",
                        m().tunIpv4Src("192.168.0.0/16").tunIpv4Dst("10.0.0.0/8")),
                drop("priority=100," + registers(i -> "reg" + i + "=" + (i + 1)), everyRegister(false)),
                drop("priority=100," + registers(i -> "reg" + i + "=0x" + Integer.toHexString(i << 4) + "/0xf0"),
                        everyRegister(true)),
                drop("priority=100,ct_state=+est+trk", m().ctState("+trk+est")),
                drop("priority=100,ct_state=-new+trk+rpl-inv", m().ctState("+trk-new+rpl-inv")),
                drop("priority=100,ct_state=0x22", m().exact(OxmField.CT_STATE, 0x22)),
                drop("priority=100,ct_zone=5", m().ctZone(5)),
                drop("priority=100,ct_mark=1", m().ctMark(1)),
                drop("priority=100,ct_mark=0x10/0xf0", m().ctMark(0x10, 0xf0)),
                drop("priority=100,metadata=0x1234", m().metadata(0x1234)),
                drop("priority=100,metadata=0x8000000000000000/0x8000000000000000",
                        m().metadata(0x8000000000000000L, 0x8000000000000000L)),
                drop("priority=100,conj_id=7", m().conjId(7)),
                drop("priority=100,ct_state=+est+trk,ct_zone=9,ct_mark=0x1/0x1,udp,reg6=0x1e240,tun_id=123456,"
                                + "tun_src=10.1.0.2,tun_dst=10.1.0.1,metadata=42,in_port=7,dl_src=02:00:0a:ff:00:02,"
                                + "dl_dst=02:00:0a:ff:00:01,nw_src=10.255.0.2,nw_dst=10.255.1.0/24,udp_src=4096,"
                                + "udp_dst=0x2000/0xe000",
                        m().ctState("+trk+est").ctZone(9).ctMark(1, 1).udp().reg(6, 123456).tunnelId(123456)
                                .tunIpv4Src("10.1.0.2").tunIpv4Dst("10.1.0.1").metadata(42).inPort(7)
                                .ethSrc("02:00:0a:ff:00:02").ethDst("02:00:0a:ff:00:01").ipv4Src("10.255.0.2")
                                .ipv4Dst("10.255.1.0/24").udpSrc(4096).udpDst(0x2000, 0xe000)));
    }

    /** Every action, reserved output port, settable field and Nicira extension. */
    private static List<Case> actions() {
        Subfield reg0 = Subfield.whole(OxmField.REG0);
        return List.of(
                apply("priority=100,actions=output:3", m(), output(3)),
                apply("priority=100,in_port=1,actions=in_port,local,all,normal,flood,output:65279",
                        m().inPort(1), output(OfPorts.IN_PORT), output(OfPorts.LOCAL), output(OfPorts.ALL),
                        output(OfPorts.NORMAL), output(OfPorts.FLOOD), output(0xfeff)),
                apply("priority=100,actions=controller", m(), output(OfPorts.CONTROLLER)),
                apply("priority=100,actions=controller:128", m(), Action.controller(128)),
                apply("priority=100,actions=output:table", m(), output(OfPorts.TABLE)),
                apply("priority=100,actions=group:" + GROUP_ID, m(), group(GROUP_ID)),
                apply("priority=100,actions=set_field:192.168.1.2->tun_dst,set_field:10.0.0.254->tun_src,"
                                + "set_field:123->tun_id,output:1",
                        m(), setField(OxmField.TUN_IPV4_DST, 0xc0a80102L), setField(OxmField.TUN_IPV4_SRC, 0x0a0000feL),
                        setField(OxmField.TUNNEL_ID, 123), output(1)),
                apply("priority=100,actions=set_field:0xffffffffffffffff->tun_id",
                        m(), setField(OxmField.TUNNEL_ID, -1L)),
                apply("priority=100,actions=mod_dl_dst:aa:bb:cc:0d:0e:0f,mod_dl_src:02:00:00:00:00:01",
                        m(), setField(OxmField.ETH_DST, 0xaabbcc0d0e0fL), setField(OxmField.ETH_SRC, 0x020000000001L)),
                apply("priority=100,actions=" + registers(i -> "set_field:" + (i * 1000) + "->reg" + i),
                        m(), IntStream.range(0, 16).mapToObj(i -> setField(OxmField.reg(i), i * 1000L))
                                .toArray(Action[]::new)),
                apply("priority=100,actions=set_field:0x5->metadata", m(), setField(OxmField.METADATA, 5)),
                apply("priority=100,ip,actions=set_field:10.0.0.1->ip_src,set_field:10.1.2.3->ip_dst",
                        m().ip(), setField(OxmField.IPV4_SRC, 0x0a000001L), setField(OxmField.IPV4_DST, 0x0a010203L)),
                apply("priority=100,tcp,actions=set_field:8080->tcp_dst,set_field:1->tcp_src",
                        m().tcp(), setField(OxmField.TCP_DST, 8080), setField(OxmField.TCP_SRC, 1)),
                apply("priority=100,udp,actions=set_field:53->udp_src,set_field:5353->udp_dst",
                        m().udp(), setField(OxmField.UDP_SRC, 53), setField(OxmField.UDP_DST, 5353)),
                apply("priority=100,icmp,actions=set_field:0->icmp_type,set_field:3->icmp_code",
                        m().icmp(), setField(OxmField.ICMPV4_TYPE, 0), setField(OxmField.ICMPV4_CODE, 3)),
                apply("priority=100,arp,actions=set_field:2->arp_op,set_field:10.0.0.1->arp_spa,"
                                + "set_field:10.0.0.2->arp_tpa,set_field:0a:00:00:00:00:01->arp_sha,"
                                + "set_field:02:00:00:00:00:02->arp_tha,in_port",
                        m().arp(), setField(OxmField.ARP_OP, 2), setField(OxmField.ARP_SPA, 0x0a000001L),
                        setField(OxmField.ARP_TPA, 0x0a000002L), setField(OxmField.ARP_SHA, 0x0a0000000001L),
                        setField(OxmField.ARP_THA, 0x020000000002L), output(OfPorts.IN_PORT)),
                apply("priority=100,ip,actions=ct()", m().ip(), ct()),
                apply("priority=100,ip,actions=ct(commit)", m().ip(), ct().withCommit()),
                apply("priority=100,ip,actions=ct(commit,zone=5,exec(set_field:1->ct_mark))",
                        m().ip(), ct().withCommit().withZone(5).withExec(setField(OxmField.CT_MARK, 1))),
                apply("priority=100,ip,actions=ct(table=3,zone=NXM_NX_REG6[0..15])",
                        m().ip(), ct().withRecircTable(3).withZone(Subfield.range(OxmField.REG6, 0, 15))),
                apply("priority=100,tcp,actions=ct(commit,force,zone=1,alg=ftp)",
                        m().tcp(), ct().withCommit().withForce().withZone(1).withAlg(Ct.ALG_FTP)),
                apply("priority=100,udp,actions=ct(commit,alg=tftp)", m().udp(), ct().withCommit().withAlg(Ct.ALG_TFTP)),
                apply("priority=100,ip,actions=ct(table=2,zone=65535,nat)",
                        m().ip(), ct().withRecircTable(2).withZone(65535).withNat(Nat.REVERSE)),
                apply("priority=100,ip,actions=ct(commit,nat(src=10.0.0.1-10.0.0.9:1000-2000,persistent,random))",
                        m().ip(), ct().withCommit().withNat(Nat.of(Nat.Mode.SRC, 0x0a000001L, 0x0a000009L)
                                .withPorts(1000, 2000).withPersistent().withRandom())),
                apply("priority=100,tcp,actions=ct(commit,nat(dst=192.168.0.1:80))",
                        m().tcp(), ct().withCommit().withNat(Nat.of(Nat.Mode.DST, 0xc0a80001L, 0).withPorts(80, 0))),
                apply("priority=100,ip,actions=ct(commit,nat(dst=1.2.3.4,hash))",
                        m().ip(), ct().withCommit().withNat(Nat.of(Nat.Mode.DST, 0x01020304L, 0).withHash())),
                apply("priority=100,ip,actions=ct(commit,nat(src))", m().ip(), ct().withCommit().withNat(Nat.of(Nat.Mode.SRC))),
                apply("priority=100,ip,actions=ct(commit,table=9,zone=7,nat(src=10.0.0.1),exec(set_field:0xff->ct_mark))",
                        m().ip(), ct().withCommit().withZone(7).withRecircTable(9)
                                .withExec(setField(OxmField.CT_MARK, 0xff)).withNat(Nat.of(Nat.Mode.SRC, 0x0a000001L, 0))),
                apply("priority=100,ip,actions=ct(commit,zone=5,exec(set_field:1->ct_mark)),"
                                + "set_field:192.168.1.2->tun_dst,set_field:123->tun_id,output:1",
                        m().ip(), ct().withCommit().withZone(5).withExec(setField(OxmField.CT_MARK, 1)),
                        setField(OxmField.TUN_IPV4_DST, 0xc0a80102L), setField(OxmField.TUNNEL_ID, 123), output(1)),
                apply("priority=100,ip,actions=conjunction(100,1/2)", m().ip(), conjunction(100, 1, 2)),
                apply("priority=100,tcp,actions=conjunction(1,2/2),conjunction(4294967295,64/64)",
                        m().tcp(), conjunction(1, 2, 2), conjunction(0xffffffffL, 64, 64)),
                apply("priority=100,actions=resubmit(,3)", m(), resubmit(3)),
                apply("priority=100,actions=resubmit:5", m(), resubmit(5, Resubmit.CURRENT_TABLE)),
                apply("priority=100,actions=resubmit(LOCAL,2),resubmit(7,0)",
                        m(), resubmit(OfPorts.LOCAL, 2), resubmit(7, 0)),
                apply("priority=100,ct_state=+est+trk,ip,actions=resubmit(,4,ct)",
                        m().ctState("+est+trk").ip(), new Resubmit(OfPorts.IN_PORT, 4, true)),
                apply("priority=100,actions=move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],"
                                + "move:NXM_NX_REG1[0..15]->NXM_NX_REG2[16..31],move:NXM_NX_REG3[5]->NXM_NX_REG4[0]",
                        m(), move(reg0, Subfield.range(OxmField.TUNNEL_ID, 0, 31)),
                        move(Subfield.range(OxmField.REG1, 0, 15), Subfield.range(OxmField.REG2, 16, 31)),
                        move(Subfield.range(OxmField.REG3, 5, 5), Subfield.range(OxmField.REG4, 0, 0))),
                apply("priority=100,actions=move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],"
                                + "move:OXM_OF_METADATA[0..31]->NXM_NX_REG0[],move:NXM_OF_IN_PORT[]->NXM_NX_REG5[0..15],"
                                + "move:NXM_NX_TUN_IPV4_SRC[]->NXM_NX_TUN_IPV4_DST[]",
                        m(), move(Subfield.whole(OxmField.ETH_SRC), Subfield.whole(OxmField.ETH_DST)),
                        move(Subfield.range(OxmField.METADATA, 0, 31), reg0),
                        move(Subfield.whole(OxmField.IN_PORT), Subfield.range(OxmField.REG5, 0, 15)),
                        move(Subfield.whole(OxmField.TUN_IPV4_SRC), Subfield.whole(OxmField.TUN_IPV4_DST))),
                apply("priority=100,arp,actions=move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],"
                                + "move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],in_port",
                        m().arp(), move(Subfield.whole(OxmField.ARP_SHA), Subfield.whole(OxmField.ARP_THA)),
                        move(Subfield.whole(OxmField.ARP_SPA), Subfield.whole(OxmField.ARP_TPA)),
                        output(OfPorts.IN_PORT)),
                apply("priority=100,ip,actions=move:NXM_OF_IP_SRC[]->NXM_NX_REG7[]",
                        m().ip(), move(Subfield.whole(OxmField.IPV4_SRC), Subfield.whole(OxmField.REG7))));
    }

    /** The other instructions, several per flow, and the flow-mod's own fields (table, cookie, timeouts, flags). */
    private static List<Case> instructionsAndFlowFields() {
        return List.of(
                flow("table=0,priority=100,actions=goto_table:1", 0, m(), gotoTable(1)),
                flow("table=3,priority=100,actions=goto_table:254", 3, m(), gotoTable(254)),
                flow("priority=100,actions=write_actions(output:2)", 0, m(), writeActions(List.of(output(2)))),
                flow("priority=100,actions=write_actions(set_field:7->reg3,group:" + GROUP_ID + ")", 0, m(),
                        writeActions(List.of(setField(OxmField.REG3, 7), group(GROUP_ID)))),
                flow("priority=100,actions=clear_actions", 0, m(), clearActions()),
                flow("priority=100,actions=write_metadata:0x1/0xff", 0, m(), writeMetadata(1, 0xff)),
                flow("priority=100,actions=write_metadata:0x5", 0, m(), writeMetadata(5, -1L)),
                flow("priority=100,actions=meter:" + METER_ID + ",output:2", 0, m(), meter(METER_ID),
                        applyActions(output(2))),
                // Open vSwitch keeps its own instruction order, whatever the order on the wire.
                flow("table=2,priority=100,actions=meter:" + METER_ID + ",output:1,clear_actions,"
                                + "write_actions(output:2),write_metadata:0x10/0xf0,goto_table:5",
                        2, m(), gotoTable(5), writeMetadata(0x10, 0xf0), writeActions(List.of(output(2))),
                        clearActions(), applyActions(output(1)), meter(METER_ID)),
                flow("priority=100,actions=drop", 0, m(), applyActions()),
                new Case("table=7,cookie=0xfedcba9876543210,priority=0,idle_timeout=300,hard_timeout=600,"
                        + "send_flow_rem,check_overlap,reset_counts,no_packet_counts,no_byte_counts,"
                        + "tcp,actions=output:4",
                        FlowMod.add(7, 0, m().tcp().build(), List.of(applyActions(output(4))))
                                .withCookie(0xfedcba9876543210L).withTimeouts(300, 600)
                                .withFlags(FlowModFlag.values())),
                new Case("cookie=0x1,ip,actions=output:1",
                        FlowMod.add(0, FlowMod.DEFAULT_PRIORITY, m().ip().build(), List.of(applyActions(output(1))))
                                .withCookie(1)),
                new Case("priority=65535,actions=drop", FlowMod.add(0, 65535, Match.ANY, List.of())));
    }

    private static MatchBuilder m() {
        return Match.builder();
    }

    private static Case drop(String ofctlMatch, MatchBuilder match) {
        return new Case(ofctlMatch + ",actions=drop", FlowMod.add(0, 100, match.build(), List.of()));
    }

    private static Case apply(String ofctlText, MatchBuilder match, Action... actions) {
        return flow(ofctlText, 0, match, applyActions(actions));
    }

    private static Case flow(String ofctlText, int table, MatchBuilder match, Instruction... instructions) {
        return new Case(ofctlText, FlowMod.add(table, 100, match.build(), List.of(instructions)));
    }

    private static MatchBuilder everyRegister(boolean masked) {
        MatchBuilder match = m();
        for (int i = 0; i < 16; i++) {
            if (masked) {
                match.reg(i, (long) i << 4, 0xf0);
            } else {
                match.reg(i, i + 1);
            }
        }
        return match;
    }

    private static String registers(java.util.function.IntFunction<String> text) {
        return String.join(",", IntStream.range(0, 16).mapToObj(text).toList());
    }
}
