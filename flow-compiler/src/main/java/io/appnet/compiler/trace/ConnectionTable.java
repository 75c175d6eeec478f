package io.appnet.compiler.trace;

import io.appnet.compiler.flow.Action;
import io.appnet.compiler.flow.Match;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.util.PersistentMap;

/**
 * A small model of OVS conntrack: connections per zone keyed by their 5-tuple. A packet of a committed
 * connection in its original direction is {@code +new} until a reply was seen, then {@code +est}; in
 * the reply direction it is {@code +est+rpl}. Anything else is {@code +new} (not committed). ICMP:
 * echo request opens, echo reply answers (without a connection it is {@code +inv}), other types are
 * {@code +inv}.
 *
 * <p>Source NAT: a commit with {@code nat(src=min-max:pmin-pmax)} picks the lowest address of the range and
 * keeps the source port if it is in the port range and free, else the next free one, so the reply tuple
 * (external -> translated address and port) is unique in the zone; replies are found by that tuple. A
 * lookup with {@code nat} rewrites the packet: the source of the original direction, the destination of
 * replies. Not modelled: TCP flags and sequence checks, timeouts, related connections, DNAT.
 */
final class ConnectionTable implements Conntrack {

    static final ConnectionTable EMPTY = new ConnectionTable(PersistentMap.empty(), PersistentMap.empty());

    /** A connection's direction within a zone, as the packet's headers give it. */
    private record Tuple(int zone, long protocol, long source, long destination, long sourcePort,
                         long destinationPort) {
        Tuple reversed() {
            return new Tuple(zone, protocol, destination, source, destinationPort, sourcePort);
        }
    }

    /** A connection: its mark, whether a reply was seen, and the tuple its replies carry. */
    private record Connection(long mark, boolean replied, Tuple reply) {
    }

    private final PersistentMap<Tuple, Connection> connections;
    private final PersistentMap<Tuple, Tuple> byReply;

    private ConnectionTable(PersistentMap<Tuple, Connection> connections, PersistentMap<Tuple, Tuple> byReply) {
        this.connections = connections;
        this.byReply = byReply;
    }

    private static boolean hasPorts(long protocol) {
        return protocol == Match.IP_PROTO_TCP || protocol == Match.IP_PROTO_UDP;
    }

    private static Tuple tupleOf(int zone, Packet packet) {
        long protocol = packet.get(MatchField.IP_PROTO);
        long sourcePort = 0;
        long destinationPort = 0;
        if (protocol == Match.IP_PROTO_TCP) {
            sourcePort = packet.get(MatchField.TCP_SRC);
            destinationPort = packet.get(MatchField.TCP_DST);
        } else if (protocol == Match.IP_PROTO_UDP) {
            sourcePort = packet.get(MatchField.UDP_SRC);
            destinationPort = packet.get(MatchField.UDP_DST);
        }
        return new Tuple(zone, protocol, packet.get(MatchField.IPV4_SRC), packet.get(MatchField.IPV4_DST),
                sourcePort, destinationPort);
    }

    /** The packet with its addresses and ports set from a tuple. */
    private static Packet rewrite(Packet packet, Tuple tuple) {
        Packet rewritten = packet.with(MatchField.IPV4_SRC, tuple.source())
                .with(MatchField.IPV4_DST, tuple.destination());
        if (tuple.protocol() == Match.IP_PROTO_TCP) {
            rewritten = rewritten.with(MatchField.TCP_SRC, tuple.sourcePort())
                    .with(MatchField.TCP_DST, tuple.destinationPort());
        } else if (tuple.protocol() == Match.IP_PROTO_UDP) {
            rewritten = rewritten.with(MatchField.UDP_SRC, tuple.sourcePort())
                    .with(MatchField.UDP_DST, tuple.destinationPort());
        }
        return rewritten;
    }

    private static boolean isIcmp(Packet packet) {
        return packet.get(MatchField.IP_PROTO) == Match.IP_PROTO_ICMP;
    }

