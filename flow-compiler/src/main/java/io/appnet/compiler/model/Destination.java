package io.appnet.compiler.model;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An external destination (Cloud Foundry's "destination"): what egress policies open, identified in the
 * dataplane by its pseudo app ID (the VNI of replies). {@code gateways} pins it to chosen gateways (a service
 * proxy; an appnet extension); empty means every gateway with NAT.
 */
public record Destination(String id, String name, AppId pseudoAppId, List<DestinationRule> rules,
                          SortedSet<HostId> gateways) {

    public Destination {
        Names.check("destination id", id);
        Names.checkLabel("destination name", name);
        rules = List.copyOf(rules);
        if (rules.isEmpty()) {
            throw new ModelException("destination '" + name + "': rules: at least one rule is needed");
        }
        gateways = Collections.unmodifiableSortedSet(new TreeSet<>(gateways));
    }

    public boolean pinned() {
        return !gateways.isEmpty();
    }

    public boolean covers(Protocol protocol, Ipv4Address address, int port, int icmpType, int icmpCode) {
        return rules.stream().anyMatch(rule -> rule.covers(protocol, address, port, icmpType, icmpCode));
    }
}
