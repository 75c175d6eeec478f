package io.appnet.compiler.trace;

import io.appnet.compiler.flow.Action;

/**
 * The connection tracker the interpreter consults for {@code ct} actions. Immutable: looking up and
 * committing return the tracker as it is afterwards.
 */
public interface Conntrack {

    /**
     * What {@code ct(zone=...)} reports for the packet, the tracker afterwards, and the packet as the
     * connection's NAT rewrote it (the same packet without NAT).
     */
    record Lookup(long state, long mark, Conntrack after, Packet packet) {
        public Lookup(long state, long mark, Conntrack after) {
            this(state, mark, after, null);
        }
    }

    /** The tracker after a commit and the packet as a new source translation rewrote it. */
    record Committed(Conntrack after, Packet packet) {
    }

    Lookup lookup(int zone, Packet packet);

    /** Stores (or updates the mark of) the packet's connection in the zone. */
    Conntrack commit(int zone, Packet packet, long mark);

    /** {@code ct(zone=..,nat)}: a lookup that also applies the connection's translation to the packet. */
    default Lookup lookup(int zone, Packet packet, boolean nat) {
        return lookup(zone, packet);
    }

    /** {@code ct(commit,zone=..,nat(src=..))}: a commit that gives a new connection a source translation. */
    default Committed commit(int zone, Packet packet, long mark, Action.Nat nat) {
        return new Committed(commit(zone, packet, mark), packet);
    }

    /** A tracker with no connections, simulating OVS's conntrack for the fields the pipeline uses. */
    static Conntrack empty() {
        return ConnectionTable.EMPTY;
    }

    /**
     * Like ovn-trace's {@code --ct}: every lookup reports the given state (e.g. {@code +est+rpl+trk}) and
     * mark; commits are ignored. For tracing one packet as if it belonged to some connection.
     */
    static Conntrack assume(String state, long mark) {
        return new AssumedState(CtState.parse(state), mark);
    }
}
