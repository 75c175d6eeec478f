package io.appnet.openflow.message;

/** Why a packet came to the controller ({@code enum ofp_packet_in_reason} of OpenFlow 1.3). */
public enum PacketInReason {
    /** No flow matched (a table-miss flow sent it). */
    NO_MATCH,
    /** An output-to-controller action sent it. */
    ACTION,
    /** Its TTL was invalid. */
    INVALID_TTL;

    private static final PacketInReason[] BY_CODE = values();

    public int code() {
        return ordinal();
    }

    public static PacketInReason fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown packet-in reason " + code);
        }
        return BY_CODE[code];
    }
}
