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
import java.util.List;
import java.util.Set;

/** The policies behind a firewall's guards, flattened to {@link Grant}s (group policies expanded to apps). */
final class Grants {

    private Grants() {
    }

    static List<Grant> of(Network network, List<Guard> guards) {
        List<Grant> grants = new ArrayList<>();
        for (Guard guard : guards) {
            if (guard instanceof Guard.App app) {
                addApp(network, app.guid(), grants);
            } else {
                addDestination(network, ((Guard.Destination) guard).id(), grants);
            }
        }
        return grants;
    }

    /** Prefixes (/32) of the app's instances, as they are now. */
    static List<Ipv4Prefix> instanceAddresses(Network network, AppId app) {
        return network.topology().instances().values().stream().filter(instance -> instance.app().equals(app))
                .map(Instance::ip).sorted().map(ip -> Ipv4Prefix.of(ip, 32)).toList();
    }

    private static void addApp(Network network, String guid, List<Grant> grants) {
        AppId app = network.appId(guid).orElseThrow(() -> new ModelException("guards: no app '" + guid + "'"));
        List<Ipv4Prefix> addresses = instanceAddresses(network, app);
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
                Set<AppId> sources = policies.group(policy.source()).map(Group::members).orElse(java.util.Collections.emptySortedSet());
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
