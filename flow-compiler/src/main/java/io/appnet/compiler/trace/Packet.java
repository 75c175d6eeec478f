package io.appnet.compiler.trace;

import io.appnet.compiler.flow.Match;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.MacAddress;
import java.util.Arrays;

/**
 * A packet with its pipeline metadata, as the flow tables see it: the value of every {@link MatchField}
 * (zero when absent). Immutable; {@link #with} returns a changed copy.
 */
public final class Packet {

    private static final MatchField[] FIELDS = MatchField.values();
    private static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);

    private final long[] values;

    private Packet(long[] values) {
        this.values = values;
    }

    static Packet of(long[] values) {
        return new Packet(values.clone());
    }

    /** A TCP segment (no flags are modelled: conntrack treats the first as new). */
    public static Packet tcp(MacAddress ethSrc, MacAddress ethDst, Ipv4Address src, Ipv4Address dst,
                             int sourcePort, int destinationPort) {
        return ip(ethSrc, ethDst, src, dst, Match.IP_PROTO_TCP)
                .with(MatchField.TCP_SRC, sourcePort).with(MatchField.TCP_DST, destinationPort);
    }

    public static Packet udp(MacAddress ethSrc, MacAddress ethDst, Ipv4Address src, Ipv4Address dst,
                             int sourcePort, int destinationPort) {
        return ip(ethSrc, ethDst, src, dst, Match.IP_PROTO_UDP)
                .with(MatchField.UDP_SRC, sourcePort).with(MatchField.UDP_DST, destinationPort);
    }

    /** An ICMP echo request, or (request false) an echo reply. */
    public static Packet icmpEcho(MacAddress ethSrc, MacAddress ethDst, Ipv4Address src, Ipv4Address dst,
                                  boolean request) {
        return ip(ethSrc, ethDst, src, dst, Match.IP_PROTO_ICMP).with(MatchField.ICMP_TYPE, request ? 8 : 0);
    }

    /** An IPv4 packet of any protocol number. */
    public static Packet ip(MacAddress ethSrc, MacAddress ethDst, Ipv4Address src, Ipv4Address dst, int protocol) {
        return new Packet(new long[FIELDS.length])
                .with(MatchField.ETH_SRC, ethSrc.bits()).with(MatchField.ETH_DST, ethDst.bits())
                .with(MatchField.ETH_TYPE, Match.ETH_TYPE_IPV4)
                .with(MatchField.IPV4_SRC, src.unsigned()).with(MatchField.IPV4_DST, dst.unsigned())
                .with(MatchField.IP_PROTO, protocol);
    }

    /** A broadcast ARP request: who has {@code target}? tell {@code senderIp}. */
    public static Packet arpRequest(MacAddress sender, Ipv4Address senderIp, Ipv4Address target) {
        return new Packet(new long[FIELDS.length])
                .with(MatchField.ETH_SRC, sender.bits()).with(MatchField.ETH_DST, BROADCAST.bits())
                .with(MatchField.ETH_TYPE, Match.ETH_TYPE_ARP).with(MatchField.ARP_OP, 1)
                .with(MatchField.ARP_SHA, sender.bits()).with(MatchField.ARP_SPA, senderIp.unsigned())
                .with(MatchField.ARP_TPA, target.unsigned());
    }

    /** The packet entering the bridge on a port. */
    public Packet onPort(long port) {
        return with(MatchField.IN_PORT, port);
    }

    /** The packet arriving on the tunnel port from underlay IP {@code source} with VNI {@code tunnelId}. */
    public Packet fromTunnel(long tunnelPort, Ipv4Address source, Ipv4Address destination, long tunnelId) {
        return onPort(tunnelPort).with(MatchField.TUN_SRC, source.unsigned())
                .with(MatchField.TUN_DST, destination.unsigned()).with(MatchField.TUN_ID, tunnelId);
    }

    public long get(MatchField field) {
        return values[field.ordinal()];
    }

    public Packet with(MatchField field, long value) {
        long[] copy = values.clone();
        copy[field.ordinal()] = value & field.fullMask();
        return new Packet(copy);
    }

    /** The same headers as a fresh packet on the wire: pipeline metadata (registers, conntrack, tunnel) cleared. */
    public Packet headersOnly() {
        long[] copy = new long[values.length];
        for (MatchField field : FIELDS) {
            if (field.standard() && field != MatchField.IN_PORT && field != MatchField.METADATA
                    && field != MatchField.TUN_ID) {
                copy[field.ordinal()] = values[field.ordinal()];
            }
        }
        return new Packet(copy);
    }

    long[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Packet that && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** Non-zero fields in ovs-ofctl names, e.g. {@code in_port=3,dl_src=..,nw_src=..,tp_dst=80}. */
    @Override
    public String toString() {
        Match.Builder match = Match.builder();
        for (MatchField field : FIELDS) {
            long value = values[field.ordinal()];
            if (value != 0 && field != MatchField.CT_STATE) {
                match.exact(field, value);
            }
        }
        String text;
        try {
            text = match.build().toString();
        } catch (IllegalArgumentException inconsistent) {
            text = Arrays.toString(values);
        }
        long ctState = values[MatchField.CT_STATE.ordinal()];
        return ctState == 0 ? text : "ct_state=" + CtState.format(ctState) + "," + text;
    }
}
