package io.appnet.openflow.codec;

import io.appnet.openflow.action.Action;
import io.appnet.openflow.action.Instruction;
import io.appnet.openflow.action.OfPorts;
import io.appnet.openflow.match.Match;
import io.appnet.openflow.match.OxmField;
import io.appnet.openflow.message.AggregateStatsReply;
import io.appnet.openflow.message.AggregateStatsRequest;
import io.appnet.openflow.message.BundleAdd;
import io.appnet.openflow.message.BundleControl;
import io.appnet.openflow.message.BundleControlType;
import io.appnet.openflow.message.BundleFlag;
import io.appnet.openflow.message.BundleProperty;
import io.appnet.openflow.message.Bytes;
import io.appnet.openflow.message.ControllerRole;
import io.appnet.openflow.message.ErrorMessage;
import io.appnet.openflow.message.ExperimenterMessage;
import io.appnet.openflow.message.FlowMod;
import io.appnet.openflow.message.FlowModFlag;
import io.appnet.openflow.message.FlowSelection;
import io.appnet.openflow.message.FlowStats;
import io.appnet.openflow.message.FlowStatsReply;
import io.appnet.openflow.message.FlowStatsRequest;
import io.appnet.openflow.message.GetConfigReply;
import io.appnet.openflow.message.GetConfigRequest;
import io.appnet.openflow.message.MacAddress;
import io.appnet.openflow.message.MultipartReply;
import io.appnet.openflow.message.MultipartRequest;
import io.appnet.openflow.message.OfMessage;
import io.appnet.openflow.message.OfReserved;
import io.appnet.openflow.message.PacketIn;
import io.appnet.openflow.message.PacketInReason;
import io.appnet.openflow.message.PacketOut;
import io.appnet.openflow.message.PortDescReply;
import io.appnet.openflow.message.PortDescRequest;
import io.appnet.openflow.message.PortDescription;
import io.appnet.openflow.message.PortReason;
import io.appnet.openflow.message.PortStatus;
import io.appnet.openflow.message.RawMultipartBody;
import io.appnet.openflow.message.RoleReply;
import io.appnet.openflow.message.RoleRequest;
import io.appnet.openflow.message.SetConfig;
import io.appnet.openflow.message.SwitchConfig;
import io.appnet.openflow.message.TableStats;
import io.appnet.openflow.message.TableStatsReply;
import io.appnet.openflow.message.TableStatsRequest;
import java.util.List;
import java.util.Set;

/** One or more example messages of every type this package encodes, with distinctive field values. */
final class MessageFixtures {
    static final Match TCP_TO_WEB = Match.builder().inPort(3).tcp().ipv4Dst("10.0.0.0/24").tcpDst(80).build();
    static final List<Instruction> FORWARD = List.of(
            Instruction.applyActions(Action.setField(OxmField.TUNNEL_ID, 0x123456), Action.output(7)),
            Instruction.writeMetadata(0x10, 0xff),
            Instruction.gotoTable(5));
    static final PortDescription VETH = new PortDescription(7, MacAddress.of("02:ab:cd:00:00:07"), "veth-c1",
            PortDescription.CONFIG_NO_PACKET_IN, PortDescription.STATE_LIVE, 0x2840, 0, 0x2840, 0, 10_000_000,
            10_000_000);
    static final PortDescription LOCAL = new PortDescription(OfPorts.LOCAL, MacAddress.of("aa:bb:cc:dd:ee:ff"),
            "br-int", PortDescription.CONFIG_PORT_DOWN, PortDescription.STATE_LINK_DOWN, 0, 0, 0, 0, 0, 0);
    static final Bytes ARP_FRAME = Bytes.ofHex("ffffffffffff02abcd0000070806000108000604000102abcd0000070a000001"
            + "0000000000000a000002");

    /**
     * An example message, with the fragments of {@code ovs-ofctl ofp-print} output that show OVS read each value
     * we put in.
     */
    record Named(String name, OfMessage message, List<String> ovsText) {
        @Override
        public String toString() {
            return name;
        }
    }

    private MessageFixtures() {
    }

