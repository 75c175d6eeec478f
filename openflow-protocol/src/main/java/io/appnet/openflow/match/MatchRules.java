package io.appnet.openflow.match;

import java.util.Optional;

/**
 * What Open vSwitch demands of a match before it accepts a flow: each field's prerequisites ({@code
 * Prerequisites:} in {@code meta-flow.h}; OVS answers {@code OFPBMC_BAD_PREREQ}) and the values it refuses
 * ({@code mf_is_value_valid()}; {@code OFPBMC_BAD_VALUE}).
 */
final class MatchRules {
    static final int ETH_TYPE_IPV4 = 0x0800;
    static final int ETH_TYPE_ARP = 0x0806;
    static final int ETH_TYPE_RARP = 0x8035;
    static final int ETH_TYPE_IPV6 = 0x86dd;
    static final int IP_PROTO_ICMP = 1;
    static final int IP_PROTO_TCP = 6;
    static final int IP_PROTO_UDP = 17;

    private MatchRules() {
    }

    /** @throws IllegalArgumentException naming the first field whose prerequisite or value OVS would reject */
    static void check(Match match) {
        Long ethType = value(match, OxmField.ETH_TYPE);
        Long ipProto = value(match, OxmField.IP_PROTO);
        for (OxmEntry entry : match.entries()) {
            if (entry instanceof OxmTlv tlv) {
                checkPrerequisite(tlv.field(), ethType, ipProto);
                checkValue(tlv);
            }
        }
    }

    private static void checkPrerequisite(OxmField field, Long ethType, Long ipProto) {
        switch (field) {
            case IPV4_SRC, IPV4_DST -> require(field, ethType, ipProto, "eth_type=0x0800", ethTypeIs(ethType,
                    ETH_TYPE_IPV4));
            case IP_PROTO -> require(field, ethType, ipProto, "eth_type=0x0800 or 0x86dd", isIp(ethType));
            case TCP_SRC, TCP_DST -> require(field, ethType, ipProto, "eth_type=0x0800 or 0x86dd and ip_proto=6",
                    isIp(ethType) && protoIs(ipProto, IP_PROTO_TCP));
            case UDP_SRC, UDP_DST -> require(field, ethType, ipProto, "eth_type=0x0800 or 0x86dd and ip_proto=17",
                    isIp(ethType) && protoIs(ipProto, IP_PROTO_UDP));
            case ICMPV4_TYPE, ICMPV4_CODE -> require(field, ethType, ipProto, "eth_type=0x0800 and ip_proto=1",
                    ethTypeIs(ethType, ETH_TYPE_IPV4) && protoIs(ipProto, IP_PROTO_ICMP));
            case ARP_OP, ARP_SPA, ARP_TPA, ARP_SHA, ARP_THA -> require(field, ethType, ipProto,
                    "eth_type=0x0806 or 0x8035", ethTypeIs(ethType, ETH_TYPE_ARP) || ethTypeIs(ethType,
                            ETH_TYPE_RARP));
            default -> {
            }
        }
    }

    private static void checkValue(OxmTlv tlv) {
        long v = tlv.value();
        switch (tlv.field()) {
            case IN_PORT -> {
                if (v >= 0xff00 && v < 0xffffff00L) {
                    throw new IllegalArgumentException("in_port " + v + " is outside the port ranges Open vSwitch "
                            + "accepts (0..0xfeff and 0xffffff00..0xffffffff)");
                }
            }
            case ARP_OP -> {
                if (v > 0xff) {
                    throw new IllegalArgumentException("arp_op " + v + " exceeds 255, the largest Open vSwitch "
                            + "matches");
                }
            }
            default -> {
            }
        }
    }

    private static void require(OxmField field, Long ethType, Long ipProto, String needed, boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException(String.format("%s requires %s, but the match has eth_type=%s, "
                    + "ip_proto=%s", field.ovsName(), needed,
                    ethType == null ? "(none)" : String.format("0x%04x", ethType),
                    ipProto == null ? "(none)" : ipProto.toString()));
        }
    }

    private static boolean isIp(Long ethType) {
        return ethTypeIs(ethType, ETH_TYPE_IPV4) || ethTypeIs(ethType, ETH_TYPE_IPV6);
    }

    private static boolean ethTypeIs(Long ethType, int expected) {
        return ethType != null && ethType == expected;
    }

    private static boolean protoIs(Long ipProto, int expected) {
        return ipProto != null && ipProto == expected;
    }

    private static Long value(Match match, OxmField field) {
        Optional<OxmTlv> tlv = match.find(field);
        return tlv.map(OxmTlv::value).orElse(null);
    }
}
