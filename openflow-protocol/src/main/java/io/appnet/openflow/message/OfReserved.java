package io.appnet.openflow.message;

/**
 * Reserved numbers of OpenFlow 1.3 groups, tables and buffer ids, as unsigned values. Reserved port numbers are
 * in {@link io.appnet.openflow.action.OfPorts}.
 */
public final class OfReserved {
    /** Wildcard group of flow deletes and statistics requests: no restriction ({@code OFPG_ANY}). */
    public static final long GROUP_ANY = 0xffffffffL;
    /** Every table, in flow deletes and statistics requests ({@code OFPTT_ALL}). */
    public static final int TABLE_ALL = 0xff;
    /** Buffer id of a packet that is not buffered in the switch but travels in the message. */
    public static final long NO_BUFFER_ID = 0xffffffffL;

    private OfReserved() {
    }
}