    static List<Named> all() {
        FlowMod bundled = FlowMod.add(0, 10, TCP_TO_WEB, FORWARD).withXid(27);
        return List.of(
                n("get-config request", new GetConfigRequest(1), "OFPT_GET_CONFIG_REQUEST (OF1.3) (xid=0x1):"),
                n("get-config reply", new GetConfigReply(2, new SwitchConfig(SwitchConfig.FRAG_NORMAL, 128)),
                        "OFPT_GET_CONFIG_REPLY (OF1.3) (xid=0x2): frags=normal miss_send_len=128"),
                n("set-config", new SetConfig(3, new SwitchConfig(SwitchConfig.FRAG_DROP, SwitchConfig.NO_BUFFER)),
                        "OFPT_SET_CONFIG (OF1.3) (xid=0x3): frags=drop miss_send_len=65535"),
                n("role request", new RoleRequest(4, ControllerRole.MASTER, 7),
                        "OFPT_ROLE_REQUEST (OF1.3) (xid=0x4): role=primary generation_id=7"),
                n("role reply", new RoleReply(5, ControllerRole.SLAVE, 0xfffffffffffffff0L),
                        "OFPT_ROLE_REPLY (OF1.3) (xid=0x5): role=secondary generation_id=18446744073709551600"),
                n("port status", new PortStatus(6, PortReason.MODIFY, VETH),
                        "OFPT_PORT_STATUS (OF1.3) (xid=0x6): MOD: 7(veth-c1): addr:02:ab:cd:00:00:07",
                        "config:     NO_PACKET_IN", "state:      LIVE", "current:    10GB-FD COPPER AUTO_NEG",
                        "supported:  10GB-FD COPPER AUTO_NEG", "speed: 10000 Mbps now, 10000 Mbps max"),
                n("port-desc request", MultipartRequest.of(7, new PortDescRequest()),
                        "OFPST_PORT_DESC request (OF1.3) (xid=0x7)"),
                n("port-desc reply", new MultipartReply(8, true, new PortDescReply(List.of(VETH, LOCAL))),
                        "OFPST_PORT_DESC reply (OF1.3) (xid=0x8): flags=[more]",
                        " 7(veth-c1): addr:02:ab:cd:00:00:07", " LOCAL(br-int): addr:aa:bb:cc:dd:ee:ff",
                        "config:     PORT_DOWN", "state:      LINK_DOWN"),
                n("flow stats request", MultipartRequest.of(9,
                        new FlowStatsRequest(FlowSelection.of(3, TCP_TO_WEB).withCookie(0x1200, 0xff00))),
                        "OFPST_FLOW request (OF1.3) (xid=0x9): table=3 tcp,in_port=3,nw_dst=10.0.0.0/24,tp_dst=80"),
                n("flow stats request, all", MultipartRequest.of(10, new FlowStatsRequest(FlowSelection.all())),
                        "OFPST_FLOW request (OF1.3) (xid=0xa):"),
                n("flow stats reply", MultipartReply.of(11, new FlowStatsReply(List.of(
                        new FlowStats(3, 12, 500_000_000, 100, 60, 0, Set.of(FlowModFlag.SEND_FLOW_REM), 0x1234,
                                42, 4200, TCP_TO_WEB, FORWARD),
                        new FlowStats(0, 1, 0, 0, 0, 0, Set.of(), 0, 0, 0, Match.ANY, List.of())))),
                        "OFPST_FLOW reply (OF1.3) (xid=0xb):",
                        " cookie=0x1234, duration=12.500s, table=3, n_packets=42, n_bytes=4200, idle_timeout=60,"
                                + " send_flow_rem priority=100,tcp,in_port=3,nw_dst=10.0.0.0/24,tp_dst=80"
                                + " actions=set_field:0x123456->tun_id,output:7,write_metadata:0x10/0xff,goto_table:5",
                        " cookie=0x0, duration=1s, table=0, n_packets=0, n_bytes=0, priority=0 actions=drop"),
                n("aggregate request", MultipartRequest.of(12, new AggregateStatsRequest(
                        FlowSelection.of(OfReserved.TABLE_ALL, Match.ANY).withOutPort(7).withOutGroup(9))),
                        "OFPST_AGGREGATE request (OF1.3) (xid=0xc): out_port=7"),
                n("aggregate reply", MultipartReply.of(13, new AggregateStatsReply(1000, 64000, 17)),
                        "OFPST_AGGREGATE reply (OF1.3) (xid=0xd): packet_count=1000 byte_count=64000 flow_count=17"),
                n("table stats request", MultipartRequest.of(14, new TableStatsRequest()),
                        "OFPST_TABLE request (OF1.3) (xid=0xe):"),
                n("table stats reply", MultipartReply.of(15, new TableStatsReply(List.of(
                        new TableStats(0, 12, 3400, 3000), new TableStats(1, 0, 400, 0)))),
                        "OFPST_TABLE reply (OF1.3) (xid=0xf):", "table 0:\n    active=12, lookup=3400, matched=3000",
                        "table 1:\n    active=0, lookup=400, matched=0"),
                n("desc request (raw body)", MultipartRequest.of(16, new RawMultipartBody(0, Bytes.EMPTY)),
                        "OFPST_DESC request (OF1.3) (xid=0x10):"),
                n("flow-mod add", FlowMod.add(2, 100, TCP_TO_WEB, FORWARD).withXid(17).withCookie(0xabc)
                        .withTimeouts(30, 300).withFlags(FlowModFlag.SEND_FLOW_REM, FlowModFlag.CHECK_OVERLAP),
                        "OFPT_FLOW_MOD (OF1.3) (xid=0x11): ADD table:2 priority=100,tcp,in_port=3,nw_dst=10.0.0.0/24,"
                                + "tp_dst=80 cookie:0xabc idle:30 hard:300 send_flow_rem check_overlap"
                                + " actions=set_field:0x123456->tun_id,output:7,write_metadata:0x10/0xff,goto_table:5"),
                n("flow-mod modify", FlowMod.modify(2, TCP_TO_WEB, List.of(Instruction.gotoTable(9)))
                        .withXid(18).withCookie(0xabc, 0xfff).withFlags(FlowModFlag.RESET_COUNTS),
                        "OFPT_FLOW_MOD (OF1.3) (xid=0x12): MOD table:2 tcp,in_port=3,nw_dst=10.0.0.0/24,"
                                + "tp_dst=80 cookie:0xabc/0xfff reset_counts actions=goto_table:9"),
                n("flow-mod modify strict", FlowMod.modifyStrict(2, 100, TCP_TO_WEB,
                        List.of(Instruction.clearActions())).withXid(19)
                        .withFlags(FlowModFlag.NO_PKT_COUNTS, FlowModFlag.NO_BYT_COUNTS),
                        "OFPT_FLOW_MOD (OF1.3) (xid=0x13): MOD_STRICT table:2 priority=100,tcp,in_port=3,"
                                + "nw_dst=10.0.0.0/24,tp_dst=80 no_packet_counts no_byte_counts actions=clear_actions"),
                n("flow-mod delete", FlowMod.delete(OfReserved.TABLE_ALL, Match.ANY).withXid(20)
                        .withCookie(0x5000, 0xf000).withOutPort(7).withOutGroup(3),
                        "OFPT_FLOW_MOD (OF1.3) (xid=0x14): DEL table:255 cookie:0x5000/0xf000 out_port:7 actions=drop"),
                n("flow-mod delete strict", FlowMod.deleteStrict(4, 200, TCP_TO_WEB).withXid(21),
                        "OFPT_FLOW_MOD (OF1.3) (xid=0x15): DEL_STRICT table:4 priority=200,tcp,in_port=3,"
                                + "nw_dst=10.0.0.0/24,tp_dst=80 actions=drop"),
                n("packet-in", new PacketIn(22, OfReserved.NO_BUFFER_ID, ARP_FRAME.length(), PacketInReason.ACTION, 4,
                        0xfeed, Match.builder().inPort(7).tunnelId(0x42).reg(0, 5).build(), ARP_FRAME),
                        "OFPT_PACKET_IN (OF1.3) (xid=0x16): table_id=4 cookie=0xfeed total_len=42"
                                + " reg0=0x5,tun_id=0x42,in_port=7 (via action) data_len=42 (unbuffered)",
                        "arp,vlan_tci=0x0000,dl_src=02:ab:cd:00:00:07,dl_dst=ff:ff:ff:ff:ff:ff,arp_spa=10.0.0.1,"
                                + "arp_tpa=10.0.0.2,arp_op=1"),
                n("packet-out", PacketOut.of(23, OfPorts.CONTROLLER, List.of(Action.output(7)), ARP_FRAME),
                        "OFPT_PACKET_OUT (OF1.3) (xid=0x17): in_port=CONTROLLER actions=output:7 data_len=42",
                        "arp,vlan_tci=0x0000,dl_src=02:ab:cd:00:00:07"),
                n("bundle open", BundleControl.open(24, 0x77, Set.of(BundleFlag.ATOMIC, BundleFlag.ORDERED)),
                        "ONFT_BUNDLE_CONTROL (OF1.3) (xid=0x18):\n"
                                + " bundle_id=0x77 type=OPEN_REQUEST flags=atomic ordered"),
                n("bundle commit reply", new BundleControl(25, 0x77, BundleControlType.COMMIT_REPLY,
                        Set.of(BundleFlag.ATOMIC), List.of()),
                        "ONFT_BUNDLE_CONTROL (OF1.3) (xid=0x19):\n bundle_id=0x77 type=COMMIT_REPLY flags=atomic"),
                n("bundle control with property", new BundleControl(26, 1, BundleControlType.CLOSE_REQUEST,
                        Set.of(), List.of(new BundleProperty(BundleProperty.EXPERIMENTER,
                                Bytes.ofHex("00002320000000010203")))),
                        "ONFT_BUNDLE_CONTROL (OF1.3) (xid=0x1a):\n bundle_id=0x1 type=CLOSE_REQUEST flags=0"),
                n("bundle add", BundleAdd.of(0x77, Set.of(BundleFlag.ATOMIC), bundled),
                        "ONFT_BUNDLE_ADD_MESSAGE (OF1.3) (xid=0x1b):\n bundle_id=0x77 flags=atomic\n"
                                + "OFPT_FLOW_MOD (OF1.3) (xid=0x1b): ADD priority=10,tcp,in_port=3,nw_dst=10.0.0.0/24,"
                                + "tp_dst=80 actions=set_field:0x123456->tun_id,output:7,write_metadata:0x10/0xff,"
                                + "goto_table:5"),
                n("bundle add with property", new BundleAdd(28, 0x77, Set.of(),
                        FlowMod.deleteStrict(4, 200, TCP_TO_WEB).withXid(28), List.of(
                                new BundleProperty(BundleProperty.EXPERIMENTER, Bytes.ofHex("4f4e460000000001")))),
                        "ONFT_BUNDLE_ADD_MESSAGE (OF1.3) (xid=0x1c):\n bundle_id=0x77 flags=0\n"
                                + "OFPT_FLOW_MOD (OF1.3) (xid=0x1c): DEL_STRICT table:4 priority=200"),
                // An experimenter message OVS knows: NXT_SET_CONTROLLER_ID (subtype 20), 6 zero bytes, id 7.
                n("experimenter (nicira set-controller-id)",
                        new ExperimenterMessage(29, 0x2320, 20, Bytes.ofHex("0000000000000007")),
                        "NXT_SET_CONTROLLER_ID (OF1.3) (xid=0x1d): id=7"),
                n("error with request", new ErrorMessage(30, ErrorCodes.BAD_ACTION, 4,
                        Bytes.ofHex(OvsPrint.hexOf(bundled.withXid(30)))),
                        "OFPT_ERROR (OF1.3) (xid=0x1e): OFPBAC_BAD_OUT_PORT\nOFPT_FLOW_MOD (OF1.3) (xid=0x1e): ADD"
                                + " priority=10,tcp,in_port=3,nw_dst=10.0.0.0/24,tp_dst=80"),
                n("error, ONF bundle experimenter", new ErrorMessage(31, ErrorCodes.EXPERIMENTER, 2302,
                        Bytes.ofHex("4f4e4600" + OvsPrint.hexOf(BundleControl.commit(31, 0x77, Set.of())))),
                        "OFPT_ERROR (OF1.3) (xid=0x1f): OFPBFC_BAD_ID\nONFT_BUNDLE_CONTROL (OF1.3) (xid=0x1f):\n"
                                + " bundle_id=0x77 type=COMMIT_REQUEST flags=0"));
    }

    private static Named n(String name, OfMessage message, String... ovsText) {
        return new Named(name, message, List.of(ovsText));
    }
}
