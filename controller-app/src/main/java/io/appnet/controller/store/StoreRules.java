package io.appnet.controller.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What every store refuses, decided against what it holds, and the state after a write. An app keeps its
 * ID forever and no ID has two apps; a host keeps its lease and no subnet has two hosts; policy IDs and
 * service names are unique. Pure.
 */
final class StoreRules {

    private StoreRules() {
    }

    static StoredState apply(StoredState current, StoreWrite write) {
        Map<String, Integer> apps = new HashMap<>(current.appIds());
        Map<Integer, String> appOwners = new HashMap<>();
        apps.forEach((guid, id) -> appOwners.put(id, guid));
        Map<Integer, String> serviceIds = new HashMap<>();
        current.services().forEach(service -> serviceIds.put(service.pseudoAppId(), service.name()));
        for (Map.Entry<String, Integer> app : new TreeMap<>(write.newApps()).entrySet()) {
            Integer held = apps.get(app.getKey());
            if (held != null && !held.equals(app.getValue())) {
                throw new StoreException("app '" + app.getKey() + "' already has app ID " + held + ", not "
                        + app.getValue());
            }
            String owner = appOwners.get(app.getValue());
            if (owner != null && !owner.equals(app.getKey()) || serviceIds.containsKey(app.getValue())) {
                throw new StoreException("app ID " + app.getValue() + " is already held by "
                        + (owner != null ? "app '" + owner + "'" : "service '" + serviceIds.get(app.getValue()) + "'"));
            }
            apps.put(app.getKey(), app.getValue());
            appOwners.put(app.getValue(), app.getKey());
        }
        Map<String, String> leases = new HashMap<>(current.leases());
        Set<String> leased = new HashSet<>(leases.values());
        for (Map.Entry<String, String> lease : new TreeMap<>(write.newLeases()).entrySet()) {
            String held = leases.get(lease.getKey());
            if (held != null && !held.equals(lease.getValue())) {
                throw new StoreException("host " + lease.getKey() + " already leases " + held + ", not " + lease.getValue());
            }
            if (held == null && !leased.add(lease.getValue())) {
                throw new StoreException("subnet " + lease.getValue() + " is already leased to another host");
            }
            leases.put(lease.getKey(), lease.getValue());
        }
        Map<Long, StoredPolicy> policies = new LinkedHashMap<>();
        current.policies().forEach(policy -> policies.put(policy.id(), policy));
        write.removedPolicies().forEach(policies::remove);
        for (StoredPolicy policy : write.addedPolicies()) {
            if (policies.putIfAbsent(policy.id(), policy) != null) {
                throw new StoreException("policy ID " + policy.id() + " already exists");
            }
        }
        Map<String, StoredService> services = new LinkedHashMap<>();
        current.services().forEach(service -> services.put(service.name(), service));
        write.removedServices().forEach(services::remove);
        for (StoredService service : write.addedServices()) {
            if (services.putIfAbsent(service.name(), service) != null) {
                throw new StoreException("service '" + service.name() + "' already exists");
            }
        }
        return new StoredState(apps, leases, policies.values().stream().sorted(
                java.util.Comparator.comparingLong(StoredPolicy::id)).toList(), services.values().stream().toList());
    }
}
