package io.appnet.openflow.action;

import static io.appnet.openflow.action.Action.conjunction;
import static io.appnet.openflow.action.Action.ct;
import static io.appnet.openflow.action.Action.move;
import static io.appnet.openflow.action.Action.output;
import static io.appnet.openflow.action.Action.resubmit;
import static io.appnet.openflow.action.Action.setField;
import static io.appnet.openflow.action.Instruction.applyActions;

import io.appnet.openflow.match.OxmField;
import java.util.List;

/**
 * Instruction lists and the text {@code ovs-ofctl -O OpenFlow13} prints for them after {@code actions=}.
 * {@link ActionOvsOracleTest} proves every text against the real ovs-ofctl (which decodes our bytes);
 * {@link ActionTextAndRoundTripTest} checks {@link Instructions#toOvsText} and the round trip without it.
 */
final class ActionCases {
    /** OXM TLVs of the flow's match: Open vSwitch checks action prerequisites (ct needs ip, tcp_dst needs tcp). */
    enum Prereq {
        NONE(""),
        IP("80000a020800"),
        TCP("80000a020800" + "80001401" + "06"),
        UDP("80000a020800" + "80001401" + "11"),
        /** ip,ct_state=+est+trk: resubmit(..,ct) needs a valid tracked connection. */
        IP_TRACKED("80000a020800" + "0001d308" + "00000022" + "00000022");

        final String oxmHex;

        Prereq(String oxmHex) {
            this.oxmHex = oxmHex;
        }
    }

    record Case(String ovsText, Prereq prereq, List<Instruction> instructions) {
        @Override
        public String toString() {
            return ovsText;
        }
    }

    private ActionCases() {
    }

    static final Subfield REG0 = Subfield.whole(OxmField.REG0);