    @Override
    public Lookup lookup(int zone, Packet packet) {
        return lookup(zone, packet, false);
    }

    @Override
    public Lookup lookup(int zone, Packet packet, boolean nat) {
        Tuple tuple = tupleOf(zone, packet);
        long icmpType = packet.get(MatchField.ICMP_TYPE);
        boolean icmp = isIcmp(packet);
        if (icmp && icmpType != 0 && icmpType != 8) {
            return new Lookup(CtState.TRACKED | CtState.INVALID, 0, this, packet);
        }
        if (!icmp || icmpType == 8) {
            Connection original = connections.get(tuple);
            if (original != null) {
                long state = original.replied() ? CtState.ESTABLISHED : CtState.NEW;
                Packet seen = nat ? rewrite(packet, original.reply().reversed()) : packet;
                return new Lookup(CtState.TRACKED | state, original.mark(), this, seen);
            }
        }
        if (!icmp || icmpType == 0) {
            Tuple originalTuple = byReply.get(tuple);
            if (originalTuple != null) {
                Connection answered = connections.get(originalTuple);
                ConnectionTable after = new ConnectionTable(connections.plus(originalTuple,
                        new Connection(answered.mark(), true, answered.reply())), byReply);
                Packet seen = nat ? rewrite(packet, originalTuple.reversed()) : packet;
                return new Lookup(CtState.TRACKED | CtState.ESTABLISHED | CtState.REPLY, answered.mark(), after, seen);
            }
        }
        if (icmp && icmpType == 0) {
            return new Lookup(CtState.TRACKED | CtState.INVALID, 0, this, packet);
        }
        return new Lookup(CtState.TRACKED | CtState.NEW, 0, this, packet);
    }

    @Override
    public Conntrack commit(int zone, Packet packet, long mark) {
        return commit(zone, packet, mark, Action.Nat.NONE).after();
    }

    @Override
    public Committed commit(int zone, Packet packet, long mark, Action.Nat nat) {
        Tuple tuple = tupleOf(zone, packet);
        Connection existing = connections.get(tuple);
        if (existing != null) {
            return new Committed(new ConnectionTable(connections.plus(tuple,
                    new Connection(mark, existing.replied(), existing.reply())), byReply), packet);
        }
        boolean mayBeReply = !isIcmp(packet) || packet.get(MatchField.ICMP_TYPE) == 0;
        Tuple answered = mayBeReply ? byReply.get(tuple) : null;
        if (answered != null) {
            // Committing a reply updates the connection it belongs to.
            Connection reverse = connections.get(answered);
            return new Committed(new ConnectionTable(connections.plus(answered,
                    new Connection(mark, reverse.replied(), reverse.reply())), byReply), packet);
        }
        Tuple reply = nat.kind() == Action.Nat.Kind.SOURCE ? translated(tuple, nat) : tuple.reversed();
        ConnectionTable after = new ConnectionTable(connections.plus(tuple, new Connection(mark, false, reply)),
                byReply.plus(reply, tuple));
        return new Committed(after, rewrite(packet, reply.reversed()));
    }

    /** The reply tuple of a new source-translated connection: the first free address and port of the range. */
    private Tuple translated(Tuple original, Action.Nat nat) {
        boolean ports = hasPorts(original.protocol()) && nat.portMin() != 0;
        for (long address = nat.addressMin(); address <= nat.addressMax(); address++) {
            long first = ports && (original.sourcePort() < nat.portMin() || original.sourcePort() > nat.portMax())
                    ? nat.portMin() : original.sourcePort();
            long last = ports ? nat.portMax() : first;
            for (long port = first; port <= last; port++) {
                Tuple reply = new Tuple(original.zone(), original.protocol(), original.destination(), address,
                        original.destinationPort(), port);
                if (!byReply.containsKey(reply)) {
                    return reply;
                }
            }
        }
        throw new IllegalStateException("no free address and port in " + nat + " for " + original);
    }

    @Override
    public String toString() {
        return "ConnectionTable" + connections;
    }
}
