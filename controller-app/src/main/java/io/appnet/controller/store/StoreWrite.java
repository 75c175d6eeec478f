package io.appnet.controller.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One transaction's worth of changes to a {@link ControllerStore}: app IDs and leases to record or release,
 * policies and services to add and remove (removals apply before additions). Immutable; start from
 * {@link #none()}.
 */
public record StoreWrite(Map<String, Integer> newApps, Map<String, String> newLeases,
                         List<StoredPolicy> addedPolicies, Set<Long> removedPolicies,
                         List<StoredService> addedServices, Set<String> removedServices,
                         Set<String> releasedLeases, Set<String> releasedApps) {

    private static final StoreWrite NONE = new StoreWrite(Map.of(), Map.of(), List.of(), Set.of(), List.of(), Set.of(),
            Set.of(), Set.of());

    public StoreWrite {
        newApps = Map.copyOf(newApps);
        newLeases = Map.copyOf(newLeases);
        addedPolicies = List.copyOf(addedPolicies);
        removedPolicies = Set.copyOf(removedPolicies);
        addedServices = List.copyOf(addedServices);
        removedServices = Set.copyOf(removedServices);
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
        return new StoreWrite(all, newLeases, addedPolicies, removedPolicies, addedServices, removedServices,
                releasedLeases, releasedApps);
    }

    public StoreWrite withLease(String hostId, String cidr) {
        Map<String, String> all = new HashMap<>(newLeases);
        all.put(hostId, cidr);
        return new StoreWrite(newApps, all, addedPolicies, removedPolicies, addedServices, removedServices,
                releasedLeases, releasedApps);
    }

    public StoreWrite addingPolicies(List<StoredPolicy> policies) {
        List<StoredPolicy> all = new ArrayList<>(addedPolicies);
        all.addAll(policies);
        return new StoreWrite(newApps, newLeases, all, removedPolicies, addedServices, removedServices,
                releasedLeases, releasedApps);
    }

    public StoreWrite removingPolicies(Set<Long> ids) {
        Set<Long> all = new HashSet<>(removedPolicies);
        all.addAll(ids);
        return new StoreWrite(newApps, newLeases, addedPolicies, all, addedServices, removedServices,
                releasedLeases, releasedApps);
    }

    public StoreWrite addingServices(List<StoredService> services) {
        List<StoredService> all = new ArrayList<>(addedServices);
        all.addAll(services);
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, all, removedServices,
                releasedLeases, releasedApps);
    }

    public StoreWrite removingServices(Set<String> names) {
        Set<String> all = new HashSet<>(removedServices);
        all.addAll(names);
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, addedServices, all,
                releasedLeases, releasedApps);
    }

    /** Releases the hosts' leases (their subnets may be leased again). */
    public StoreWrite releasingLeases(Set<String> hostIds) {
        Set<String> all = new HashSet<>(releasedLeases);
        all.addAll(hostIds);
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, addedServices, removedServices, all,
                releasedApps);
    }

    /** Releases the apps' IDs (an app named again later gets a new one). */
    public StoreWrite releasingApps(Set<String> guids) {
        Set<String> all = new HashSet<>(releasedApps);
        all.addAll(guids);
        return new StoreWrite(newApps, newLeases, addedPolicies, removedPolicies, addedServices, removedServices,
                releasedLeases, all);
    }
}
