package io.appnet.openflow.message;

import java.util.Collection;
import java.util.Set;

/** {@code enum ofp_flow_mod_flags} of OpenFlow 1.3, as in FLOW_MOD and flow statistics. */
public enum FlowModFlag {
    /** Send FLOW_REMOVED when the flow expires or is deleted. */
    SEND_FLOW_REM(1),
    /** Refuse to add a flow that overlaps one of the same priority. */
    CHECK_OVERLAP(1 << 1),
    /** Reset the counters of the flows a modify changes. */
    RESET_COUNTS(1 << 2),
    NO_PKT_COUNTS(1 << 3),
    NO_BYT_COUNTS(1 << 4);

    private final int bit;

    FlowModFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public static Set<FlowModFlag> setOf(Collection<FlowModFlag> flags) {
        return BitFlags.copyOf(FlowModFlag.class, flags);
    }

    public static int toBits(Collection<FlowModFlag> flags) {
        return BitFlags.toBits(flags, FlowModFlag::bit);
    }

    /** The flags of a wire bitmap; other bits are an error, as Open vSwitch answers them with BAD_FLAGS. */
    public static Set<FlowModFlag> fromBits(int bits) {
        return BitFlags.fromBits(FlowModFlag.class, bits, FlowModFlag::bit, "flow-mod flag");
    }
}