    static List<Case> all() {
        return List.of(
                c("drop", List.of()),
                c("drop", applyActions()),
                c("output:3", applyActions(output(3))),
                c("output:65279", applyActions(output(0xfeff))),
                c("IN_PORT,LOCAL,ALL,NORMAL,FLOOD",
                        applyActions(output(OfPorts.IN_PORT), output(OfPorts.LOCAL), output(OfPorts.ALL),
                                output(OfPorts.NORMAL), output(OfPorts.FLOOD))),
                c("CONTROLLER:65535", applyActions(output(OfPorts.CONTROLLER))),
                c("CONTROLLER:128", applyActions(Action.controller(128))),
                c("group:7", applyActions(Action.group(7))),
                c("set_field:192.168.1.2->tun_dst", applyActions(setField(OxmField.TUN_IPV4_DST, 0xc0a80102L))),
                c("set_field:10.0.0.254->tun_src", applyActions(setField(OxmField.TUN_IPV4_SRC, 0x0a0000feL))),
                c("set_field:aa:bb:cc:0d:0e:0f->eth_dst,set_field:02:00:00:00:00:01->eth_src",
                        applyActions(setField(OxmField.ETH_DST, 0xaabbcc0d0e0fL),
                                setField(OxmField.ETH_SRC, 0x020000000001L))),
                c("set_field:0x1->reg0,set_field:0xffffffff->reg15,set_field:0->reg5",
                        applyActions(setField(OxmField.REG0, 1), setField(OxmField.reg(15), 0xffffffffL),
                                setField(OxmField.REG5, 0))),
                c("set_field:0x123456->tun_id", applyActions(setField(OxmField.TUNNEL_ID, 0x123456))),
                c("set_field:0xffffffffffffffff->tun_id", applyActions(setField(OxmField.TUNNEL_ID, -1L))),
                c("set_field:0x5->metadata", applyActions(setField(OxmField.METADATA, 5))),
                c(Prereq.IP, "set_field:10.0.0.1->ip_src,set_field:10.1.2.3->ip_dst",
                        applyActions(setField(OxmField.IPV4_SRC, 0x0a000001L), setField(OxmField.IPV4_DST, 0x0a010203L))),
                c(Prereq.TCP, "set_field:8080->tcp_dst,set_field:1->tcp_src",
                        applyActions(setField(OxmField.TCP_DST, 8080), setField(OxmField.TCP_SRC, 1))),
                c(Prereq.UDP, "set_field:53->udp_src", applyActions(setField(OxmField.UDP_SRC, 53))),
                c("resubmit(,3)", applyActions(resubmit(3))),
                c("resubmit:5", applyActions(resubmit(5, Resubmit.CURRENT_TABLE))),
                c("resubmit(LOCAL,2)", applyActions(resubmit(OfPorts.LOCAL, 2))),
                c("resubmit(7,0)", applyActions(resubmit(7, 0))),
                c(Prereq.IP_TRACKED, "resubmit(,4,ct)",
                        applyActions(new Resubmit(OfPorts.IN_PORT, 4, true))),
                c("move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31]",
                        applyActions(move(REG0, Subfield.range(OxmField.TUNNEL_ID, 0, 31)))),
                c("move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
                        applyActions(move(Subfield.whole(OxmField.ETH_SRC), Subfield.whole(OxmField.ETH_DST)))),
                c("move:NXM_NX_REG1[0..15]->NXM_NX_REG2[16..31]",
                        applyActions(move(Subfield.range(OxmField.REG1, 0, 15), Subfield.range(OxmField.REG2, 16, 31)))),
                c("move:NXM_NX_REG3[5]->NXM_NX_REG4[0]",
                        applyActions(move(Subfield.range(OxmField.REG3, 5, 5), Subfield.range(OxmField.REG4, 0, 0)))),
                c("move:OXM_OF_METADATA[0..31]->NXM_NX_REG0[]",
                        applyActions(move(Subfield.range(OxmField.METADATA, 0, 31), REG0))),
                c("move:NXM_OF_IN_PORT[]->NXM_NX_REG0[0..15]",
                        applyActions(move(Subfield.whole(OxmField.IN_PORT), Subfield.range(OxmField.REG0, 0, 15)))),
                c("move:NXM_NX_TUN_IPV4_SRC[]->NXM_NX_REG1[]",
                        applyActions(move(Subfield.whole(OxmField.TUN_IPV4_SRC), Subfield.whole(OxmField.REG1)))),
                c("move:NXM_NX_REG0[]->NXM_NX_TUN_IPV4_DST[]",
                        applyActions(move(REG0, Subfield.whole(OxmField.TUN_IPV4_DST)))),
                c(Prereq.IP, "move:NXM_OF_IP_SRC[]->NXM_NX_REG7[]",
                        applyActions(move(Subfield.whole(OxmField.IPV4_SRC), Subfield.whole(OxmField.REG7)))),
                c("conjunction(100,1/2)", applyActions(conjunction(100, 1, 2))),
                c("conjunction(1,1/2),conjunction(4294967295,64/64)",
                        applyActions(conjunction(1, 1, 2), conjunction(0xffffffffL, 64, 64))),
                c(Prereq.IP, "ct()", applyActions(ct())),
                c(Prereq.IP, "ct(commit,zone=5,exec(set_field:0x1->ct_mark))",
                        applyActions(ct().withCommit().withZone(5).withExec(setField(OxmField.CT_MARK, 1)))),
                c(Prereq.IP, "ct(commit,zone=NXM_NX_REG2[0..15],exec(move:NXM_NX_REG5[0..23]->NXM_NX_CT_MARK[0..23]))",
                        applyActions(ct().withCommit().withZone(Subfield.range(OxmField.REG2, 0, 15))
                                .withExec(move(Subfield.range(OxmField.REG5, 0, 23),
                                        Subfield.range(OxmField.CT_MARK, 0, 23))))),
                c(Prereq.IP, "ct(table=3,zone=NXM_NX_REG6[0..15])",
                        applyActions(ct().withRecircTable(3).withZone(Subfield.range(OxmField.REG6, 0, 15)))),
                c(Prereq.IP, "ct(table=0,zone=NXM_NX_REG6[16..31])",
                        applyActions(ct().withRecircTable(0).withZone(Subfield.range(OxmField.REG6, 16, 31)))),
                c(Prereq.TCP, "ct(commit,force,zone=1,alg=ftp)",
                        applyActions(ct().withCommit().withForce().withZone(1).withAlg(Ct.ALG_FTP))),
                c(Prereq.UDP, "ct(commit,alg=tftp)", applyActions(ct().withCommit().withAlg(Ct.ALG_TFTP))),
                c(Prereq.IP, "ct(table=2,zone=65535,nat)",
                        applyActions(ct().withRecircTable(2).withZone(65535).withNat(Nat.REVERSE))),
                c(Prereq.IP, "ct(commit,nat(src=10.0.0.1-10.0.0.9:1000-2000,persistent,random))",
                        applyActions(ct().withCommit().withNat(Nat.of(Nat.Mode.SRC, 0x0a000001L, 0x0a000009L)
                                .withPorts(1000, 2000).withPersistent().withRandom()))),
                c(Prereq.TCP, "ct(commit,nat(dst=192.168.0.1:80))",
                        applyActions(ct().withCommit().withNat(Nat.of(Nat.Mode.DST, 0xc0a80001L, 0).withPorts(80, 0)))),
                c(Prereq.IP, "ct(commit,nat(dst=1.2.3.4,hash))",
                        applyActions(ct().withCommit().withNat(Nat.of(Nat.Mode.DST, 0x01020304L, 0x01020304L)
                                .withHash()))),
                c(Prereq.IP, "ct(commit,nat(src))", applyActions(ct().withCommit().withNat(Nat.of(Nat.Mode.SRC)))),
                c(Prereq.IP, "ct(commit,table=9,zone=7,nat(src=10.0.0.1),exec(set_field:0xff->ct_mark))",
                        applyActions(ct().withCommit().withZone(7).withRecircTable(9)
                                .withExec(setField(OxmField.CT_MARK, 0xff))
                                .withNat(Nat.of(Nat.Mode.SRC, 0x0a000001L, 0)))),
                c(Prereq.IP, "ct(commit,exec(set_field:0x2->ct_mark,nat(src=10.9.9.9)))",
                        applyActions(ct().withCommit().withExec(setField(OxmField.CT_MARK, 2),
                                Nat.of(Nat.Mode.SRC, 0x0a090909L, 0)))),
                c(Prereq.IP, "ct(commit,zone=5,exec(set_field:0x1->ct_mark)),set_field:192.168.1.2->tun_dst,"
                                + "resubmit(,3),move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],goto_table:4",
                        applyActions(ct().withCommit().withZone(5).withExec(setField(OxmField.CT_MARK, 1)),
                                setField(OxmField.TUN_IPV4_DST, 0xc0a80102L), resubmit(3),
                                move(REG0, Subfield.range(OxmField.TUNNEL_ID, 0, 31))),
                        Instruction.gotoTable(4)),
                c("write_actions(output:2)", Instruction.writeActions(List.of(output(2)))),
                c("write_actions(set_field:0x7->reg3,group:1)",
                        Instruction.writeActions(List.of(setField(OxmField.REG3, 7), Action.group(1)))),
                c("clear_actions", Instruction.clearActions()),
                c("write_metadata:0x1/0xff", Instruction.writeMetadata(1, 0xff)),
                c("write_metadata:0x5", Instruction.writeMetadata(5, -1L)),
                c("write_metadata:0/0x1", Instruction.writeMetadata(0, 1)),
                c("write_metadata:0xfedcba9876543210/0xffffffff00000000",
                        Instruction.writeMetadata(0xfedcba9876543210L, 0xffffffff00000000L)),
                c("goto_table:1", Instruction.gotoTable(1)),
                c("goto_table:254", Instruction.gotoTable(254)),
                c("meter:1", Instruction.meter(1)),
                c("goto_table:2", applyActions(), Instruction.gotoTable(2)),
                // Open vSwitch prints instructions in its own order, whatever the order on the wire.
                c("meter:3,output:1,clear_actions,write_actions(output:2),write_metadata:0x10/0xf0,goto_table:5",
                        Instruction.gotoTable(5), Instruction.writeMetadata(0x10, 0xf0),
                        Instruction.writeActions(List.of(output(2))), Instruction.clearActions(),
                        applyActions(output(1)), Instruction.meter(3)));
    }

    private static Case c(String text, Instruction... instructions) {
        return new Case(text, Prereq.NONE, List.of(instructions));
    }

    private static Case c(String text, List<Instruction> instructions) {
        return new Case(text, Prereq.NONE, instructions);
    }

    private static Case c(Prereq prereq, String text, Instruction... instructions) {
        return new Case(text, prereq, List.of(instructions));
    }
}
