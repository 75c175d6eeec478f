package io.appnet.controller.store;

import java.util.List;
import java.util.Map;

/**
 * Everything a store holds: app IDs by GUID, subnet leases by host id, app-to-app and group policies by ID, groups
 * by id, destinations by id, egress policies by ID, per-app egress addresses by app GUID, and firewall
 * registrations by name, and each joined host's last known topology by host id.
 */
public record StoredState(Map<String, Integer> appIds, Map<String, String> leases, List<StoredPolicy> policies,
                          List<StoredGroup> groups, List<StoredGroupPolicy> groupPolicies,
                          List<StoredDestination> destinations, List<StoredEgressPolicy> egressPolicies,
                          Map<String, String> egressAddresses, List<StoredFirewall> firewalls,
                          List<StoredHost> hosts) {

    private static final StoredState EMPTY = new StoredState(Map.of(), Map.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), Map.of(), List.of(), List.of());

    public StoredState {
        firewalls = List.copyOf(firewalls);
        hosts = List.copyOf(hosts);
        appIds = Map.copyOf(appIds);
        leases = Map.copyOf(leases);
        policies = List.copyOf(policies);
        groups = List.copyOf(groups);
        groupPolicies = List.copyOf(groupPolicies);
        destinations = List.copyOf(destinations);
        egressPolicies = List.copyOf(egressPolicies);
        egressAddresses = Map.copyOf(egressAddresses);
    }

    public static StoredState empty() {
        return EMPTY;
    }

    /** App IDs, leases and app-to-app policies only: what the earlier H2 store could hold. */
    public static StoredState of(Map<String, Integer> appIds, Map<String, String> leases,
                                 List<StoredPolicy> policies) {
        return new StoredState(appIds, leases, policies, List.of(), List.of(), List.of(), List.of(), Map.of(), List.of(), List.of());
    }
}
