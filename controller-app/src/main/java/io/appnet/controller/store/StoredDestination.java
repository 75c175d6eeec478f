package io.appnet.controller.store;

import java.util.List;

/**
 * A destination row (Cloud Foundry's egress destination): its id, unique name, description, rules, the gateways it
 * is pinned to (none: every NAT gateway) and the pseudo app ID it was given, which it keeps across restarts.
 */
public record StoredDestination(String id, String name, String description, List<Rule> rules, List<String> gateways,
                                int pseudoAppId) {

    /**
     * One rule: protocol (tcp, udp, icmp or all), IPv4 ranges and port ranges written {@code a-b} (a single address
     * or port is {@code a-a}), the ICMP type and code (-1 = any, and for other protocols).
     */
    public record Rule(String protocol, List<String> ips, List<String> ports, int icmpType, int icmpCode) {
        public Rule {
            StoreFields.present("rule protocol", protocol);
            ips = List.copyOf(ips);
            ports = List.copyOf(ports);
            if (ips.isEmpty()) {
                throw new IllegalArgumentException("a destination rule has no ip range");
            }
            ips.forEach(StoreFields::ipRange);
            ports.forEach(StoreFields::portRange);
        }
    }

    public StoredDestination {
        StoreFields.present("destination id", id);
        StoreFields.present("destination name", name);
        description = description == null ? "" : description;
        rules = List.copyOf(rules);
        gateways = List.copyOf(gateways);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("destination '" + name + "' has no rules");
        }
        StoreFields.appId("pseudo app ID of destination '" + name + "'", pseudoAppId);
    }
}
