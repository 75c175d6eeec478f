package io.appnet.openflow.match;

import java.util.HashMap;
import java.util.Map;

/**
 * The match fields the appnet pipeline uses, with the OXM header Open vSwitch puts in OpenFlow 1.3 matches and
 * set_field actions, and the NXM header it puts in {@code NXAST_REG_MOVE} ({@code move:} in ovs-ofctl).
 *
 * <p>Numbers come from Open vSwitch 3.1 {@code include/openvswitch/meta-flow.h}: for OpenFlow 1.3 OVS uses the
 * newest mapping "since OF1.2/OF1.3" (so {@code tun_id} is {@code OXM_OF_TUNNEL_ID}); for reg-move it uses the
 * first (legacy NXM) mapping (so {@code tun_id} is {@code NXM_NX_TUN_ID}, {@code in_port} the 16-bit
 * {@code NXM_OF_IN_PORT}); a field without NXM mapping keeps its OXM one ({@code OXM_OF_METADATA}).
 *
 * <p>The constants are declared in the order Open vSwitch writes them into a match ({@code nx_put_raw()} in
 * {@code lib/nx-match.c}), so a match sorted by ordinal encodes byte for byte as OVS encodes the same flow.
 */
public enum OxmField {
    CONJ_ID(OxmClass.NXM_1, 37, 4, false, "conj_id", "NXM_NX_CONJ_ID", OxmClass.NXM_1, 37, 4),
    IN_PORT(OxmClass.OPENFLOW_BASIC, 0, 4, false, "in_port", "NXM_OF_IN_PORT", OxmClass.NXM_0, 0, 2),
    ETH_SRC(OxmClass.OPENFLOW_BASIC, 4, 6, true, "eth_src", "NXM_OF_ETH_SRC", OxmClass.NXM_0, 2, 6),
    ETH_DST(OxmClass.OPENFLOW_BASIC, 3, 6, true, "eth_dst", "NXM_OF_ETH_DST", OxmClass.NXM_0, 1, 6),
    ETH_TYPE(OxmClass.OPENFLOW_BASIC, 5, 2, false, "eth_type", "NXM_OF_ETH_TYPE", OxmClass.NXM_0, 3, 2),
    IPV4_SRC(OxmClass.OPENFLOW_BASIC, 11, 4, true, "ip_src", "NXM_OF_IP_SRC", OxmClass.NXM_0, 7, 4),
    IPV4_DST(OxmClass.OPENFLOW_BASIC, 12, 4, true, "ip_dst", "NXM_OF_IP_DST", OxmClass.NXM_0, 8, 4),
    IP_PROTO(OxmClass.OPENFLOW_BASIC, 10, 1, false, "nw_proto", "NXM_OF_IP_PROTO", OxmClass.NXM_0, 6, 1),
    TCP_SRC(OxmClass.OPENFLOW_BASIC, 13, 2, true, "tcp_src", "NXM_OF_TCP_SRC", OxmClass.NXM_0, 9, 2),
    TCP_DST(OxmClass.OPENFLOW_BASIC, 14, 2, true, "tcp_dst", "NXM_OF_TCP_DST", OxmClass.NXM_0, 10, 2),
    UDP_SRC(OxmClass.OPENFLOW_BASIC, 15, 2, true, "udp_src", "NXM_OF_UDP_SRC", OxmClass.NXM_0, 11, 2),
    UDP_DST(OxmClass.OPENFLOW_BASIC, 16, 2, true, "udp_dst", "NXM_OF_UDP_DST", OxmClass.NXM_0, 12, 2),
    ICMPV4_TYPE(OxmClass.OPENFLOW_BASIC, 19, 1, false, "icmp_type", "NXM_OF_ICMP_TYPE", OxmClass.NXM_0, 13, 1),
    ICMPV4_CODE(OxmClass.OPENFLOW_BASIC, 20, 1, false, "icmp_code", "NXM_OF_ICMP_CODE", OxmClass.NXM_0, 14, 1),
    ARP_OP(OxmClass.OPENFLOW_BASIC, 21, 2, false, "arp_op", "NXM_OF_ARP_OP", OxmClass.NXM_0, 15, 2),
    ARP_SPA(OxmClass.OPENFLOW_BASIC, 22, 4, true, "arp_spa", "NXM_OF_ARP_SPA", OxmClass.NXM_0, 16, 4),
    ARP_TPA(OxmClass.OPENFLOW_BASIC, 23, 4, true, "arp_tpa", "NXM_OF_ARP_TPA", OxmClass.NXM_0, 17, 4),
    ARP_SHA(OxmClass.OPENFLOW_BASIC, 24, 6, true, "arp_sha", "NXM_NX_ARP_SHA", OxmClass.NXM_1, 17, 6),
    ARP_THA(OxmClass.OPENFLOW_BASIC, 25, 6, true, "arp_tha", "NXM_NX_ARP_THA", OxmClass.NXM_1, 18, 6),
    TUNNEL_ID(OxmClass.OPENFLOW_BASIC, 38, 8, true, "tun_id", "NXM_NX_TUN_ID", OxmClass.NXM_1, 16, 8),
    TUN_IPV4_SRC(OxmClass.NXM_1, 31, 4, true, "tun_src", "NXM_NX_TUN_IPV4_SRC", OxmClass.NXM_1, 31, 4),
    TUN_IPV4_DST(OxmClass.NXM_1, 32, 4, true, "tun_dst", "NXM_NX_TUN_IPV4_DST", OxmClass.NXM_1, 32, 4),
    REG0(0), REG1(1), REG2(2), REG3(3), REG4(4), REG5(5), REG6(6), REG7(7),
    REG8(8), REG9(9), REG10(10), REG11(11), REG12(12), REG13(13), REG14(14), REG15(15),
    CT_STATE(OxmClass.NXM_1, 105, 4, true, "ct_state", "NXM_NX_CT_STATE", OxmClass.NXM_1, 105, 4),
    CT_ZONE(OxmClass.NXM_1, 106, 2, false, "ct_zone", "NXM_NX_CT_ZONE", OxmClass.NXM_1, 106, 2),
    CT_MARK(OxmClass.NXM_1, 107, 4, true, "ct_mark", "NXM_NX_CT_MARK", OxmClass.NXM_1, 107, 4),
    METADATA(OxmClass.OPENFLOW_BASIC, 2, 8, true, "metadata", "OXM_OF_METADATA", OxmClass.OPENFLOW_BASIC, 2, 8);

