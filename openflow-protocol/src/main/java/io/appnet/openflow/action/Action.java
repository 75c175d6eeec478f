package io.appnet.openflow.action;

import io.appnet.openflow.match.OxmField;
import java.net.Inet4Address;

/**
 * One OpenFlow 1.3 action, standard or Nicira extension. Immutable; {@link Actions} encodes and decodes lists of
 * them.
 */
public sealed interface Action
        permits Output, Group, SetField, Resubmit, Move, Conjunction, Ct, Nat, UnknownAction {

    /** The action as {@code ovs-ofctl -O OpenFlow13 dump-flows} prints it. */
    String toOvsText();

    /** Output to a physical port ({@code output:3}) or a reserved one such as {@link OfPorts#LOCAL}. */
    static Output output(long port) {
        return new Output(port, port == OfPorts.CONTROLLER ? OfPorts.NO_BUFFER : 0);
    }

    static Output output(long port, int maxLen) {
        return new Output(port, maxLen);
    }

    /** Send to the controller, at most {@code maxLen} bytes of the packet ({@code CONTROLLER:maxLen}). */
    static Output controller(int maxLen) {
        return new Output(OfPorts.CONTROLLER, maxLen);
    }

    static Group group(long groupId) {
        return new Group(groupId);
    }

    /** Set a whole field; {@code value} right-aligned (a MAC in the low 48 bits, an IPv4 address in the low 32). */
    static SetField setField(OxmField field, long value) {
        return new SetField(field, value);
    }

    /** Set an IPv4 field such as {@link OxmField#TUN_IPV4_DST} ({@code set_field:192.168.1.2->tun_dst}). */
    static SetField setField(OxmField field, Inet4Address address) {
        byte[] b = address.getAddress();
        long value = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        return new SetField(field, value);
    }

    /** {@code resubmit(,table)}: look up again in {@code table} with the real in_port. */
    static Resubmit resubmit(int table) {
        return new Resubmit(OfPorts.IN_PORT, table, false);
    }

    /** {@code resubmit(port,table)}; {@link OfPorts#IN_PORT} or {@link Resubmit#CURRENT_TABLE} leave one as is. */
    static Resubmit resubmit(long inPort, int table) {
        return new Resubmit(inPort, table, false);
    }

    /** {@code move:src->dst}. */
    static Move move(Subfield src, Subfield dst) {
        return new Move(src, dst);
    }

    /** {@code conjunction(id,clause/nClauses)}, clause counted from 1. */
    static Conjunction conjunction(long id, int clause, int nClauses) {
        return new Conjunction(id, clause, nClauses);
    }

    /** {@code ct()}; refine with {@link Ct#withCommit()}, {@link Ct#withZone(int)}, {@link Ct#withExec}... */
    static Ct ct() {
        return Ct.DEFAULT;
    }
}
