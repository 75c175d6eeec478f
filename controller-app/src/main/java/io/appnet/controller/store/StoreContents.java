package io.appnet.controller.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a store holds, in memory, and what every store refuses: an app keeps its ID forever and no ID has two
 * owners (apps and destinations' pseudo app IDs share the space); a host keeps its lease and no subnet has two
 * hosts; a policy ID names one policy of any kind; group and destination names are unique, and so is a per-app
 * egress address; names fit the store. A write is checked whole before any of it is applied, and costs what it
 * touches, not what is stored.
 */
final class StoreContents {
    private final Map<String, Integer> apps = new HashMap<>();
    private final Map<Integer, String> idOwners = new HashMap<>();
    private final Map<String, String> leases = new HashMap<>();
    private final Map<String, String> leaseHolders = new HashMap<>();
    private final Map<Long, StoredPolicy> policies = new TreeMap<>();
    private final Map<Long, StoredGroupPolicy> groupPolicies = new TreeMap<>();
    private final Map<Long, StoredEgressPolicy> egressPolicies = new TreeMap<>();
    private final Map<String, StoredGroup> groups = new TreeMap<>();
    private final Map<String, StoredDestination> destinations = new TreeMap<>();
    private final Map<String, String> destinationNames = new HashMap<>(); // name -> destination id
    private final Map<String, String> egressAddresses = new HashMap<>();
    private final Map<String, String> addressHolders = new HashMap<>(); // address -> app GUID
    private final Map<String, StoredFirewall> firewalls = new TreeMap<>();
    private final Map<String, StoredHost> hosts = new TreeMap<>();

    StoreContents(StoredState state) {
        state.appIds().forEach(this::putApp);
        state.leases().forEach(this::putLease);
        state.policies().forEach(policy -> policies.put(policy.id(), policy));
        state.groupPolicies().forEach(policy -> groupPolicies.put(policy.id(), policy));
        state.egressPolicies().forEach(policy -> egressPolicies.put(policy.id(), policy));
        state.groups().forEach(group -> groups.put(group.id(), group));
        state.destinations().forEach(this::putDestination);
        state.egressAddresses().forEach(this::putEgressAddress);
        state.firewalls().forEach(firewall -> firewalls.put(firewall.name(), firewall));
        state.hosts().forEach(host -> hosts.put(host.hostId(), host));
    }

    StoredState snapshot() {
        return new StoredState(apps, leases, policies.values().stream().toList(), groups.values().stream().toList(),
                groupPolicies.values().stream().toList(), destinations.values().stream().toList(),
                egressPolicies.values().stream().toList(), egressAddresses,
                firewalls.values().stream().toList(), hosts.values().stream().toList());
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
            claim(claimed, app.getValue(), "app '" + app.getKey() + "'");
        }
        checkLeases(write);
        checkPolicyIds(write);
        checkGroups(write);
        checkDestinations(write, claimed);
        checkEgressAddresses(write);
        checkFirewalls(write);
        write.hosts().put().forEach(host -> StoreFields.fits("host id", host.hostId()));
    }

    /** A firewall's name and its datapath ID are each one firewall's. */
    private void checkFirewalls(StoreWrite write) {
        if (write.firewalls().put().isEmpty()) {
            return; // removals alone cannot conflict
        }
        Map<Long, String> datapaths = new HashMap<>();
        firewalls.values().forEach(firewall -> datapaths.put(firewall.datapathId(), firewall.name()));
        StoreFields.union(write.firewalls().removed(), write.firewalls().putKeys(StoredFirewall::name))
                .forEach(name -> datapaths.values().remove(name));
        for (StoredFirewall firewall : write.firewalls().put()) {
            StoreFields.fits("firewall name", firewall.name());
            firewall.guards().forEach(guard -> StoreFields.fits("firewall guard", guard));
            firewall.identityMap().forEach((key, value) -> StoreFields.fits("firewall identity key", key));
            String holder = datapaths.putIfAbsent(firewall.datapathId(), firewall.name());
            if (holder != null) {
                throw new StoreException("datapath ID " + Long.toHexString(firewall.datapathId())
                        + " is already firewall '" + holder + "'");
            }
        }
    }

    private void claim(Map<Integer, String> claimed, int id, String owner) {
        String holder = idOwners.getOrDefault(id, claimed.get(id));
        if (holder != null && !holder.equals(owner)) {
            throw new StoreException("app ID " + id + " is already held by " + holder);
        }
        claimed.put(id, owner);
    }

    private void checkLeases(StoreWrite write) {
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
    }

    /** A policy ID names one policy of any kind; removals in the same write free theirs first. */
    private void checkPolicyIds(StoreWrite write) {
        Set<Long> added = new HashSet<>();
        for (StoredPolicy policy : write.addedPolicies()) {
            StoreFields.fits("source app GUID", policy.sourceGuid());
            StoreFields.fits("destination app GUID", policy.destinationGuid());
            addPolicyId(write, added, policy.id());
        }
        for (StoredGroupPolicy policy : write.addedGroupPolicies()) {
            addPolicyId(write, added, policy.id());
        }
        for (StoredEgressPolicy policy : write.addedEgressPolicies()) {
            StoreFields.fits("egress policy source id", policy.sourceId());
            StoreFields.fits("egress policy destination id", policy.destinationId());
            addPolicyId(write, added, policy.id());
        }
    }

    private void addPolicyId(StoreWrite write, Set<Long> added, long id) {
        boolean held = policies.containsKey(id) || groupPolicies.containsKey(id) || egressPolicies.containsKey(id);
        if (held && !write.removedPolicies().contains(id) || !added.add(id)) {
            throw new StoreException("policy ID " + id + " already exists");
        }
    }

    private void checkGroups(StoreWrite write) {
        if (write.groups().put().isEmpty()) {
            return; // removals alone cannot conflict
        }
        Map<String, String> names = new HashMap<>();
        groups.values().forEach(group -> names.put(group.name(), group.id()));
        write.groups().removed().forEach(id -> names.values().remove(id));
        write.groups().putKeys(StoredGroup::id).forEach(id -> names.values().remove(id));
        for (StoredGroup group : write.groups().put()) {
            StoreFields.fits("group id", group.id());
            StoreFields.fits("group name", group.name());
            group.members().forEach(member -> StoreFields.fits("member app GUID", member));
            String holder = names.putIfAbsent(group.name(), group.id());
            if (holder != null) {
                throw new StoreException("group name '" + group.name() + "' is already used by group '" + holder + "'");
            }
        }
    }

    /** A destination's name is one destination's; looked up by name, so a write costs what it puts. */
    private void checkDestinations(StoreWrite write, Map<Integer, String> claimed) {
        if (write.destinations().put().isEmpty()) {
            return; // removals alone cannot conflict
        }
        Set<String> replaced = StoreFields.union(write.destinations().removed(),
                write.destinations().putKeys(StoredDestination::id));
        Map<String, String> names = new HashMap<>(); // the write's own, name -> id
        Map<Integer, String> freed = new HashMap<>();
        for (String id : write.destinations().removed()) {
            StoredDestination removed = destinations.get(id);
            if (removed != null && !write.destinations().putKeys(StoredDestination::id).contains(id)) {
                freed.put(removed.pseudoAppId(), id);
            }
        }
        for (StoredDestination destination : write.destinations().put()) {
            StoreFields.fits("destination id", destination.id());
            StoreFields.fits("destination name", destination.name());
            String holder = names.putIfAbsent(destination.name(), destination.id());
            if (holder == null) {
                String held = destinationNames.get(destination.name());
                holder = held == null || replaced.contains(held) ? null : held;
            }
            if (holder != null) {
                throw new StoreException("destination name '" + destination.name() + "' is already used by"
                        + " destination '" + holder + "'");
            }
            if (!freed.containsKey(destination.pseudoAppId())) {
                claim(claimed, destination.pseudoAppId(), owner(destination));
            }
        }
    }

    /** A per-app egress address is one app's; looked up by address, so a write costs what it puts. */
    private void checkEgressAddresses(StoreWrite write) {
        if (write.egressAddresses().put().isEmpty()) {
            return; // removals alone cannot conflict
        }
        Set<String> moving = StoreFields.union(write.egressAddresses().removed(),
                write.egressAddresses().putKeys(StoredEgressAddress::appGuid));
        Map<String, String> holders = new HashMap<>(); // the write's own, address -> app
        for (StoredEgressAddress address : write.egressAddresses().put()) {
            String holder = holders.putIfAbsent(address.address(), address.appGuid());
            if (holder == null) {
                String held = addressHolders.get(address.address());
                holder = held == null || moving.contains(held) ? null : held;
            }
            if (holder != null && !holder.equals(address.appGuid())) {
                throw new StoreException("egress address " + address.address() + " is already held by app '"
                        + holder + "'");
            }
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
        for (Long id : write.removedPolicies()) {
            policies.remove(id);
            groupPolicies.remove(id);
            egressPolicies.remove(id);
        }
        write.addedPolicies().forEach(policy -> policies.put(policy.id(), policy));
        write.addedGroupPolicies().forEach(policy -> groupPolicies.put(policy.id(), policy));
        write.addedEgressPolicies().forEach(policy -> egressPolicies.put(policy.id(), policy));
        write.groups().removed().forEach(groups::remove);
        write.groups().put().forEach(group -> groups.put(group.id(), group));
        for (String id : write.destinations().removed()) {
            StoredDestination removed = destinations.remove(id);
            if (removed != null) {
                idOwners.remove(removed.pseudoAppId());
                destinationNames.remove(removed.name(), id);
            }
        }
        for (StoredDestination destination : write.destinations().put()) {
            StoredDestination previous = destinations.get(destination.id());
            if (previous != null) {
                idOwners.remove(previous.pseudoAppId());
                destinationNames.remove(previous.name(), previous.id());
            }
            putDestination(destination);
        }
        for (String app : write.egressAddresses().removed()) {
            String address = egressAddresses.remove(app);
            if (address != null) {
                addressHolders.remove(address, app);
            }
        }
        write.egressAddresses().put().forEach(address -> putEgressAddress(address.appGuid(), address.address()));
        write.firewalls().removed().forEach(firewalls::remove);
        write.firewalls().put().forEach(firewall -> firewalls.put(firewall.name(), firewall));
        write.hosts().removed().forEach(hosts::remove);
        write.hosts().put().forEach(host -> hosts.put(host.hostId(), host));
    }

    private void putApp(String guid, int id) {
        apps.put(guid, id);
        idOwners.put(id, "app '" + guid + "'");
    }

    private void putDestination(StoredDestination destination) {
        destinations.put(destination.id(), destination);
        destinationNames.put(destination.name(), destination.id());
        idOwners.put(destination.pseudoAppId(), owner(destination));
    }

    private void putEgressAddress(String app, String address) {
        String previous = egressAddresses.put(app, address);
        if (previous != null) {
            addressHolders.remove(previous, app);
        }
        addressHolders.put(address, app);
    }

    private static String owner(StoredDestination destination) {
        return "destination '" + destination.id() + "'";
    }

    private void putLease(String hostId, String cidr) {
        leases.put(hostId, cidr);
        leaseHolders.put(cidr, hostId);
    }
}
