package io.appnet.compiler.firewall;

import io.appnet.compiler.flow.Match;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import io.appnet.compiler.pipeline.PortMasks;
import java.util.ArrayList;
import java.util.List;

/**
 * One match a grant needs on the destination side: prefix, protocol, one port block (value/mask; mask 0 =
 * any port) or ICMP type/code (-1 = any). Forward it matches the destination; as a reply it matches the
 * source (the service's address and port), and ICMP replies of any type.
 */
record Service(Ipv4Prefix prefix, Protocol protocol, int port, int portMask, int icmpType, int icmpCode) {

    /** The services of a grant; ports as aligned blocks when the table can mask the port field, else one by one. */
    static List<Service> of(Grant grant, boolean portsMaskable) {
        List<Service> services = new ArrayList<>();
        for (Ipv4Prefix prefix : grant.prefixes()) {
            if (grant.ports().isEmpty()) {
                services.add(new Service(prefix, grant.protocol(), 0, 0, grant.icmpType(), grant.icmpCode()));
                continue;
            }
            for (PortRange range : grant.ports()) {
                if (portsMaskable) {
                    for (PortMasks.Masked block : PortMasks.of(range)) {
                        services.add(new Service(prefix, grant.protocol(), block.value(), block.mask(), -1, -1));
                    }
                } else {
                    for (int port = range.start(); port <= range.end(); port++) {
                        services.add(new Service(prefix, grant.protocol(), port, 0xFFFF, -1, -1));
                    }
                }
            }
        }
        return services;
    }

    /** How many services {@link #of} makes, without making them. */
    static long count(Grant grant, boolean portsMaskable) {
        long perPrefix = 0;
        for (PortRange range : grant.ports()) {
            perPrefix += portsMaskable ? PortMasks.of(range).size() : range.end() - range.start() + 1;
        }
        return (long) grant.prefixes().size() * Math.max(1, perPrefix);
    }

    /** The transport port field a forward (destination port) or reply (source port) rule matches. */
    static MatchField portField(Protocol protocol, boolean reply) {
        if (protocol == Protocol.UDP) {
            return reply ? MatchField.UDP_SRC : MatchField.UDP_DST;
        }
        return reply ? MatchField.TCP_SRC : MatchField.TCP_DST;
    }

    /** Adds this service's fields: protocol, the prefix as nw_dst (forward) or nw_src (reply), port or ICMP. */
    Match.Builder addTo(Match.Builder match, boolean reply) {
        match.ip();
        if (protocol != Protocol.ALL) {
            match.ipProto(protocol.ipProtocol());
        }
        match.masked(reply ? MatchField.IPV4_SRC : MatchField.IPV4_DST, prefix.network().unsigned(),
                Integer.toUnsignedLong(prefix.mask()));
        if (portMask != 0) {
            match.masked(portField(protocol, reply), port, portMask);
        }
        if (!reply && icmpType >= 0) {
            match.exact(MatchField.ICMP_TYPE, icmpType);
            if (icmpCode >= 0) {
                match.exact(MatchField.ICMP_CODE, icmpCode);
            }
        }
        return match;
    }
}
