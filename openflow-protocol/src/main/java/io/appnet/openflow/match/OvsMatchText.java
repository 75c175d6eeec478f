package io.appnet.openflow.match;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Formats a match exactly as Open vSwitch 3.1 {@code match_format()} ({@code lib/match.c}) does: its field
 * order, its names ({@code dl_src}, {@code nw_dst}, {@code tp_dst}, {@code tun_src}), the {@code ip}/{@code tcp}
 * /{@code udp}/{@code icmp}/{@code arp} shorthands that swallow eth_type and ip_proto, and its number formats
 * (hex for registers, marks, tun_id and metadata, decimal for ports unless masked).
 *
 * <p>A match OVS would refuse (missing prerequisites) has no OVS text; its leftover fields are appended as
 * {@code name=value}, and TLVs we do not model as {@code oxm(class=..,field=..,payload=..)}, so nothing is hidden.
 */
final class OvsMatchText {
    private static final int ETH_TYPE_NSH = 0x894f;
    private static final int ETH_TYPE_MPLS = 0x8847;
    private static final int ETH_TYPE_MPLS_MCAST = 0x8848;
    private static final int IP_PROTO_SCTP = 132;
    private static final int IP_PROTO_ICMPV6 = 58;
    private static final List<String> RESERVED_PORTS = List.of(
            "UNSET", "IN_PORT", "TABLE", "NORMAL", "FLOOD", "ALL", "CONTROLLER", "LOCAL", "ANY");

    private final Map<OxmField, OxmTlv> fields = new EnumMap<>(OxmField.class);
    private final List<String> parts = new ArrayList<>();

    private OvsMatchText(Match match) {
        for (OxmEntry e : match.entries()) {
            // A zero mask wildcards the field entirely; OVS keeps no trace of it.
            if (e instanceof OxmTlv tlv && tlv.mask() != 0) {
                fields.put(tlv.field(), tlv);
            }
        }
    }

    static String format(Match match) {
        OvsMatchText text = new OvsMatchText(match);
        text.formatKnown();
        for (OxmEntry e : match.entries()) {
            if (e instanceof UnknownOxm u) {
                text.parts.add(String.format("oxm(class=0x%04x,field=%d,payload=%s%s)", u.oxmClass(),
                        u.fieldNumber(), u.payload(), u.hasMask() ? ",masked" : ""));
            }
        }
        return String.join(",", text.parts);
    }

    private void formatKnown() {
        Long dlType = valueOf(OxmField.ETH_TYPE);
        Long nwProto = valueOf(OxmField.IP_PROTO);
        put(OxmField.CONJ_ID, tlv -> Long.toString(tlv.value()));
        OxmTlv ctState = fields.remove(OxmField.CT_STATE);
        if (ctState != null && (ctState.mask() & 0xff) != 0) {
            int mask = (int) ctState.mask() & 0xff;
            parts.add("ct_state=" + new CtState((int) ctState.value() & mask, mask).toOvsText());
        }
        put(OxmField.CT_ZONE, tlv -> Long.toString(tlv.value()));
        put(OxmField.CT_MARK, OvsMatchText::hexMasked);
        boolean skipProto = formatShorthand(dlType, nwProto);
        for (int i = 0; i < 16; i++) {
            put(OxmField.reg(i), OvsMatchText::hexMasked);
        }
        put(OxmField.TUNNEL_ID, OvsMatchText::hexMasked);
        put(OxmField.TUN_IPV4_SRC, OvsMatchText::ipMasked);
        put(OxmField.TUN_IPV4_DST, OvsMatchText::ipMasked);
        put(OxmField.METADATA, OvsMatchText::hexMasked);
        put(OxmField.IN_PORT, tlv -> port(tlv.value()));
        put("dl_src", OxmField.ETH_SRC, OvsMatchText::macMasked);
        put("dl_dst", OxmField.ETH_DST, OvsMatchText::macMasked);
        put("dl_type", OxmField.ETH_TYPE, tlv -> String.format("0x%04x", tlv.value()));
        boolean arp = dlType != null && (dlType == MatchRules.ETH_TYPE_ARP || dlType == MatchRules.ETH_TYPE_RARP);
        boolean ipv6 = dlType != null && dlType == MatchRules.ETH_TYPE_IPV6;
        boolean nsh = dlType != null && dlType == ETH_TYPE_NSH;
        if (arp) {
            put(OxmField.ARP_SPA, OvsMatchText::ipMasked);
            put(OxmField.ARP_TPA, OvsMatchText::ipMasked);
        } else if (!ipv6 && !nsh) {
            put("nw_src", OxmField.IPV4_SRC, OvsMatchText::ipMasked);
            put("nw_dst", OxmField.IPV4_DST, OvsMatchText::ipMasked);
        }
        if (!skipProto) {
            put(arp ? "arp_op" : "nw_proto", arp ? OxmField.ARP_OP : OxmField.IP_PROTO,
                    tlv -> Long.toString(tlv.value()));
        }
        if (arp) {
            put(OxmField.ARP_SHA, OvsMatchText::macMasked);
            put(OxmField.ARP_THA, OvsMatchText::macMasked);
        }
        boolean icmp = dlType != null && dlType == MatchRules.ETH_TYPE_IPV4 && nwProto != null
                && nwProto == MatchRules.IP_PROTO_ICMP;
        boolean icmp6 = ipv6 && nwProto != null && nwProto == IP_PROTO_ICMPV6;
        if (icmp) {
            put(OxmField.ICMPV4_TYPE, OvsMatchText::be16Masked);
            put(OxmField.ICMPV4_CODE, OvsMatchText::be16Masked);
        } else if (!icmp6) {
            put("tp_src", fields.containsKey(OxmField.TCP_SRC) ? OxmField.TCP_SRC : OxmField.UDP_SRC,
                    OvsMatchText::be16Masked);
            put("tp_dst", fields.containsKey(OxmField.TCP_DST) ? OxmField.TCP_DST : OxmField.UDP_DST,
                    OvsMatchText::be16Masked);
        }
        for (OxmTlv leftover : List.copyOf(fields.values())) {
            put(leftover.field(), tlv -> tlv.isMasked() ? hexMasked(tlv) : Long.toUnsignedString(tlv.value()));
        }
    }

