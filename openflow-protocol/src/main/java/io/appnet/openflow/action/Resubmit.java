package io.appnet.openflow.action;

/**
 * NXAST_RESUBMIT_TABLE (or NXAST_RESUBMIT_TABLE_CT when {@code withCtOrig}): look the packet up again in a table,
 * as if it had arrived on {@code inPort}.
 *
 * @param inPort the port to pretend, {@link OfPorts#IN_PORT} to keep the real one
 * @param table 0..254, or {@link #CURRENT_TABLE}
 * @param withCtOrig look up with the conntrack original-direction tuple ({@code ,ct} in ovs-ofctl)
 */
public record Resubmit(long inPort, int table, boolean withCtOrig) implements Action {
    /** Resubmit to the table the action runs in. */
    public static final int CURRENT_TABLE = 255;

    public Resubmit {
        if (!OfPorts.hasOf10Number(inPort)) {
            throw new IllegalArgumentException("resubmit port " + inPort + " has no 16-bit form (0..0xfeff or "
                    + "reserved)");
        }
        if (table < 0 || table > 255) {
            throw new IllegalArgumentException("resubmit table " + table + " is outside 0..255");
        }
        if (inPort == OfPorts.IN_PORT && table == CURRENT_TABLE) {
            throw new IllegalArgumentException("resubmit needs a port or a table");
        }
    }

    @Override
    public String toOvsText() {
        // Like Open vSwitch, the short form wins even over the ct flag.
        if (inPort != OfPorts.IN_PORT && table == CURRENT_TABLE) {
            return "resubmit:" + OfPorts.toOvsText(inPort);
        }
        StringBuilder s = new StringBuilder("resubmit(");
        if (inPort != OfPorts.IN_PORT) {
            s.append(OfPorts.toOvsText(inPort));
        }
        s.append(',');
        if (table != CURRENT_TABLE) {
            s.append(table);
        }
        if (withCtOrig) {
            s.append(",ct");
        }
        return s.append(')').toString();
    }
}
