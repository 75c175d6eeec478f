package io.appnet.openflow.message;

import io.appnet.openflow.action.OfPorts;
import io.appnet.openflow.match.Match;
import java.util.Objects;

/**
 * Which flows a flow or aggregate statistics request is about ({@code struct ofp_flow_stats_request}): those in
 * {@code tableId} ({@link OfReserved#TABLE_ALL} for all) whose match is at least as specific as {@code match},
 * that output to {@code outPort} and {@code outGroup} (ANY for no restriction), and whose cookie equals
 * {@code cookie} in the bits of {@code cookieMask} (0: any cookie).
 */
public record FlowSelection(int tableId, long outPort, long outGroup, long cookie, long cookieMask, Match match) {
    public FlowSelection {
        Unsigned.u8("table_id", tableId);
        Unsigned.u32("out_port", outPort);
        Unsigned.u32("out_group", outGroup);
        Objects.requireNonNull(match, "match");
    }

    /** Every flow of every table. */
    public static FlowSelection all() {
        return of(OfReserved.TABLE_ALL, Match.ANY);
    }

    /** The flows of {@code tableId} that {@code match} covers. */
    public static FlowSelection of(int tableId, Match match) {
        return new FlowSelection(tableId, OfPorts.ANY, OfReserved.GROUP_ANY, 0, 0, match);
    }

    /** Only flows whose cookie equals {@code cookie} in the bits set in {@code mask}. */
    public FlowSelection withCookie(long cookie, long mask) {
        return new FlowSelection(tableId, outPort, outGroup, cookie, mask, match);
    }

    public FlowSelection withOutPort(long port) {
        return new FlowSelection(tableId, port, outGroup, cookie, cookieMask, match);
    }

    public FlowSelection withOutGroup(long group) {
        return new FlowSelection(tableId, outPort, group, cookie, cookieMask, match);
    }
}
