package io.appnet.openflow.match;

import java.util.List;

/**
 * A conntrack state match: which of the eight {@code ct_state} flags must be set or clear. Written as ovs-ofctl
 * does, {@code +est+trk} / {@code -new+trk} in flag-bit order (Open vSwitch {@code lib/packets.h} CS_STATES).
 *
 * @param flags the required values of the flags named in {@code mask}
 * @param mask the flags that are matched
 */
public record CtState(int flags, int mask) {
    public static final int NEW = 0x01;
    public static final int ESTABLISHED = 0x02;
    public static final int RELATED = 0x04;
    public static final int REPLY = 0x08;
    public static final int INVALID = 0x10;
    public static final int TRACKED = 0x20;
    public static final int SRC_NAT = 0x40;
    public static final int DST_NAT = 0x80;

    /** Flag names by bit position, as {@code ct_state_to_string()} writes them. */
    static final List<String> NAMES = List.of("new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat");

    public CtState {
        if ((mask & ~0xff) != 0 || (flags & ~mask) != 0) {
            throw new IllegalArgumentException(String.format("ct_state 0x%x/0x%x: flags must be within the mask and "
                    + "the mask within 0xff", flags, mask));
        }
    }

    /** Parses {@code +est+trk}, {@code -new+trk}, ... (each flag at most once). */
    public static CtState parse(String text) {
        int flags = 0;
        int mask = 0;
        int i = 0;
        while (i < text.length()) {
            char sign = text.charAt(i);
            if (sign != '+' && sign != '-') {
                throw new IllegalArgumentException("ct_state '" + text + "': expected + or - at position " + i);
            }
            int end = i + 1;
            while (end < text.length() && Character.isLetter(text.charAt(end))) {
                end++;
            }
            int bit = NAMES.indexOf(text.substring(i + 1, end));
            if (bit < 0) {
                throw new IllegalArgumentException("ct_state '" + text + "': unknown flag '"
                        + text.substring(i + 1, end) + "', expected one of " + NAMES);
            }
            if ((mask & (1 << bit)) != 0) {
                throw new IllegalArgumentException("ct_state '" + text + "' names " + NAMES.get(bit) + " twice");
            }
            mask |= 1 << bit;
            if (sign == '+') {
                flags |= 1 << bit;
            }
            i = end;
        }
        if (mask == 0) {
            throw new IllegalArgumentException("ct_state '" + text + "' names no flag");
        }
        return new CtState(flags, mask);
    }

    /** As ovs-ofctl prints it: {@code est|trk} when every flag is matched, else {@code +est+trk}. */
    public String toOvsText() {
        StringBuilder s = new StringBuilder();
        if (mask == 0xff) {
            if (flags == 0) {
                return "0";
            }
            for (int bit = 0; bit < 8; bit++) {
                if ((flags & (1 << bit)) != 0) {
                    s.append(s.length() == 0 ? "" : "|").append(NAMES.get(bit));
                }
            }
            return s.toString();
        }
        for (int bit = 0; bit < 8; bit++) {
            if ((mask & (1 << bit)) != 0) {
                s.append((flags & (1 << bit)) != 0 ? '+' : '-').append(NAMES.get(bit));
            }
        }
        return s.toString();
    }
}
