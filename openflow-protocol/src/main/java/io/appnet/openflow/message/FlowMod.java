package io.appnet.openflow.message;

import io.appnet.openflow.action.Instruction;
import io.appnet.openflow.action.OfPorts;
import io.appnet.openflow.match.Match;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * FLOW_MOD ({@code struct ofp_flow_mod} of OpenFlow 1.3). Made by the factories of its five commands and refined
 * with the {@code with*} methods, e.g. {@code FlowMod.add(0, 100, match, instructions).withCookie(7)}.
 *
 * @param cookie the flow's cookie (ADD, MODIFY*) or, with {@code cookieMask}, the cookie bits a MODIFY* or
 *     DELETE* requires
 * @param tableId {@link OfReserved#TABLE_ALL} only in a DELETE or DELETE_STRICT
 * @param idleTimeout seconds without a packet before the flow expires; 0 for never
 * @param hardTimeout seconds before the flow expires; 0 for never
 * @param bufferId a packet buffered in the switch to run through the flow, or {@link OfReserved#NO_BUFFER_ID}
 * @param outPort a DELETE* removes only flows that output to this port ({@link OfPorts#ANY}: any)
 * @param outGroup a DELETE* removes only flows that output to this group ({@link OfReserved#GROUP_ANY}: any)
 */
public record FlowMod(int xid, FlowModCommand command, long cookie, long cookieMask, int tableId, int idleTimeout,
        int hardTimeout, int priority, long bufferId, long outPort, long outGroup, Set<FlowModFlag> flags,
        Match match, List<Instruction> instructions) implements OfMessage {
    /** The priority OpenFlow gives a flow when none is chosen. */
    public static final int DEFAULT_PRIORITY = 0x8000;

    public FlowMod {
        Objects.requireNonNull(command, "command");
        Unsigned.u8("table_id", tableId);
        if (tableId == OfReserved.TABLE_ALL && command != FlowModCommand.DELETE
                && command != FlowModCommand.DELETE_STRICT) {
            throw new IllegalArgumentException("table_id 255 (all tables) is only valid in a delete, not " + command);
        }
        Unsigned.u16("idle_timeout", idleTimeout);
        Unsigned.u16("hard_timeout", hardTimeout);
        Unsigned.u16("priority", priority);
        Unsigned.u32("buffer_id", bufferId);
        Unsigned.u32("out_port", outPort);
        Unsigned.u32("out_group", outGroup);
        flags = FlowModFlag.setOf(flags);
        Objects.requireNonNull(match, "match");
        instructions = List.copyOf(instructions);
    }

    /** Adds (or replaces) the flow of {@code match} at {@code priority} in {@code tableId}. */
    public static FlowMod add(int tableId, int priority, Match match, List<Instruction> instructions) {
        return of(FlowModCommand.ADD, tableId, priority, match, instructions);
    }

    /**
     * Replaces the instructions of every flow in {@code tableId} that {@code match} covers. The priority is
     * ignored; like ovs-ofctl we send the default.
     */
    public static FlowMod modify(int tableId, Match match, List<Instruction> instructions) {
        return of(FlowModCommand.MODIFY, tableId, DEFAULT_PRIORITY, match, instructions);
    }

    /** Replaces the instructions of the flow of exactly {@code match} and {@code priority}. */
    public static FlowMod modifyStrict(int tableId, int priority, Match match, List<Instruction> instructions) {
        return of(FlowModCommand.MODIFY_STRICT, tableId, priority, match, instructions);
    }

    /**
     * Removes every flow in {@code tableId} ({@link OfReserved#TABLE_ALL}: every table) that {@code match} covers.
     * The priority is ignored; like ovs-ofctl we send the default.
     */
    public static FlowMod delete(int tableId, Match match) {
        return of(FlowModCommand.DELETE, tableId, DEFAULT_PRIORITY, match, List.of());
    }

    /** Removes the flow of exactly {@code match} and {@code priority}. */
    public static FlowMod deleteStrict(int tableId, int priority, Match match) {
        return of(FlowModCommand.DELETE_STRICT, tableId, priority, match, List.of());
    }

    private static FlowMod of(FlowModCommand command, int tableId, int priority, Match match,
            List<Instruction> instructions) {
        return new FlowMod(0, command, 0, 0, tableId, 0, 0, priority, OfReserved.NO_BUFFER_ID, OfPorts.ANY,
                OfReserved.GROUP_ANY, Set.of(), match, instructions);
    }

    public FlowMod withXid(int newXid) {
        return new FlowMod(newXid, command, cookie, cookieMask, tableId, idleTimeout, hardTimeout, priority,
                bufferId, outPort, outGroup, flags, match, instructions);
    }

    /** The cookie an ADD or MODIFY gives the flow. */
    public FlowMod withCookie(long newCookie) {
        return withCookie(newCookie, cookieMask);
    }

    /** A MODIFY* or DELETE* applies only to flows whose cookie equals {@code newCookie} in the bits of {@code mask}. */
    public FlowMod withCookie(long newCookie, long mask) {
        return new FlowMod(xid, command, newCookie, mask, tableId, idleTimeout, hardTimeout, priority, bufferId,
                outPort, outGroup, flags, match, instructions);
    }

    public FlowMod withTimeouts(int idle, int hard) {
        return new FlowMod(xid, command, cookie, cookieMask, tableId, idle, hard, priority, bufferId, outPort,
                outGroup, flags, match, instructions);
    }

    public FlowMod withFlags(FlowModFlag... newFlags) {
        return new FlowMod(xid, command, cookie, cookieMask, tableId, idleTimeout, hardTimeout, priority, bufferId,
                outPort, outGroup, FlowModFlag.setOf(List.of(newFlags)), match, instructions);
    }

    public FlowMod withBufferId(long newBufferId) {
        return new FlowMod(xid, command, cookie, cookieMask, tableId, idleTimeout, hardTimeout, priority,
                newBufferId, outPort, outGroup, flags, match, instructions);
    }

    /** A DELETE* removes only flows that output to {@code port}. */
    public FlowMod withOutPort(long port) {
        return new FlowMod(xid, command, cookie, cookieMask, tableId, idleTimeout, hardTimeout, priority, bufferId,
                port, outGroup, flags, match, instructions);
    }

    /** A DELETE* removes only flows that output to {@code group}. */
    public FlowMod withOutGroup(long group) {
        return new FlowMod(xid, command, cookie, cookieMask, tableId, idleTimeout, hardTimeout, priority, bufferId,
                outPort, group, flags, match, instructions);
    }

    @Override
    public OfType type() {
        return OfType.FLOW_MOD;
    }
}
