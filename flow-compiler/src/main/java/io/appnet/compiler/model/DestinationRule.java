package io.appnet.compiler.model;

import java.util.List;

/**
 * One rule of a {@link Destination}, as Cloud Foundry's destinations have them: a protocol, one or more
 * IPv4 ranges, and ports (tcp/udp; none = every port) or an ICMP type and code (-1 = any).
 * policy-server takes one ip range and one port range per rule; appnet takes several.
 */
public record DestinationRule(Protocol protocol, List<IpRange> ips, List<PortRange> ports, int icmpType,
                              int icmpCode) {

    public static final int ANY = -1;

    public DestinationRule {
        ips = List.copyOf(ips);
        ports = List.copyOf(ports);
        if (ips.isEmpty()) {
            throw new ModelException("ips: a rule needs at least one ip range");
        }
        if (!protocol.hasPorts() && !ports.isEmpty()) {
            throw new ModelException("ports: given for protocol " + protocol + "; ports are only for tcp and udp");
        }
        if (protocol != Protocol.ICMP && (icmpType != ANY || icmpCode != ANY)) {
            throw new ModelException("icmp_type/icmp_code: given for protocol " + protocol
                    + "; they are only for icmp");
        }
        if (icmpType < ANY || icmpType > 255 || icmpCode < ANY || icmpCode > 255) {
            throw new ModelException("icmp_type/icmp_code: " + icmpType + "/" + icmpCode
                    + " is outside -1 (any)..255");
        }
        if (icmpType == ANY && icmpCode != ANY) {
            throw new ModelException("icmp_code: " + icmpCode + " given without an icmp_type");
        }
        for (PortRange range : ports) {
            if (range.start() == 0) {
                throw new ModelException("ports: " + range + " includes port 0");
            }
        }
    }

    public static DestinationRule tcp(List<IpRange> ips, List<PortRange> ports) {
        return new DestinationRule(Protocol.TCP, ips, ports, ANY, ANY);
    }

    public static DestinationRule udp(List<IpRange> ips, List<PortRange> ports) {
        return new DestinationRule(Protocol.UDP, ips, ports, ANY, ANY);
    }

    public static DestinationRule icmp(List<IpRange> ips, int type, int code) {
        return new DestinationRule(Protocol.ICMP, ips, List.of(), type, code);
    }

    public static DestinationRule all(List<IpRange> ips) {
        return new DestinationRule(Protocol.ALL, ips, List.of(), ANY, ANY);
    }

    /** True if a connection (protocol, destination address, tcp/udp port or icmp type/code) is covered. */
    public boolean covers(Protocol connection, Ipv4Address address, int port, int type, int code) {
        if (ips.stream().noneMatch(range -> range.contains(address))) {
            return false;
        }
        if (protocol == Protocol.ALL) {
            return true;
        }
        if (protocol != connection) {
            return false;
        }
        if (protocol.hasPorts()) {
            return ports.isEmpty() || ports.stream().anyMatch(range -> range.contains(port));
        }
        return (icmpType == ANY || icmpType == type) && (icmpCode == ANY || icmpCode == code);
    }
}
