package io.appnet.compiler.trace;

import io.appnet.compiler.flow.Match;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.util.PersistentMap;

/**
 * A small model of OVS conntrack: connections per zone keyed by their 5-tuple. A packet of a committed
 * connection in its original direction is {@code +new} until a reply was seen, then {@code +est}; in
 * the reply direction it is {@code +est+rpl}. Anything else is {@code +new} (not committed). ICMP:
 * echo request opens, echo reply answers (without a connection it is {@code +inv}), other types are
 * {@code +inv}. Not modelled: TCP flags and sequence checks, timeouts, related connections, NAT.
 */
final class ConnectionTable implements Conntrack {

    static final ConnectionTable EMPTY = new ConnectionTable(PersistentMap.empty());

    /** A connection's original direction within a zone. */
    private record Tuple(int zone, long protocol, long source, long destination, long sourcePort,
                         long destinationPort) {
        Tuple reversed() {
            return new Tuple(zone, protocol, destination, source, destinationPort, sourcePort);
        }
    }

    private record Connection(long mark, boolean replied) {
    }

    private final PersistentMap<Tuple, Connection> connections;

    private ConnectionTable(PersistentMap<Tuple, Connection> connections) {
        this.connections = connections;
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

    private static boolean isIcmp(Packet packet) {
        return packet.get(MatchField.IP_PROTO) == Match.IP_PROTO_ICMP;
    }

    @Override
    public Lookup lookup(int zone, Packet packet) {
        Tuple tuple = tupleOf(zone, packet);
        long icmpType = packet.get(MatchField.ICMP_TYPE);
        boolean icmp = isIcmp(packet);
        if (icmp && icmpType != 0 && icmpType != 8) {
            return new Lookup(CtState.TRACKED | CtState.INVALID, 0, this);
        }
        if (!icmp || icmpType == 8) {
            Connection original = connections.get(tuple);
            if (original != null) {
                long state = original.replied() ? CtState.ESTABLISHED : CtState.NEW;
                return new Lookup(CtState.TRACKED | state, original.mark(), this);
            }
        }
        if (!icmp || icmpType == 0) {
            Tuple reversed = tuple.reversed();
            Connection answered = connections.get(reversed);
            if (answered != null) {
                ConnectionTable after = new ConnectionTable(connections.plus(reversed,
                        new Connection(answered.mark(), true)));
                return new Lookup(CtState.TRACKED | CtState.ESTABLISHED | CtState.REPLY, answered.mark(), after);
            }
        }
        if (icmp && icmpType == 0) {
            return new Lookup(CtState.TRACKED | CtState.INVALID, 0, this);
        }
        return new Lookup(CtState.TRACKED | CtState.NEW, 0, this);
    }

    @Override
    public Conntrack commit(int zone, Packet packet, long mark) {
        Tuple tuple = tupleOf(zone, packet);
        Connection existing = connections.get(tuple);
        boolean mayBeReply = !isIcmp(packet) || packet.get(MatchField.ICMP_TYPE) == 0;
        if (existing == null && mayBeReply) {
            Connection reverse = connections.get(tuple.reversed());
            if (reverse != null) {
                // Committing a reply updates the connection it belongs to.
                return new ConnectionTable(connections.plus(tuple.reversed(), new Connection(mark, reverse.replied())));
            }
        }
        boolean replied = existing != null && existing.replied();
        return new ConnectionTable(connections.plus(tuple, new Connection(mark, replied)));
    }

    @Override
    public String toString() {
        return "ConnectionTable" + connections;
    }
}
