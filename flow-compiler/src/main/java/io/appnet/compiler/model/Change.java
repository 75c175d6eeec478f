package io.appnet.compiler.model;

import java.util.List;
import java.util.Set;

/**
 * One change to the {@link Network}, as the controller learns it (OVSDB, REST, shell). Apps are named
 * by GUID here and resolved, with validation, by {@link Network#apply(Change)}.
 */
public sealed interface Change {

    /** Allocates an app ID for a GUID (no-op if it has one). */
    record RegisterApp(String guid) implements Change {
    }

    /**
     * Registers an app under the ID it held before (read back from the store after a restart), so that
     * flows and conntrack entries keep their meaning; refused if the GUID or the ID is held otherwise.
     */
    record RestoreApp(String guid, AppId id) implements Change {
    }

    /** Frees an app's ID; refused while instances, policies or groups refer to the app. */
    record UnregisterApp(String guid) implements Change {
    }

    /** Adds a host, or updates it (same subnet, or no instances). */
    record PutHost(Host host) implements Change {
    }

    /** Removes a host and every instance on it. */
    record RemoveHost(HostId host) implements Change {
    }

    record AddInstance(InstanceId id, String appGuid, HostId host, int port, Ipv4Address ip, MacAddress mac)
            implements Change {
    }

    record RemoveInstance(InstanceId id) implements Change {
    }

    record AddPolicy(PolicyId id, String sourceGuid, String destinationGuid, Protocol protocol, PortRange ports)
            implements Change {
    }

    /** Removes a policy of any kind (app, group, service or egress policy) by ID. */
    record RemovePolicy(PolicyId id) implements Change {
    }

    /** Creates a group or replaces its members. */
    record PutGroup(GroupName name, Set<String> memberGuids) implements Change {
        public PutGroup {
            memberGuids = Set.copyOf(memberGuids);
        }
    }

    record RemoveGroup(GroupName name) implements Change {
    }

    record AddGroupPolicy(PolicyId id, GroupName source, GroupName destination, Protocol protocol, PortRange ports)
            implements Change {
    }

    record AddService(String name, List<Ipv4Prefix> cidrs, Protocol protocol, PortRange ports) implements Change {
        public AddService {
            cidrs = List.copyOf(cidrs);
        }
    }

    record RemoveService(String name) implements Change {
    }

    record AddServicePolicy(PolicyId id, String sourceGuid, String service) implements Change {
    }

    /** Sets the overlay CIDR, the NAT pool and the NAT mode (per-app addresses are handed out afresh). */
    record ConfigureEgress(EgressSettings settings) implements Change {
    }

    /**
     * Creates a destination or replaces its name, rules and pinning (it keeps its pseudo app ID). A
     * {@code pseudoAppId} restores the ID the store kept; null allocates one (or keeps the current one).
     */
    record PutDestination(String id, String name, List<DestinationRule> rules, Set<HostId> gateways,
                          AppId pseudoAppId) implements Change {
        public PutDestination {
            rules = List.copyOf(rules);
            gateways = Set.copyOf(gateways);
        }
    }

    /** Removes a destination; refused while egress policies use it. */
    record RemoveDestination(String id) implements Change {
    }

    /** An egress policy from an app (by GUID) or from a group (exactly one of them) to a destination. */
    record AddEgressPolicy(PolicyId id, String sourceGuid, GroupName sourceGroup, String destination)
            implements Change {
    }

    /** Makes a host an egress gateway (the host must have joined; it may have no instances). */
    record PutGateway(Gateway gateway) implements Change {
    }

    /** The host stops being a gateway (e.g. it was lost); its pool share moves to the others. */
    record RemoveGateway(HostId host) implements Change {
    }

    /** Per-app NAT mode: gives an app back the pool address the store kept for it. */
    record RestoreEgressAddress(String appGuid, Ipv4Address address) implements Change {
    }

    static Change configureEgress(EgressSettings settings) {
        return new ConfigureEgress(settings);
    }

    static Change putDestination(String id, String name, List<DestinationRule> rules) {
        return new PutDestination(id, name, rules, Set.of(), null);
    }

    static Change putDestination(String id, String name, List<DestinationRule> rules, Set<String> pinnedGateways) {
        return new PutDestination(id, name, rules,
                pinnedGateways.stream().map(HostId::of).collect(java.util.stream.Collectors.toSet()), null);
    }

    static Change removeDestination(String id) {
        return new RemoveDestination(id);
    }

    static Change addEgressPolicy(long id, String sourceGuid, String destination) {
        return new AddEgressPolicy(PolicyId.of(id), sourceGuid, null, destination);
    }

    static Change addGroupEgressPolicy(long id, String sourceGroup, String destination) {
        return new AddEgressPolicy(PolicyId.of(id), null, GroupName.of(sourceGroup), destination);
    }

    static Change putGateway(Gateway gateway) {
        return new PutGateway(gateway);
    }

    static Change removeGateway(String host) {
        return new RemoveGateway(HostId.of(host));
    }

    static Change registerApp(String guid) {
        return new RegisterApp(guid);
    }

    static Change restoreApp(String guid, int id) {
        return new RestoreApp(guid, AppId.of(id));
    }

    static Change unregisterApp(String guid) {
        return new UnregisterApp(guid);
    }

    static Change putHost(Host host) {
        return new PutHost(host);
    }

    static Change removeHost(HostId host) {
        return new RemoveHost(host);
    }

    static Change addInstance(String id, String appGuid, String host, int port, String ip, String mac) {
        return new AddInstance(InstanceId.of(id), appGuid, HostId.of(host), port, Ipv4Address.parse(ip),
                MacAddress.parse(mac));
    }

    static Change removeInstance(String id) {
        return new RemoveInstance(InstanceId.of(id));
    }

    static Change addPolicy(long id, String sourceGuid, String destinationGuid, Protocol protocol, PortRange ports) {
        return new AddPolicy(PolicyId.of(id), sourceGuid, destinationGuid, protocol, ports);
    }

    static Change removePolicy(long id) {
        return new RemovePolicy(PolicyId.of(id));
    }

    static Change putGroup(String name, Set<String> memberGuids) {
        return new PutGroup(GroupName.of(name), memberGuids);
    }

    static Change removeGroup(String name) {
        return new RemoveGroup(GroupName.of(name));
    }

    static Change addGroupPolicy(long id, String source, String destination, Protocol protocol, PortRange ports) {
        return new AddGroupPolicy(PolicyId.of(id), GroupName.of(source), GroupName.of(destination), protocol, ports);
    }

    static Change addService(String name, List<Ipv4Prefix> cidrs, Protocol protocol, PortRange ports) {
        return new AddService(name, cidrs, protocol, ports);
    }

    static Change removeService(String name) {
        return new RemoveService(name);
    }

    static Change addServicePolicy(long id, String sourceGuid, String service) {
        return new AddServicePolicy(PolicyId.of(id), sourceGuid, service);
    }
}
