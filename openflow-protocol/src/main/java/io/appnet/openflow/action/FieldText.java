package io.appnet.openflow.action;

import io.appnet.openflow.match.OxmField;

/**
 * What Open vSwitch's meta-flow table ({@code include/openvswitch/meta-flow.h}) says about a field that the actions
 * need and {@link OxmField} does not carry: whether actions may write it, and how ovs-ofctl prints its value.
 */
final class FieldText {
    private FieldText() {
    }

    /**
     * Whether set_field and move may write the field. {@code in_port} is writable only by its 16-bit NXM form,
     * which set_field (OXM) never uses; OpenFlow forbids set_field on OXM_OF_IN_PORT.
     */
    static boolean writableBySetField(OxmField field) {
        return switch (field) {
            case IN_PORT, ETH_TYPE, IP_PROTO, CT_STATE, CT_ZONE, CONJ_ID -> false;
            default -> true;
        };
    }

    /** Whether {@code move} may write the field (its NXM form, which for {@code in_port} is writable). */
    static boolean writableByMove(OxmField field) {
        return field == OxmField.IN_PORT || writableBySetField(field);
    }

    /** Fields only a ct action may set (Open vSwitch: {@code field_requires_ct}). */
    static boolean requiresCt(OxmField field) {
        return field == OxmField.CT_MARK;
    }

    /** The value as ovs-ofctl prints it in {@code set_field:VALUE->field}. */
    static String value(OxmField field, long value) {
        return switch (field) {
            case ETH_DST, ETH_SRC, ARP_SHA, ARP_THA -> mac(value);
            case IPV4_SRC, IPV4_DST, ARP_SPA, ARP_TPA, TUN_IPV4_SRC, TUN_IPV4_DST -> ipv4(value);
            case IP_PROTO, TCP_SRC, TCP_DST, UDP_SRC, UDP_DST, ICMPV4_TYPE, ICMPV4_CODE, ARP_OP, CONJ_ID ->
                    Long.toString(value);
            case IN_PORT -> OfPorts.toOvsText(value);
            default -> hex(value);
        };
    }

    /** Like C's {@code %#x}: {@code 0x1f}, but a bare {@code 0} for zero. */
    static String hex(long value) {
        return value == 0 ? "0" : "0x" + Long.toHexString(value);
    }

    static String ipv4(long value) {
        return ((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "."
                + (value & 0xff);
    }

    private static String mac(long value) {
        StringBuilder s = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) {
                s.append(':');
            }
            s.append(String.format("%02x", (value >>> shift) & 0xff));
        }
        return s.toString();
    }
}