    /** The {@code ip}, {@code tcp}, ... prefix; returns whether it stands for ip_proto too. */
    private boolean formatShorthand(Long dlType, Long nwProto) {
        if (dlType == null) {
            return false;
        }
        String name;
        boolean coversProto = false;
        if (dlType == MatchRules.ETH_TYPE_IPV4 || dlType == MatchRules.ETH_TYPE_IPV6) {
            boolean v6 = dlType == MatchRules.ETH_TYPE_IPV6;
            String proto = nwProto == null ? null : switch (nwProto.intValue()) {
                case MatchRules.IP_PROTO_TCP -> "tcp";
                case MatchRules.IP_PROTO_UDP -> "udp";
                case IP_PROTO_SCTP -> "sctp";
                case MatchRules.IP_PROTO_ICMP -> v6 ? null : "icmp";
                case IP_PROTO_ICMPV6 -> v6 ? "icmp" : null;
                default -> null;
            };
            coversProto = proto != null;
            name = proto != null ? proto + (v6 ? "6" : "") : (v6 ? "ipv6" : "ip");
        } else if (dlType == MatchRules.ETH_TYPE_ARP) {
            name = "arp";
        } else if (dlType == MatchRules.ETH_TYPE_RARP) {
            name = "rarp";
        } else if (dlType == ETH_TYPE_MPLS) {
            name = "mpls";
        } else if (dlType == ETH_TYPE_MPLS_MCAST) {
            name = "mplsm";
        } else {
            return false;
        }
        parts.add(name);
        fields.remove(OxmField.ETH_TYPE);
        if (coversProto) {
            fields.remove(OxmField.IP_PROTO);
        }
        return coversProto;
    }

    private Long valueOf(OxmField field) {
        OxmTlv tlv = fields.get(field);
        return tlv == null ? null : tlv.value();
    }

    private void put(OxmField field, Function<OxmTlv, String> value) {
        put(field.ovsName(), field, value);
    }

    private void put(String name, OxmField field, Function<OxmTlv, String> value) {
        OxmTlv tlv = fields.remove(field);
        if (tlv != null) {
            parts.add(name + "=" + value.apply(tlv));
        }
    }

    /** C's {@code %#x}: {@code 0} for zero, else {@code 0x...}. */
    private static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }

    private static String hexMasked(OxmTlv tlv) {
        return hex(tlv.value()) + (tlv.isMasked() ? "/" + hex(tlv.mask()) : "");
    }

    /** {@code format_be16_masked()}: decimal when exact, else {@code 0x50/0xfff0} (zero as {@code 0x0}). */
    private static String be16Masked(OxmTlv tlv) {
        if (!tlv.isMasked()) {
            return Long.toString(tlv.value());
        }
        return "0x" + Long.toHexString(tlv.value()) + "/0x" + Long.toHexString(tlv.mask());
    }

    private static String ipMasked(OxmTlv tlv) {
        return AddressText.formatIpv4Masked(tlv.value(), tlv.mask());
    }

    private static String macMasked(OxmTlv tlv) {
        return AddressText.formatMac(tlv.value()) + (tlv.isMasked() ? "/" + AddressText.formatMac(tlv.mask()) : "");
    }

    /** As {@code ofputil_format_port()} after OVS maps the 32-bit OF1.3 port to its 16-bit space. */
    private static String port(long port) {
        if (port >= 0xffffff00L) {
            int port16 = (int) (port - 0xffff0000L);
            return port16 >= 0xfff7 ? RESERVED_PORTS.get(port16 - 0xfff7) : Integer.toString(port16);
        }
        return Long.toString(port);
    }
}