    private static final Map<Integer, OxmField> BY_CLASS_AND_FIELD = new HashMap<>();

    static {
        for (OxmField f : values()) {
            BY_CLASS_AND_FIELD.put(key(f.oxmClass, f.fieldNumber), f);
        }
    }

    private final int oxmClass;
    private final int fieldNumber;
    private final int length;
    private final boolean maskable;
    private final String ovsName;
    private final String nxmName;
    private final int nxmClass;
    private final int nxmField;
    private final int nxmLength;

    OxmField(int oxmClass, int fieldNumber, int length, boolean maskable, String ovsName,
            String nxmName, int nxmClass, int nxmField, int nxmLength) {
        this.oxmClass = oxmClass;
        this.fieldNumber = fieldNumber;
        this.length = length;
        this.maskable = maskable;
        this.ovsName = ovsName;
        this.nxmName = nxmName;
        this.nxmClass = nxmClass;
        this.nxmField = nxmField;
        this.nxmLength = nxmLength;
    }

    /** Registers: 32-bit, maskable, NXM_1 field n, the same header in matches and in reg-move. */
    OxmField(int register) {
        this(OxmClass.NXM_1, register, 4, true, "reg" + register, "NXM_NX_REG" + register, OxmClass.NXM_1,
                register, 4);
    }

    /** Register {@code n} (0..15). */
    public static OxmField reg(int n) {
        if (n < 0 || n > 15) {
            throw new IllegalArgumentException("register index " + n + " is outside 0..15");
        }
        return values()[REG0.ordinal() + n];
    }

    /** The field with this OXM class and field number as OpenFlow 1.3 matches carry it, or null. */
    public static OxmField byOxm(int oxmClass, int fieldNumber) {
        return BY_CLASS_AND_FIELD.get(key(oxmClass, fieldNumber));
    }

    /** The field whose reg-move (NXM) class and field number these are, or null. */
    public static OxmField byNxm(int nxmClass, int nxmField) {
        for (OxmField f : values()) {
            if (f.nxmClass == nxmClass && f.nxmField == nxmField) {
                return f;
            }
        }
        return null;
    }

    private static int key(int oxmClass, int fieldNumber) {
        return (oxmClass << 7) | fieldNumber;
    }

    public int oxmClass() {
        return oxmClass;
    }

    /** The 7-bit {@code oxm_field}. */
    public int fieldNumber() {
        return fieldNumber;
    }

    /** Payload length in bytes of the unmasked value. */
    public int length() {
        return length;
    }

    public int bits() {
        return length * 8;
    }

    public boolean maskable() {
        return maskable;
    }

    /** The value with every bit of the field set: the mask of an exact match. */
    public long fullMask() {
        return length == 8 ? -1L : (1L << bits()) - 1;
    }

    /** Open vSwitch's field name, as in {@code set_field:...->NAME} and {@code load:...->NAME}. */
    public String ovsName() {
        return ovsName;
    }

    /** The 32-bit OXM header for an OpenFlow 1.3 match or set_field; the length doubles when masked. */
    public int oxmHeader(boolean masked) {
        return header(oxmClass, fieldNumber, masked, masked ? 2 * length : length);
    }

    /** The name ovs-ofctl prints in {@code move:NAME[]->...}, e.g. {@code NXM_NX_REG0}, {@code NXM_OF_IP_SRC}. */
    public String nxmName() {
        return nxmName;
    }

    /** The unmasked 32-bit header Open vSwitch writes for this field in {@code NXAST_REG_MOVE}. */
    public int nxmHeader() {
        return header(nxmClass, nxmField, false, nxmLength);
    }

    /** Width in bits of the field a reg-move addresses (16 for {@code NXM_OF_IN_PORT}, else {@link #bits()}). */
    public int nxmBits() {
        return nxmLength * 8;
    }

    private static int header(int oxmClass, int field, boolean masked, int payloadLength) {
        return (oxmClass << 16) | (field << 9) | (masked ? 0x100 : 0) | payloadLength;
    }
}
