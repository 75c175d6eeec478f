package io.appnet.openflow.message;

/**
 * The body of GET_CONFIG_REPLY and SET_CONFIG ({@code struct ofp_switch_config}).
 *
 * @param flags IP fragment handling, one of the {@code FRAG_*} values
 * @param missSendLen bytes of a packet sent to the controller on a table miss; {@link #NO_BUFFER} sends all of it
 */
public record SwitchConfig(int flags, int missSendLen) {
    public static final int FRAG_NORMAL = 0;
    public static final int FRAG_DROP = 1;
    public static final int FRAG_REASSEMBLE = 2;
    /** Open vSwitch: first fragments are matched on their L4 ports, later ones as if they had none. */
    public static final int FRAG_NX_MATCH = 3;
    /** {@code OFPCML_NO_BUFFER}: send whole packets to the controller. */
    public static final int NO_BUFFER = 0xffff;
    /** The OpenFlow default {@code miss_send_len}. */
    public static final int DEFAULT_MISS_SEND_LEN = 128;

    public SwitchConfig {
        Unsigned.u16("flags", flags);
        Unsigned.u16("miss_send_len", missSendLen);
    }

    /** Normal fragment handling, the given miss_send_len. */
    public static SwitchConfig of(int missSendLen) {
        return new SwitchConfig(FRAG_NORMAL, missSendLen);
    }
}
