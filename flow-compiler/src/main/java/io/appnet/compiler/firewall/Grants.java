package io.appnet.compiler.firewall;

import io.appnet.compiler.model.AppId;
import io.appnet.compiler.model.Destination;
import io.appnet.compiler.model.DestinationRule;
import io.appnet.compiler.model.EgressPolicy;
import io.appnet.compiler.model.Group;
import io.appnet.compiler.model.GroupPolicy;
import io.appnet.compiler.model.Instance;
import io.appnet.compiler.model.IpRange;
import io.appnet.compiler.model.Ipv4Prefix;
import io.appnet.compiler.model.ModelException;
import io.appnet.compiler.model.Network;
import io.appnet.compiler.model.Policy;
import io.appnet.compiler.model.PolicySet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The policies behind a firewall's guards, flattened to {@link Grant}s (group policies expanded to apps). */
final class Grants {

    private Grants() {
    }

    static List<Grant> of(Network network, List<Guard> guards) {
        List<Grant> grants = new ArrayList<>();
        Map<AppId, List<Ipv4Prefix>> addresses = guards.stream().anyMatch(Guard.App.class::isInstance)
                ? instanceAddresses(network) : Map.of();
        for (Guard guard : guards) {
            if (guard instanceof Guard.App app) {
                addApp(network, app.guid(), addresses, grants);
            } else {
                addDestination(network, ((Guard.Destination) guard).id(), grants);
            }
        }
        return grants;
    }

    /** Prefixes (/32) of every app's instances, as they are now, in address order. */
    static Map<AppId, List<Ipv4Prefix>> instanceAddresses(Network network) {
        Map<AppId, List<Ipv4Prefix>> addresses = new HashMap<>();
        network.topology().instances().values().stream().sorted(Comparator.comparing(Instance::ip))
                .forEach(instance -> addresses.computeIfAbsent(instance.app(), app -> new ArrayList<>())
                        .add(Ipv4Prefix.of(instance.ip(), 32)));
        return addresses;
    }

    private static void addApp(Network network, String guid, Map<AppId, List<Ipv4Prefix>> instances,
                               List<Grant> grants) {
        AppId app = network.appId(guid).orElseThrow(() -> new ModelException("guards: no app '" + guid + "'"));
        List<Ipv4Prefix> addresses = instances.getOrDefault(app, List.of());
        if (addresses.isEmpty()) {
            return;
        }
        PolicySet policies = network.policies();
        for (Policy policy : policies.policiesTo(app)) {
            grants.add(new Grant(policy.id(), policy.source(), app, addresses, policy.protocol(),
                    List.of(policy.ports()), -1, -1));
        }
        for (var name : policies.groupsOf(app)) {
            for (GroupPolicy policy : policies.groupPoliciesOf(name)) {
                if (!policy.destination().equals(name)) {
                    continue;
                }
                Set<AppId> sources = policies.group(policy.source()).map(Group::members)
                        .orElse(Collections.emptySortedSet());
                for (AppId source : sources) {
                    grants.add(new Grant(policy.id(), source, app, addresses, policy.protocol(),
                            List.of(policy.ports()), -1, -1));
                }
            }
        }
    }

    private static void addDestination(Network network, String id, List<Grant> grants) {
        Destination destination = network.egress().destination(id)
                .orElseThrow(() -> new ModelException("guards: no destination '" + id + "'"));
        for (EgressPolicy policy : network.egress().policiesTo(id)) {
            for (AppId source : network.sourceApps(policy)) {
                for (DestinationRule rule : destination.rules()) {
                    List<Ipv4Prefix> prefixes = rule.ips().stream().map(IpRange::prefixes)
                            .flatMap(List::stream).toList();
                    grants.add(new Grant(policy.id(), source, destination.pseudoAppId(), prefixes, rule.protocol(),
                            rule.ports(), rule.icmpType(), rule.icmpCode()));
                }
            }
        }
    }
}
