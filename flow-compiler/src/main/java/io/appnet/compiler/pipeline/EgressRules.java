package io.appnet.compiler.pipeline;

import static io.appnet.compiler.pipeline.Registers.EXTERNAL_IP;
import static io.appnet.compiler.pipeline.Registers.REPLY_CHECK;
import static io.appnet.compiler.pipeline.Registers.SERVICE_PORT;

import io.appnet.compiler.flow.Match;
import io.appnet.compiler.flow.MatchField;
import io.appnet.compiler.model.Destination;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A destination as matches on the staged registers: external address (reg11) prefix x protocol x service
 * port block (reg7) or ICMP type/code. Registers make the same match serve both directions on a gateway.
 */
final class EgressRules {

    private EgressRules() {
    }

    /**
     * The matches covering the destination. {@code replies}: on a gateway an ICMP rule with a type also
     * matches replies (reg9=1) whatever their type (an echo reply answers a request).
     */
    static List<Match> matches(Destination destination, boolean replies) {
        Set<Match> matches = new LinkedHashSet<>();
        for (DestinationRule rule : destination.rules()) {
            List<Ipv4Prefix> prefixes = new ArrayList<>();
            rule.ips().forEach(range -> prefixes.addAll(range.prefixes()));
            for (Ipv4Prefix prefix : prefixes) {
                for (Match.Builder match : protocolMatches(rule, replies)) {
                    matches.add(match.masked(EXTERNAL_IP, prefix.network().unsigned(), prefix.mask() & 0xFFFFFFFFL)
                            .build());
                }
            }
        }
        return List.copyOf(matches);
    }

    private static List<Match.Builder> protocolMatches(DestinationRule rule, boolean replies) {
        List<Match.Builder> matches = new ArrayList<>();
        Protocol protocol = rule.protocol();
        if (protocol == Protocol.ALL) {
            matches.add(Match.builder().ip());
        } else if (protocol.hasPorts()) {
            List<PortRange> ranges = rule.ports().isEmpty() ? List.of(PortRange.any()) : rule.ports();
            for (PortRange range : ranges) {
                for (PortMasks.Masked block : PortMasks.of(range)) {
                    matches.add(Match.builder().ipProto(protocol.ipProtocol())
                            .masked(SERVICE_PORT, block.value(), block.mask()));
                }
            }
        } else {
            Match.Builder icmp = Match.builder().ipProto(Match.IP_PROTO_ICMP);
            if (rule.icmpType() != DestinationRule.ANY) {
                icmp.exact(MatchField.ICMP_TYPE, rule.icmpType());
                if (replies) {
                    matches.add(Match.builder().ipProto(Match.IP_PROTO_ICMP).exact(REPLY_CHECK, 1));
                }
            }
            if (rule.icmpCode() != DestinationRule.ANY) {
                icmp.exact(MatchField.ICMP_CODE, rule.icmpCode());
            }
            matches.add(icmp);
        }
        return matches;
    }

    /** Every address of the ranges as prefixes (ARP on the uplink). */
    static List<Ipv4Prefix> prefixes(List<IpRange> ranges) {
        List<Ipv4Prefix> prefixes = new ArrayList<>();
        ranges.forEach(range -> prefixes.addAll(range.prefixes()));
        return prefixes;
    }
}
