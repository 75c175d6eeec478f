package io.appnet.controller.egress;

import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Address;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.PortRange;
import io.appnet.compiler.model.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * One destination rule from what a client wrote (REST or shell), checked in Cloud Foundry policy-server's order
 * with its messages: protocol, ports (tcp and udp need them; icmp and all take none), ICMP fields (icmp only), IP
 * ranges (IPv4, start not after end). Ranges come as start and end texts; several of each are accepted.
 */
public final class RuleParser {

    private RuleParser() {
    }

    /** {@code icmpType}/{@code icmpCode} null when not given; throws {@link EgressException} naming the field. */
    public static DestinationRule parse(String protocol, List<String[]> ips, List<String[]> ports, Integer icmpType,
                                        Integer icmpCode) {
        if (protocol == null || protocol.isEmpty()) {
            throw new EgressException("missing destination protocol");
        }
        if (!List.of("tcp", "udp", "icmp", "all").contains(protocol)) {
            throw new EgressException("invalid destination protocol '" + protocol + "', specify either tcp, udp, or"
                    + " icmp");
        }
        Protocol parsed = Protocol.parse(protocol);
        if (parsed.hasPorts() && ports.isEmpty()) {
            throw new EgressException("missing destination ports");
        }
        if (!parsed.hasPorts() && !ports.isEmpty()) {
            throw new EgressException("ports are not supported for " + protocol + " protocol");
        }
        List<PortRange> portRanges = new ArrayList<>();
        ports.forEach(range -> portRanges.add(ports(range)));
        if (parsed != Protocol.ICMP && (icmpCode != null || icmpType != null)) {
            throw new EgressException("invalid destination: cannot set " + (icmpCode != null ? "icmp_code" : "icmp_type")
                    + " property for destination with protocol '" + protocol + "'");
        }
        if (ips.isEmpty()) {
            throw new EgressException("missing destination IP range");
        }
        List<IpRange> ipRanges = new ArrayList<>();
        ips.forEach(range -> ipRanges.add(ips(range)));
        try {
            return new DestinationRule(parsed, ipRanges, portRanges, icmpType == null ? DestinationRule.ANY : icmpType,
                    icmpCode == null ? DestinationRule.ANY : icmpCode);
        } catch (ModelException refused) {
            throw new EgressException(refused.getMessage());
        }
    }

    /** Ranges written {@code a-b} or {@code a}, comma-separated (a leading '-' is a negative number's sign). */
    public static List<String[]> ranges(String text) {
        List<String[]> ranges = new ArrayList<>();
        for (String range : text.split(",")) {
            if (!range.isBlank()) {
                int dash = range.indexOf('-', 1);
                String start = dash < 0 ? range.trim() : range.substring(0, dash).trim();
                ranges.add(new String[] {start, dash < 0 ? start : range.substring(dash + 1).trim()});
            }
        }
        return ranges;
    }

    private static PortRange ports(String[] range) {
        int start = port(range[0]);
        int end = port(range[1]);
        if (start > end) {
            throw new EgressException("invalid port range " + start + "-" + end
                    + ", start must be less than or equal to end");
        }
        if (end > 65535) {
            throw new EgressException("invalid end port " + end + ", must be in range 1-65535");
        }
        if (start <= 0) {
            throw new EgressException("invalid start port " + start + ", must be in range 1-65535");
        }
        return new PortRange(start, end);
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException notANumber) {
            throw new EgressException("invalid port " + text + ", could not convert to an integer");
        }
    }

    private static IpRange ips(String[] range) {
        Ipv4Address start = address(range[0]);
        Ipv4Address end = address(range[1]);
        if (start.compareTo(end) > 0) {
            throw new EgressException("invalid IP range " + range[0] + "-" + range[1]
                    + ", start must be less than or equal to end");
        }
        return IpRange.of(start, end);
    }

    private static Ipv4Address address(String text) {
        try {
            if (!text.contains(":")) {
                return Ipv4Address.parse(text);
            }
        } catch (RuntimeException notAnAddress) {
            // named below
        }
        throw new EgressException("invalid ip address '" + text + "', must be a valid IPv4 address");
    }
}
