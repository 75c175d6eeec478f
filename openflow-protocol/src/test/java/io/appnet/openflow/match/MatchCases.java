package io.appnet.openflow.match;

import java.util.List;

/**
 * Matches and the text {@code ovs-ofctl -O OpenFlow13} prints for them, covering every field, the shorthands,
 * masks, reserved ports and OVS's number formats. {@link MatchOvsOracleTest} proves each text against the real
 * ovs-ofctl; {@link MatchOvsTextTest} checks {@link Match#toOvsText()} against the same table without it.
 */
final class MatchCases {
    record Case(String ovsText, Match match) {
        @Override
        public String toString() {
            return ovsText.isEmpty() ? "(any)" : ovsText;
        }
    }

    private MatchCases() {
    }

    static List<Case> all() {
        return List.of(
                c("", Match.ANY),
                c("in_port=1", b().inPort(1)),
                c("in_port=65279", b().inPort(0xfeff)),
                c("in_port=LOCAL", b().inPort(0xfffffffeL)),
                c("in_port=CONTROLLER", b().inPort(0xfffffffdL)),
                c("in_port=IN_PORT", b().inPort(0xfffffff8L)),
                c("in_port=65280", b().inPort(0xffffff00L)),
                c("dl_type=0x88cc", b().ethType(0x88cc)),
                c("ip", b().ip()),
                c("ip,nw_proto=47", b().ip().ipProto(47)),
                c("tcp", b().tcp()),
                c("udp", b().udp()),
                c("icmp", b().icmp()),
                c("sctp", b().ip().ipProto(132)),
                c("arp", b().arp()),
                c("rarp,arp_op=3", b().ethType(0x8035).arpOp(3)),
                c("ipv6", b().ethType(0x86dd)),
                c("tcp6,tp_dst=443", b().ethType(0x86dd).ipProto(6).tcpDst(443)),
                c("icmp6", b().ethType(0x86dd).ipProto(58)),
                c("ipv6,nw_proto=1", b().ethType(0x86dd).ipProto(1)),
                c("mpls", b().ethType(0x8847)),
                c("dl_src=02:00:00:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff",
                        b().ethDst("ff:ff:ff:ff:ff:ff").ethSrc("02:00:00:00:00:01")),
                c("dl_dst=01:00:00:00:00:00/01:00:00:00:00:00", b().ethDst(0x010000000000L, 0x010000000000L)),
                c("dl_src=0a:bc:00:00:00:00/ff:ff:00:00:00:00,dl_type=0x88cc",
                        b().ethSrc(0x0abc00000000L, 0xffff00000000L).ethType(0x88cc)),
                c("tcp,nw_src=10.0.0.1,nw_dst=10.0.0.0/24,tp_src=1234,tp_dst=80",
                        b().tcp().tcpDst(80).tcpSrc(1234).ipv4Dst("10.0.0.0/24").ipv4Src("10.0.0.1")),
                c("ip,nw_dst=10.0.0.1/255.0.0.255", b().ip().masked(OxmField.IPV4_DST, 0x0a000001L, 0xff0000ffL)),
                c("ip,nw_src=128.0.0.0/1", b().ip().ipv4Src(0x80000000, 1)),
                c("tcp,tp_dst=0x50/0xfff0", b().tcp().tcpDst(0x50, 0xfff0)),
                c("tcp,tp_src=0x0/0xfc00", b().tcp().tcpSrc(0, 0xfc00)),
                c("udp,tp_src=68,tp_dst=67", b().udp().udpSrc(68).udpDst(67)),
                c("udp,tp_dst=0x1000/0xf000", b().udp().udpDst(0x1000, 0xf000)),
                c("icmp,icmp_type=8,icmp_code=0", b().icmp().icmpType(8).icmpCode(0)),
                c("arp,arp_spa=10.0.0.1,arp_tpa=10.0.0.0/24,arp_op=1,arp_sha=02:00:00:00:00:01,"
                        + "arp_tha=00:00:00:00:00:00",
                        b().arp().arpOp(1).arpSpa("10.0.0.1").arpTpa("10.0.0.0/24").arpSha("02:00:00:00:00:01")
                                .arpTha("00:00:00:00:00:00")),
                c("reg0=0x5", b().reg(0, 5)),
                c("reg0=0", b().reg(0, 0)),
                c("reg3=0/0xff", b().reg(3, 0, 0xff)),
                c("reg15=0x10/0xf0", b().reg(15, 0x10, 0xf0)),
                c("reg1=0xffffffff", b().reg(1, 0xffffffffL, 0xffffffffL)),
                c("reg0=0x1,reg7=0x2,reg12=0x3", b().reg(12, 3).reg(0, 1).reg(7, 2)),
                c("tun_id=0x7b", b().tunnelId(123)),
                c("tun_id=0", b().tunnelId(0)),
                c("tun_id=0xffffffffffffffff", b().tunnelId(-1L)),
                c("tun_id=0x100/0xffffff00", b().tunnelId(0x100, 0xffffff00L)),
                c("tun_src=192.168.1.1,tun_dst=192.168.0.0/16",
                        b().tunIpv4Dst("192.168.0.0/16").tunIpv4Src("192.168.1.1")),
                c("metadata=0x1234", b().metadata(0x1234)),
                c("metadata=0x8000000000000000/0x8000000000000000",
                        b().metadata(0x8000000000000000L, 0x8000000000000000L)),
                c("ct_state=+est+trk", b().ctState("+trk+est")),
                c("ct_state=-new+trk", b().ctState("+trk-new")),
                c("ct_state=+inv+trk", b().ctState("+inv+trk")),
                c("ct_state=-rpl+trk", b().ctState("-rpl+trk")),
                c("ct_state=+rel", b().ctState("+rel")),
                c("ct_state=+snat+dnat", b().ctState("+dnat+snat")),
                c("ct_state=est|trk", b().exact(OxmField.CT_STATE, 0x22)),
                c("ct_state=0", b().exact(OxmField.CT_STATE, 0)),
                c("ct_zone=5", b().ctZone(5)),
                c("ct_mark=0x1", b().ctMark(1)),
                c("ct_mark=0x10/0xf0", b().ctMark(0x10, 0xf0)),
                c("conj_id=7", b().conjId(7)),
                c("conj_id=4294967295", b().conjId(0xffffffffL)),
                c("ct_state=+est+trk,tcp,reg0=0x5,tun_id=0x7b,in_port=1,nw_dst=10.0.0.0/24,tp_dst=0x50/0xfff0",
                        b().inPort(1).tcp().ipv4Dst("10.0.0.0/24").tcpDst(0x50, 0xfff0).reg(0, 5).tunnelId(123)
                                .ctState("+est+trk")),
                c("conj_id=3,ct_state=-new+est+trk,ct_zone=9,ct_mark=0x1/0x1,udp,reg6=0x1e240,"
                        + "tun_id=0x1e240,tun_src=10.1.0.2,tun_dst=10.1.0.1,metadata=0x2a,in_port=7,"
                        + "dl_src=02:00:0a:ff:00:02,dl_dst=02:00:0a:ff:00:01,nw_src=10.255.0.2,"
                        + "nw_dst=10.255.1.0/24,tp_src=4096,tp_dst=0x2000/0xe000",
                        b().conjId(3).ctMark(1, 1).ctZone(9).ctState("+trk+est-new").udp().udpDst(0x2000, 0xe000)
                                .udpSrc(4096).ipv4Src("10.255.0.2").ipv4Dst("10.255.1.0/24").ethSrc("02:00:0a:ff:00:02")
                                .ethDst("02:00:0a:ff:00:01").inPort(7).metadata(42).tunIpv4Dst("10.1.0.1")
                                .tunIpv4Src("10.1.0.2").tunnelId(123456).reg(6, 123456)),
                c("icmp,tun_id=0x10,in_port=2,nw_src=10.0.0.2,icmp_type=0",
                        b().tunnelId(16).inPort(2).icmp().ipv4Src("10.0.0.2").icmpType(0)));
    }

    private static MatchBuilder b() {
        return Match.builder();
    }

    private static Case c(String text, MatchBuilder builder) {
        return new Case(text, builder.build());
    }

    private static Case c(String text, Match match) {
        return new Case(text, match);
    }
}
