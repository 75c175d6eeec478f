package io.appnet.compiler.trace;

/**
 * The connection tracker the interpreter consults for {@code ct} actions. Immutable: looking up and
 * committing return the tracker as it is afterwards.
 */
public interface Conntrack {

    /** What {@code ct(zone=...)} reports for the packet, and the tracker afterwards. */
    record Lookup(long state, long mark, Conntrack after) {
    }

    Lookup lookup(int zone, Packet packet);

    /** Stores (or updates the mark of) the packet's connection in the zone. */
    Conntrack commit(int zone, Packet packet, long mark);

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
