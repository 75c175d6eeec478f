package io.appnet.controller.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One transaction's worth of changes to a {@link ControllerStore}: app IDs and leases to record; policies of every
 * kind to add, and policy IDs (of any kind: app, group or egress) to remove; groups, destinations and per-app
 * egress addresses, firewall registrations and hosts' last known topology to put or remove; leases and app IDs to
 * release. Removals apply before additions. Immutable; start from {@link #none()}.
 */
public record StoreWrite(Map<String, Integer> newApps, Map<String, String> newLeases,
                         List<StoredPolicy> addedPolicies, Set<Long> removedPolicies,
                         List<StoredGroupPolicy> addedGroupPolicies, List<StoredEgressPolicy> addedEgressPolicies,
                         StoredRows<StoredGroup> groups, StoredRows<StoredDestination> destinations,
                         StoredRows<StoredEgressAddress> egressAddresses,
                         Set<String> releasedLeases, Set<String> releasedApps, StoredRows<StoredFirewall> firewalls,
                         StoredRows<StoredHost> hosts) {

    private static final StoreWrite NONE = new StoreWrite(Map.of(), Map.of(), List.of(), Set.of(), List.of(),
            List.of(), StoredRows.none(), StoredRows.none(), StoredRows.none(), Set.of(), Set.of(), StoredRows.none(), StoredRows.none());

    public StoreWrite {
        newApps = Map.copyOf(newApps);
        newLeases = Map.copyOf(newLeases);
        addedPolicies = List.copyOf(addedPolicies);
        removedPolicies = Set.copyOf(removedPolicies);
        addedGroupPolicies = List.copyOf(addedGroupPolicies);
        addedEgressPolicies = List.copyOf(addedEgressPolicies);
        releasedLeases = Set.copyOf(releasedLeases);
        releasedApps = Set.copyOf(releasedApps);
        newApps.forEach((guid, id) -> {
            StoreFields.present("app GUID", guid);
            StoreFields.appId("app ID of '" + guid + "'", id);
        });
        newLeases.forEach((host, cidr) -> {
            StoreFields.present("host id", host);
            StoreFields.cidr(cidr);
        });
    }

    public static StoreWrite none() {
        return NONE;
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    public StoreWrite withApps(Map<String, Integer> apps) {
        Map<String, Integer> all = new HashMap<>(newApps);
        all.putAll(apps);
        return new StoreWrite(all, newLeases, addedPolicies, removedPolicies, addedGroupPolicies, addedEgressPolicies,
                groups, destinations, egressAddresses, releasedLeases, releasedApps, firewalls, hosts);
    }

    public StoreWrite withLease(String hostId, String cidr) {
        Map<String, String> all = new HashMap<>(newLeases);
        all.put(hostId, cidr);
        return new StoreWrite(newApps, all, addedPolicies, removedPolicies, addedGroupPolicies, addedEgressPolicies,
                groups, destinations, egressAddresses, releasedLeases, releasedApps, firewalls, hosts);
    }

    public StoreWrite addingPolicies(List<StoredPolicy> policies) {
        return new StoreWrite(newApps, newLeases, StoreFields.concat(addedPolicies, policies), removedPolicies,
                addedGroupPolicies, addedEgressPolicies, groups, destinations, egressAddresses, releasedLeases, releasedApps, firewalls, hosts);
    }

    /** Removes policies of any kind by ID; an unknown ID is a no-op. */
    public StoreWrite removingPolicies(Set<Long> ids) {
        return new StoreWrite(newApps, newLeases, addedPolicies, StoreFields.union(removedPolicies, ids),
                addedGroupPolicies, addedEgressPolicies, groups, destinations, egressAddresses, releasedLeases, releasedApps, firewalls, hosts);
    }

    public StoreWrite addingGroupPolicies(List<StoredGroupPolicy> policies) {
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies,
                StoreFields.concat(addedGroupPolicies, policies), addedEgressPolicies, groups, destinations,
                egressAddresses, releasedLeases, releasedApps, firewalls, hosts);
    }

    public StoreWrite addingEgressPolicies(List<StoredEgressPolicy> policies) {
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, addedGroupPolicies,
                StoreFields.concat(addedEgressPolicies, policies), groups, destinations, egressAddresses, releasedLeases, releasedApps, firewalls, hosts);
    }

    /** Creates the groups or replaces them (name and members) by id. */
    public StoreWrite puttingGroups(List<StoredGroup> put) {
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, addedGroupPolicies,
                addedEgressPolicies, groups.putting(put), destinations, egressAddresses, releasedLeases, releasedApps, firewalls, hosts);
    }

    public StoreWrite removingGroups(Set<String> ids) {
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, addedGroupPolicies,
                addedEgressPolicies, groups.removing(ids), destinations, egressAddresses, releasedLeases, releasedApps, firewalls, hosts);
    }

    /** Creates the destinations or replaces them (name, description, rules, pinning) by id. */
    public StoreWrite puttingDestinations(List<StoredDestination> put) {
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, addedGroupPolicies,
                addedEgressPolicies, groups, destinations.putting(put), egressAddresses, releasedLeases, releasedApps, firewalls, hosts);
    }

    public StoreWrite removingDestinations(Set<String> ids) {
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, addedGroupPolicies,
                addedEgressPolicies, groups, destinations.removing(ids), egressAddresses, releasedLeases, releasedApps, firewalls, hosts);
    }

    /** Records apps' per-app egress addresses and forgets those of {@code freed} apps. */
    public StoreWrite withEgressAddresses(List<StoredEgressAddress> put, Set<String> freed) {
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, addedGroupPolicies,
                addedEgressPolicies, groups, destinations, egressAddresses.putting(put).removing(freed), releasedLeases, releasedApps, firewalls, hosts);
    }

    /** Creates the firewall registrations or replaces them by name. */
    public StoreWrite puttingFirewalls(List<StoredFirewall> put) {
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, addedGroupPolicies,
                addedEgressPolicies, groups, destinations, egressAddresses, releasedLeases, releasedApps,
                firewalls.putting(put), hosts);
    }

    public StoreWrite removingFirewalls(Set<String> names) {
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, addedGroupPolicies,
                addedEgressPolicies, groups, destinations, egressAddresses, releasedLeases, releasedApps,
                firewalls.removing(names), hosts);
    }

    /** Releases the hosts' leases (their subnets may be leased again) and forgets their stored topology. */
    public StoreWrite releasingLeases(Set<String> hostIds) {
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, addedGroupPolicies,
                addedEgressPolicies, groups, destinations, egressAddresses, StoreFields.union(releasedLeases, hostIds),
                releasedApps, firewalls, hosts.removing(hostIds));
    }

    /** Records the hosts' last known topology, replacing what was stored for them. */
    public StoreWrite puttingHosts(List<StoredHost> put) {
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, addedGroupPolicies,
                addedEgressPolicies, groups, destinations, egressAddresses, releasedLeases, releasedApps, firewalls,
                hosts.putting(put));
    }

    /** Releases the apps' IDs (an app named again later gets a new one). */
    public StoreWrite releasingApps(Set<String> guids) {
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, addedGroupPolicies,
                addedEgressPolicies, groups, destinations, egressAddresses, releasedLeases,
                StoreFields.union(releasedApps, guids), firewalls, hosts);
    }
}
