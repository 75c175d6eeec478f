package io.appnet.controller.egress;

import io.appnet.compiler.model.DestinationRule;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A destination as a client names it: {@code id} (null when creating: the controller gives one), a unique name, a
 * description, the rules (already checked one by one) and the gateways it is pinned to (appnet's extension; empty:
 * every gateway with NAT).
 */
public record DestinationSpec(String id, String name, String description, List<DestinationRule> rules,
                              Set<String> gateways) {

    public DestinationSpec {
        description = description == null ? "" : description;
        rules = List.copyOf(rules);
        gateways = Set.copyOf(gateways);
    }

    public DestinationSpec withId(String assigned) {
        return new DestinationSpec(assigned, name, description, rules, gateways);
    }

    /** An update's own check, before any lookup: every destination names its id, once (policy-server's words). */
    public static void requireDistinctIds(List<DestinationSpec> update) {
        Set<String> seen = new HashSet<>();
        for (DestinationSpec spec : update) {
            if (spec.id() == null || spec.id().isEmpty()) {
                throw new EgressException("destination id not found on request");
            }
            if (!seen.add(spec.id())) {
                throw new EgressException("duplicate destination id '" + spec.id() + "'");
            }
        }
    }
}
