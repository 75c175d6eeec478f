package io.appnet.openflow.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.appnet.openflow.codec.OfDecodeException;
import io.appnet.openflow.message.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatchCodecTest {
    /**
     * Written by {@code ovs-ofctl -m parse-oxm OpenFlow13} (OVS 3.1) for {@code in_port=7, vlan_vid=0x1005, tcp,
     * tcp_flags=+syn-ack, reg0=5, ct_state=+est+trk}: two fields we do not model, one of them an experimenter
     * (ONF) OXM.
     */
    static final String OVS_TCP_WITH_UNKNOWN_FIELDS = "0001003d800000040000000780000a02"
            + "080080000c0210058000140106ffff55" + "084f4e46000002001200010004000000"
            + "050001d3080000002200000022000000";
    /** ip, nw_dst=10.255.1.0/24, tun_id=123456, tun_src=10.1.0.2, metadata=0x100/0xff00. */
    static final String OVS_TUNNEL = "0001003e80000a020800800019080aff"
            + "0100ffffff0080004c08000000000001" + "e24000013e040a010002800005100000"
            + "000000000100000000000000ff000000";
    /** arp, arp_op=2, arp_sha=02:00:00:00:00:01. */
    static final String OVS_ARP = "0001001a80000a02080680002a02000280003006020000000001000000000000";

    @ParameterizedTest
    @CsvSource({
        "OVS_TCP_WITH_UNKNOWN_FIELDS", "OVS_TUNNEL", "OVS_ARP",
    })
    void ovsBytesRoundTripExactly(String name) throws Exception {
        String hex = (String) MatchCodecTest.class.getDeclaredField(name).get(null);
        ByteBuf in = buf(hex + "cafe");
        Match match = Match.decode(in);
        assertThat(ByteBufUtil.hexDump(in)).as("padding consumed, what follows untouched").isEqualTo("cafe");
        assertThat(hex(match)).isEqualTo(hex);
        assertThat(match.wireLength()).isEqualTo(hex.length() / 2);
    }

    @Test
    void decodesModelledFieldsAndKeepsTheOthersOpaque() {
        Match match = Match.decode(buf(OVS_TCP_WITH_UNKNOWN_FIELDS));
        assertThat(match.entries()).containsExactly(
                OxmTlv.exact(OxmField.IN_PORT, 7),
                OxmTlv.exact(OxmField.ETH_TYPE, 0x0800),
                new UnknownOxm(OxmClass.OPENFLOW_BASIC, 6, false, Bytes.ofHex("1005")),
                OxmTlv.exact(OxmField.IP_PROTO, 6),
                new UnknownOxm(OxmClass.EXPERIMENTER, 42, true, Bytes.ofHex("4f4e460000020012")),
                OxmTlv.exact(OxmField.REG0, 5),
                OxmTlv.masked(OxmField.CT_STATE, 0x22, 0x22));
        assertThat(match.toOvsText()).isEqualTo("ct_state=+est+trk,tcp,reg0=0x5,in_port=7,"
                + "oxm(class=0x8000,field=6,payload=1005),oxm(class=0xffff,field=42,payload=4f4e460000020012,masked)");
        assertThat(((UnknownOxm) match.entries().get(4)).experimenterId()).isEqualTo(0x4f4e4600L);
    }

    @Test
    void decodedOvsMatchEqualsTheBuiltOne() {
        Match built = Match.builder().ip().ipv4Dst("10.255.1.0/24").tunnelId(123456).tunIpv4Src("10.1.0.2")
                .metadata(0x100, 0xff00).build();
        assertThat(Match.decode(buf(OVS_TUNNEL))).isEqualTo(built).hasSameHashCodeAs(built);
        assertThat(Match.decode(buf(OVS_ARP)))
                .isEqualTo(Match.builder().arp().arpOp(2).arpSha("02:00:00:00:00:01").build());
    }

    @Test
    void equalityIgnoresOrderButNotValues() {
        OxmTlv port = OxmTlv.exact(OxmField.IN_PORT, 1);
        OxmTlv reg = OxmTlv.exact(OxmField.REG0, 5);
        assertThat(Match.of(port, reg)).isEqualTo(Match.of(reg, port)).hasSameHashCodeAs(Match.of(reg, port));
        assertThat(Match.of(port, reg)).isNotEqualTo(Match.of(port, OxmTlv.exact(OxmField.REG0, 6)));
        assertThat(Match.of(port)).isNotEqualTo(Match.of(port, reg));
        assertThat(Match.of()).isEqualTo(Match.ANY);
    }

    @Test
    void builderWritesOvsOrderWhateverTheCallOrder() {
        Match match = Match.builder().reg(0, 5).tcpDst(80).tcp().inPort(3).build();
        assertThat(match.entries()).extracting(e -> ((OxmTlv) e).field())
                .containsExactly(OxmField.IN_PORT, OxmField.ETH_TYPE, OxmField.IP_PROTO, OxmField.TCP_DST,
                        OxmField.REG0);
        assertThat(match.find(OxmField.TCP_DST)).contains(OxmTlv.exact(OxmField.TCP_DST, 80));
        assertThat(match.contains(OxmField.TCP_SRC)).isFalse();
    }

    @Test
    void emptyMatchIsEightBytes() {
        assertThat(hex(Match.ANY)).isEqualTo("0001000400000000");
        assertThat(Match.decode(buf("0001000400000000"))).isSameAs(Match.ANY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "000100 | ofp_match truncated: 3 bytes, header needs 4",
        "0000000400000000 | ofp_match type 0 is not OFPMT_OXM (1)",
        "0001000200000000 | ofp_match length 2 is shorter than its 4-byte header",
        "0001000c8000000400000001 | ofp_match length 12 (16 with padding) exceeds the 12 bytes present",
        "00010009800000040000000000000000 | OXM class 0x8000 field 0 declares 4 payload bytes, only 1 follow",
        "000100148000000400000001800000040000000200000000 | ofp_match has in_port twice",
        "0001001080000c02100580000c021005 | ofp_match has OXM class 0x8000 field 6 twice",
        "0001000b80000a030800000000000000 | OXM eth_type has payload length 3, expected 2",
        "00010010000101080000000300000001 | OXM reg0 value 0x3 has 1-bits outside mask 0x1",
        "000100108000010800000001ffffffff | OXM in_port carries a mask but the field is not maskable",
        "0001000affff54020000000000000000 | experimenter OXM field 42 has length 2, below the 4 bytes of its experimenter ID",
        "0001000b80000d031005000000000000 | masked OXM class 0x8000 field 6 has odd value+mask length 3",
        "0001000c0001d2040000010000000000 | OXM ct_state value 0x100 sets bits beyond the eight conntrack flags",
    })
    void rejectsMalformedMatchesWithAPreciseMessage(String hex, String message) {
        assertThatThrownBy(() -> Match.decode(buf(hex))).isInstanceOf(OfDecodeException.class).hasMessage(message);
    }

    @Test
    void decodeKeepsAZeroMaskButOvsTextOmitsIt() {
        String hex = "00010010000101080000000000000000";
        Match match = Match.decode(buf(hex));
        assertThat(match.entries()).containsExactly(OxmTlv.masked(OxmField.REG0, 0, 0));
        assertThat(match.toOvsText()).isEmpty();
        assertThat(hex(match)).isEqualTo(hex);
    }

    @Test
    void exactCtStateIsStoredAsOvsStoresIt() {
        Match match = Match.decode(buf("0001000c0001d20400000022" + "00000000"));
        assertThat(match).isEqualTo(Match.builder().masked(OxmField.CT_STATE, 0x22, 0xff).build());
        assertThat(hex(match)).isEqualTo("000100100001d30800000022000000ff");
    }

    @Test
    void decodeAcceptsMissingPrerequisitesButEncodeRefuses() {
        Match match = Match.decode(buf("0001000a80001c020050000000000000"));
        assertThat(match.toOvsText()).isEqualTo("tp_dst=80");
        assertThatThrownBy(() -> match.encode(Unpooled.buffer())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tcp_dst requires eth_type=0x0800 or 0x86dd and ip_proto=6, but the match has "
                        + "eth_type=(none), ip_proto=(none)");
    }

    @Test
    void builderRefusesWhatOvsWouldRefuse() {
        assertThatThrownBy(() -> Match.builder().tcpDst(80).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tcp_dst requires eth_type=0x0800 or 0x86dd and ip_proto=6");
        assertThatThrownBy(() -> Match.builder().udp().tcpSrc(1).build())
                .hasMessage("tcp_src requires eth_type=0x0800 or 0x86dd and ip_proto=6, but the match has "
                        + "eth_type=0x0800, ip_proto=17");
        assertThatThrownBy(() -> Match.builder().ethType(0x86dd).ipProto(1).icmpType(8).build())
                .hasMessageStartingWith("icmp_type requires eth_type=0x0800 and ip_proto=1");
        assertThatThrownBy(() -> Match.builder().ipv4Dst("10.0.0.1").build())
                .hasMessageStartingWith("ip_dst requires eth_type=0x0800");
        assertThatThrownBy(() -> Match.builder().ip().arpOp(1).build())
                .hasMessageStartingWith("arp_op requires eth_type=0x0806 or 0x8035");
        assertThatThrownBy(() -> Match.builder().ipProto(6).build())
                .hasMessageStartingWith("nw_proto requires eth_type=0x0800 or 0x86dd");
        assertThatThrownBy(() -> Match.builder().inPort(0xff00).build())
                .hasMessageContaining("in_port 65280 is outside the port ranges");
        assertThatThrownBy(() -> Match.builder().arp().arpOp(256).build())
                .hasMessage("arp_op 256 exceeds 255, the largest Open vSwitch matches");
    }

    @Test
    void builderRefusesBadArguments() {
        assertThatThrownBy(() -> Match.builder().inPort(1).inPort(2)).hasMessage("in_port is already in the match");
        assertThatThrownBy(() -> Match.builder().tcp().ip()).hasMessage("eth_type is already in the match");
        assertThatThrownBy(() -> Match.builder().reg(1, 0, 0)).hasMessage("reg1 with mask 0 matches every value; "
                + "leave it out");
        assertThatThrownBy(() -> Match.builder().ip().ipv4Dst("10.0.0.1/24"))
                .hasMessage("ip_dst value 0xa000001 has 1-bits outside mask 0xffffff00");
        assertThatThrownBy(() -> Match.builder().ipv4Dst("10.0.0/24")).hasMessage("not an IPv4 address: '10.0.0'");
        assertThatThrownBy(() -> Match.builder().ipv4Dst("10.0.0.0/33"))
                .hasMessage("IPv4 prefix length 33 is outside 0..32");
        assertThatThrownBy(() -> Match.builder().ipv4Dst("10.0.0.0/")).hasMessage("not a CIDR prefix length: "
                + "'10.0.0.0/'");
        assertThatThrownBy(() -> Match.builder().ethSrc("02:00:00:00:00")).hasMessage("not an Ethernet address: "
                + "'02:00:00:00:00'");
        assertThatThrownBy(() -> Match.builder().tcpDst(0x10000)).hasMessage("tcp_dst value 0x10000 does not fit in "
                + "16 bits");
        assertThatThrownBy(() -> Match.of(OxmTlv.exact(OxmField.REG2, 1), OxmTlv.exact(OxmField.REG2, 2)))
                .hasMessage("match has reg2 twice");
    }

    @Test
    void ctStateTextBothWays() {
        assertThat(CtState.parse("+trk-new+est")).isEqualTo(new CtState(CtState.TRACKED | CtState.ESTABLISHED,
                CtState.TRACKED | CtState.ESTABLISHED | CtState.NEW));
        assertThat(CtState.parse("+trk-new+est").toOvsText()).isEqualTo("-new+est+trk");
        assertThat(new CtState(0x22, 0xff).toOvsText()).isEqualTo("est|trk");
        assertThatThrownBy(() -> CtState.parse("+est+bogus")).hasMessageContaining("unknown flag 'bogus'");
        assertThatThrownBy(() -> CtState.parse("est")).hasMessageContaining("expected + or - at position 0");
        assertThatThrownBy(() -> CtState.parse("+est-est")).hasMessage("ct_state '+est-est' names est twice");
        assertThatThrownBy(() -> CtState.parse("")).hasMessage("ct_state '' names no flag");
    }

    static String hex(Match match) {
        ByteBuf out = Unpooled.buffer();
        match.encode(out);
        assertThat(out.readableBytes()).isEqualTo(match.wireLength());
        return ByteBufUtil.hexDump(out);
    }

    static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.strip()));
    }
}
