package io.appnet.controller.store;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a store holds, in memory, and what every store refuses: an app keeps its ID forever and no ID has two
 * owners; a host keeps its lease and no subnet has two hosts; policy IDs and service names are unique; names fit
 * the store. A write is checked whole before any of it is applied, and costs what it touches, not what is stored.
 */
final class StoreContents {
    private final Map<String, Integer> apps = new HashMap<>();
    private final Map<Integer, String> idOwners = new HashMap<>();
    private final Map<String, String> leases = new HashMap<>();
    private final Map<String, String> leaseHolders = new HashMap<>();
    private final Map<Long, StoredPolicy> policies = new TreeMap<>();
    private final Map<String, StoredService> services = new TreeMap<>();

    StoreContents(StoredState state) {
        state.appIds().forEach(this::putApp);
        state.leases().forEach(this::putLease);
        state.policies().forEach(policy -> policies.put(policy.id(), policy));
        state.services().forEach(this::putService);
    }

    StoredState snapshot() {
        return new StoredState(apps, leases, policies.values().stream().toList(), services.values().stream().toList());
    }

    boolean knowsApp(String guid) {
        return apps.containsKey(guid);
    }

    boolean knowsLease(String hostId) {
        return leases.containsKey(hostId);
    }

    /** Throws {@link StoreException} if any part of the write conflicts with what is held or with itself. */
    void check(StoreWrite write) {
        Map<Integer, String> claimed = new HashMap<>();
        for (Map.Entry<String, Integer> app : new TreeMap<>(write.newApps()).entrySet()) {
            StoreFields.fits("app GUID", app.getKey());
            Integer held = apps.get(app.getKey());
            if (held != null && !held.equals(app.getValue())) {
                throw new StoreException("app '" + app.getKey() + "' already has app ID " + held + ", not "
                        + app.getValue());
            }
            String owner = idOwners.getOrDefault(app.getValue(), claimed.get(app.getValue()));
            if (owner != null && !owner.equals("app '" + app.getKey() + "'")) {
                throw new StoreException("app ID " + app.getValue() + " is already held by " + owner);
            }
            claimed.put(app.getValue(), "app '" + app.getKey() + "'");
        }
        Map<String, String> subnets = new HashMap<>();
        for (Map.Entry<String, String> lease : new TreeMap<>(write.newLeases()).entrySet()) {
            StoreFields.fits("host id", lease.getKey());
            String held = leases.get(lease.getKey());
            if (held != null && !held.equals(lease.getValue())) {
                throw new StoreException("host " + lease.getKey() + " already leases " + held + ", not "
                        + lease.getValue());
            }
            String holder = leaseHolders.getOrDefault(lease.getValue(), subnets.get(lease.getValue()));
            if (holder != null && !holder.equals(lease.getKey())) {
                throw new StoreException("subnet " + lease.getValue() + " is already leased to another host");
            }
            subnets.put(lease.getValue(), lease.getKey());
        }
        Map<Long, StoredPolicy> added = new HashMap<>();
        for (StoredPolicy policy : write.addedPolicies()) {
            StoreFields.fits("source app GUID", policy.sourceGuid());
            StoreFields.fits("destination app GUID", policy.destinationGuid());
            boolean kept = policies.containsKey(policy.id()) && !write.removedPolicies().contains(policy.id());
            if (kept || added.put(policy.id(), policy) != null) {
                throw new StoreException("policy ID " + policy.id() + " already exists");
            }
        }
        Map<String, StoredService> addedServices = new HashMap<>();
        for (StoredService service : write.addedServices()) {
            StoreFields.fits("service name", service.name());
            boolean kept = services.containsKey(service.name()) && !write.removedServices().contains(service.name());
            if (kept || addedServices.put(service.name(), service) != null) {
                throw new StoreException("service '" + service.name() + "' already exists");
            }
            String owner = idOwners.getOrDefault(service.pseudoAppId(), claimed.get(service.pseudoAppId()));
            if (owner != null && !owner.equals("service '" + service.name() + "'")) {
                throw new StoreException("app ID " + service.pseudoAppId() + " is already held by " + owner);
            }
            claimed.put(service.pseudoAppId(), "service '" + service.name() + "'");
        }
    }

    /** Applies a write that {@link #check} accepted. */
    void apply(StoreWrite write) {
        for (String host : write.releasedLeases()) {
            String cidr = leases.remove(host);
            if (cidr != null) {
                leaseHolders.remove(cidr);
            }
        }
        for (String guid : write.releasedApps()) {
            Integer id = apps.remove(guid);
            if (id != null) {
                idOwners.remove(id);
            }
        }
        write.newApps().forEach(this::putApp);
        write.newLeases().forEach(this::putLease);
        write.removedPolicies().forEach(policies::remove);
        write.addedPolicies().forEach(policy -> policies.put(policy.id(), policy));
        for (String name : write.removedServices()) {
            StoredService removed = services.remove(name);
            if (removed != null) {
                idOwners.remove(removed.pseudoAppId());
            }
        }
        write.addedServices().forEach(this::putService);
    }

    private void putApp(String guid, int id) {
        apps.put(guid, id);
        idOwners.put(id, "app '" + guid + "'");
    }

    private void putService(StoredService service) {
        services.put(service.name(), service);
        idOwners.put(service.pseudoAppId(), "service '" + service.name() + "'");
    }

    private void putLease(String hostId, String cidr) {
        leases.put(hostId, cidr);
        leaseHolders.put(cidr, hostId);
    }
}
