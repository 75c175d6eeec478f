package io.appnet.compiler.flow;

import java.util.HashMap;
import java.util.Map;

/**
 * The packet and pipeline fields the IR can match, set or move: OpenFlow 1.3 OXM basic fields plus the
 * Nicira extension fields that Open vSwitch 3.1 accepts over OpenFlow 1.3.
 *
 * <p>Declaration order is the order in which {@code ovs-ofctl} prints a match (OVS {@code match_format}),
 * so rendering a {@link Match} in this order reproduces {@code dump-flows} text exactly.
 * {@link #standard()} tells whether a field is plain OpenFlow 1.3 (usable by a hardware switch profile).
 */
public enum MatchField {
    CONJ_ID("conj_id", null, null, 32, Format.DECIMAL, false),
    CT_STATE("ct_state", null, null, 8, Format.CT_FLAGS, false),
    CT_ZONE("ct_zone", null, null, 16, Format.DECIMAL_OR_HEX_MASKED, false),
    CT_MARK("ct_mark", "ct_mark", "NXM_NX_CT_MARK", 32, Format.HEX, false),
    REG0(0), REG1(1), REG2(2), REG3(3), REG4(4), REG5(5), REG6(6), REG7(7),
    REG8(8), REG9(9), REG10(10), REG11(11), REG12(12), REG13(13), REG14(14), REG15(15),
    /** OpenFlow 1.3's OXM_OF_TUNNEL_ID (the controller encodes it so); only {@code move} into it is Nicira. */
    TUN_ID("tun_id", "tun_id", "NXM_NX_TUN_ID", 64, Format.HEX, true),
    TUN_SRC("tun_src", "tun_src", "NXM_NX_TUN_IPV4_SRC", 32, Format.IPV4, false),
    TUN_DST("tun_dst", "tun_dst", "NXM_NX_TUN_IPV4_DST", 32, Format.IPV4, false),
    METADATA("metadata", "metadata", "OXM_OF_METADATA", 64, Format.HEX, true),
    IN_PORT("in_port", null, "NXM_OF_IN_PORT", 32, Format.DECIMAL, true),
    ETH_SRC("dl_src", "eth_src", "NXM_OF_ETH_SRC", 48, Format.MAC, true),
    ETH_DST("dl_dst", "eth_dst", "NXM_OF_ETH_DST", 48, Format.MAC, true),
    ETH_TYPE("dl_type", null, null, 16, Format.HEX4, true),
    IPV4_SRC("nw_src", "ip_src", "NXM_OF_IP_SRC", 32, Format.IPV4, true),
    IPV4_DST("nw_dst", "ip_dst", "NXM_OF_IP_DST", 32, Format.IPV4, true),
    ARP_SPA("arp_spa", "arp_spa", "NXM_OF_ARP_SPA", 32, Format.IPV4, true),
    ARP_TPA("arp_tpa", "arp_tpa", "NXM_OF_ARP_TPA", 32, Format.IPV4, true),
    IP_PROTO("nw_proto", null, null, 8, Format.DECIMAL, true),
    ARP_OP("arp_op", "arp_op", "NXM_OF_ARP_OP", 16, Format.DECIMAL, true),
    ARP_SHA("arp_sha", "arp_sha", "NXM_NX_ARP_SHA", 48, Format.MAC, true),
    ARP_THA("arp_tha", "arp_tha", "NXM_NX_ARP_THA", 48, Format.MAC, true),
    ICMP_TYPE("icmp_type", "icmp_type", "NXM_OF_ICMP_TYPE", 8, Format.DECIMAL, true),
    ICMP_CODE("icmp_code", "icmp_code", "NXM_OF_ICMP_CODE", 8, Format.DECIMAL, true),
    TCP_SRC("tp_src", "tcp_src", "NXM_OF_TCP_SRC", 16, Format.DECIMAL_OR_HEX_MASKED, true),
    TCP_DST("tp_dst", "tcp_dst", "NXM_OF_TCP_DST", 16, Format.DECIMAL_OR_HEX_MASKED, true),
    UDP_SRC("tp_src", "udp_src", "NXM_OF_UDP_SRC", 16, Format.DECIMAL_OR_HEX_MASKED, true),
    UDP_DST("tp_dst", "udp_dst", "NXM_OF_UDP_DST", 16, Format.DECIMAL_OR_HEX_MASKED, true);

    /** How {@code ovs-ofctl} prints a value (and mask) of the field. */
    enum Format { HEX, HEX4, DECIMAL, DECIMAL_OR_HEX_MASKED, IPV4, MAC, CT_FLAGS }

    private static final Map<String, MatchField> BY_SET_NAME = new HashMap<>();
    private static final Map<String, MatchField> BY_NXM_NAME = new HashMap<>();

    static {
        for (MatchField field : values()) {
            if (field.setFieldName != null) {
                BY_SET_NAME.put(field.setFieldName, field);
            }
            if (field.nxmName != null) {
                BY_NXM_NAME.put(field.nxmName, field);
            }
        }
    }

    private final String matchName;
    private final String setFieldName;
    private final String nxmName;
    private final int bits;
    private final Format format;
    private final boolean standard;

    MatchField(int register) {
        this("reg" + register, "reg" + register, "NXM_NX_REG" + register, 32, Format.HEX, false);
    }

    MatchField(String matchName, String setFieldName, String nxmName, int bits, Format format, boolean standard) {
        this.matchName = matchName;
        this.setFieldName = setFieldName;
        this.nxmName = nxmName;
        this.bits = bits;
        this.format = format;
        this.standard = standard;
    }

    /** Register {@code n} (0..15), Nicira's {@code NXM_NX_REGn}. */
    public static MatchField register(int n) {
        if (n < 0 || n > 15) {
            throw new IllegalArgumentException("no register " + n + ": Open vSwitch has reg0..reg15");
        }
        return values()[REG0.ordinal() + n];
    }

    public String matchName() {
        return matchName;
    }

    /** The name {@code set_field} uses, or null if the field cannot be written by set_field. */
    public String setFieldName() {
        return setFieldName;
    }

    /** The NXM/OXM name {@code move} uses, or null if the field is not movable. */
    public String nxmName() {
        return nxmName;
    }

    public int bits() {
        return bits;
    }

    /** All ones over the field's width. */
    public long fullMask() {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    /** True for plain OpenFlow 1.3 fields, false for Nicira extensions. */
    public boolean standard() {
        return standard;
    }

    Format format() {
        return format;
    }

    static MatchField bySetFieldName(String name) {
        return BY_SET_NAME.get(name);
    }

    static MatchField byNxmName(String name) {
        return BY_NXM_NAME.get(name);
    }
}
