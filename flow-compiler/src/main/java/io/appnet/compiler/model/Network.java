package io.appnet.compiler.model;

import io.appnet.compiler.util.PersistentMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Everything the compiler compiles from: the app registry (GUID -> app ID), the {@link Topology} and the
 * {@link PolicySet}. Immutable: {@link #apply(Change)} validates a change and returns the new network,
 * or throws {@link ModelException} and changes nothing.
 *
 * <p>App IDs are allocated round-robin over 1..16,777,215, skipping IDs in use; an ID freed by
 * unregistering is not handed out again until the counter has gone round, so flows or conntrack
 * entries that still carry it cannot be mistaken for a new app.
 */
public final class Network {

    private static final Network EMPTY = new Network(PersistentMap.empty(), PersistentMap.empty(), 1,
            Topology.empty(), PolicySet.empty(), Egress.EMPTY);

    private static final String APP_OWNER = "app ";

    private final PersistentMap<String, AppId> appsByGuid;
    private final PersistentMap<AppId, String> owners;
    private final int nextAppId;
    private final Topology topology;
    private final PolicySet policies;
    private final Egress egress;

    private Network(PersistentMap<String, AppId> appsByGuid, PersistentMap<AppId, String> owners, int nextAppId,
                    Topology topology, PolicySet policies, Egress egress) {
        this.appsByGuid = appsByGuid;
        this.owners = owners;
        this.nextAppId = nextAppId;
        this.topology = topology;
        this.policies = policies;
        this.egress = egress;
    }

    public static Network empty() {
        return EMPTY;
    }

    public Topology topology() {
        return topology;
    }

    public PolicySet policies() {
        return policies;
    }

    /** Destinations, egress policies, gateways and NAT settings. */
    public Egress egress() {
        return egress;
    }

    public Optional<AppId> appId(String guid) {
        return Optional.ofNullable(appsByGuid.get(guid));
    }

    /** Who holds an app ID: {@code app <guid>} or {@code service <name>}. */
    public Optional<String> owner(AppId id) {
        return Optional.ofNullable(owners.get(id));
    }

    /** The GUID of the app holding this ID; empty for a service's pseudo app ID or an unused ID. */
    public Optional<String> appGuid(AppId id) {
        String owner = owners.get(id);
        return owner != null && owner.startsWith(APP_OWNER) ? Optional.of(owner.substring(APP_OWNER.length()))
                : Optional.empty();
    }

    public PersistentMap<String, AppId> apps() {
        return appsByGuid;
    }

    /** Applies the changes in order; the first refused one throws and nothing is applied. */
    public Network applyAll(Iterable<? extends Change> changes) {
        Network network = this;
        for (Change change : changes) {
            network = network.apply(change);
        }
        return network;
    }

    public Network apply(Change change) {
        if (change instanceof Change.RegisterApp c) {
            return registerApp(c.guid());
        } else if (change instanceof Change.RestoreApp c) {
            return restoreApp(c.guid(), c.id());
        } else if (change instanceof Change.UnregisterApp c) {
            return unregisterApp(c.guid());
        } else if (change instanceof Change.PutHost c) {
            return putHost(c.host());
        } else if (change instanceof Change.RemoveHost c) {
            return with(topology.removeHost(c.host())).with(egress.removeGateway(c.host()));
        } else if (change instanceof Change.AddInstance c) {
            if (egress.isGateway(c.host())) {
                throw new ModelException("instance " + c.id() + ": host " + c.host() + " is a gateway; gateways run "
                        + "no instances");
            }
            return with(topology.addInstance(
                    new Instance(c.id(), resolve(c.appGuid()), c.host(), c.port(), c.ip(), c.mac())));
        } else if (change instanceof Change.RemoveInstance c) {
            return with(topology.removeInstance(c.id()));
        } else if (change instanceof Change.AddPolicy c) {
            checkNotEgress(c.id());
            return with(policies.addPolicy(new Policy(c.id(), resolve(c.sourceGuid()), resolve(c.destinationGuid()),
                    c.protocol(), portsOrAny(c.ports()))));
        } else if (change instanceof Change.RemovePolicy c) {
            return egress.policies().containsKey(c.id()) ? removeEgressPolicy(c.id())
                    : with(policies.removePolicy(c.id()));
        } else if (change instanceof Change.PutGroup c) {
            return putGroup(c);
        } else if (change instanceof Change.RemoveGroup c) {
            if (!egress.policiesOfGroup(c.name()).isEmpty()) {
                throw new ModelException("group '" + c.name() + "' is used by egress policies "
                        + egress.policiesOfGroup(c.name()).stream().map(EgressPolicy::id).sorted().toList()
                        + "; remove them first");
            }
            return with(policies.removeGroup(c.name()));
        } else if (change instanceof Change.AddGroupPolicy c) {
            checkNotEgress(c.id());
            return with(policies.addGroupPolicy(new GroupPolicy(c.id(), c.source(), c.destination(), c.protocol(),
                    portsOrAny(c.ports()))));
        } else if (change instanceof Change.AddService c) {
            return addService(c);
        } else if (change instanceof Change.RemoveService c) {
            return removeService(c.name());
        } else if (change instanceof Change.ConfigureEgress c) {
            return configureEgress(c.settings());
        } else if (change instanceof Change.PutDestination c) {
            return putDestination(c);
        } else if (change instanceof Change.RemoveDestination c) {
            return removeDestination(c.id());
        } else if (change instanceof Change.AddEgressPolicy c) {
            return addEgressPolicy(c);
        } else if (change instanceof Change.PutGateway c) {
            return putGateway(c.gateway());
        } else if (change instanceof Change.RemoveGateway c) {
            return with(egress.removeGateway(c.host()));
        } else if (change instanceof Change.RestoreEgressAddress c) {
            return with(egress.restoreAddress(resolve(c.appGuid()), c.address()));
        } else if (change instanceof Change.AddServicePolicy c) {
            checkNotEgress(c.id());
            return with(policies.addServicePolicy(new ServicePolicy(c.id(), resolve(c.sourceGuid()), c.service())));
        }
        throw new IllegalArgumentException("unknown change " + change);
    }

    private static PortRange portsOrAny(PortRange ports) {
        return ports == null ? PortRange.any() : ports;
    }

    private AppId resolve(String guid) {
        AppId id = guid == null ? null : appsByGuid.get(guid);
        if (id == null) {
            throw new ModelException("unknown app '" + guid + "'");
        }
        return id;
    }

    private Network with(Topology updated) {
        return updated == topology ? this : new Network(appsByGuid, owners, nextAppId, updated, policies, egress);
    }

    private Network with(PolicySet updated) {
        return new Network(appsByGuid, owners, nextAppId, topology, updated, egress);
    }

    private Network with(Egress updated) {
        return updated == egress ? this : new Network(appsByGuid, owners, nextAppId, topology, policies, updated);
    }

    private Network registerApp(String guid) {
        Names.check("app GUID", guid);
        if (appsByGuid.containsKey(guid)) {
            return this;
        }
        AppId id = freeAppId();
        return new Network(appsByGuid.plus(guid, id), owners.plus(id, APP_OWNER + guid), next(id), topology, policies, egress);
    }

    private Network restoreApp(String guid, AppId id) {
        Names.check("app GUID", guid);
        AppId held = appsByGuid.get(guid);
        if (id.equals(held)) {
            return this;
        }
        if (held != null) {
            throw new ModelException("app '" + guid + "' already has app ID " + held + ", not " + id);
        }
        String owner = owners.get(id);
        if (owner != null) {
            throw new ModelException("app ID " + id + " of app '" + guid + "' is held by " + owner);
        }
        int next = id.value() >= nextAppId ? next(id) : nextAppId;
        return new Network(appsByGuid.plus(guid, id), owners.plus(id, APP_OWNER + guid), next, topology, policies, egress);
    }

    private Network unregisterApp(String guid) {
        AppId id = resolve(guid);
        int instances = topology.instanceCount(id);
        String references = policies.referencesTo(id);
        if (!egress.policiesOfApp(id).isEmpty()) {
            references = (references.isEmpty() ? "" : references + ", ") + egress.policiesOfApp(id).size()
                    + " egress policies";
        }
        if (instances > 0 || !references.isEmpty()) {
            String uses = (instances > 0 ? instances + " instances" : "")
                    + (instances > 0 && !references.isEmpty() ? ", " : "") + references;
            throw new ModelException("app '" + guid + "' is still used by " + uses);
        }
        return new Network(appsByGuid.minus(guid), owners.minus(id), nextAppId, topology, policies, egress);
    }

    private AppId freeAppId() {
        if (owners.size() >= AppId.MAX) {
            throw new ModelException("all " + AppId.MAX + " app IDs are in use");
        }
        int candidate = nextAppId;
        while (owners.containsKey(AppId.of(candidate))) {
            candidate = candidate == AppId.MAX ? 1 : candidate + 1;
        }
        return AppId.of(candidate);
    }

    private static int next(AppId allocated) {
        return allocated.value() == AppId.MAX ? 1 : allocated.value() + 1;
    }

    private Network putHost(Host host) {
        for (Destination destination : egress.destinations().values()) {
            for (DestinationRule rule : destination.rules()) {
                for (IpRange range : rule.ips()) {
                    if (range.overlaps(host.subnet())) {
                        throw new ModelException("host " + host.id() + ": subnet " + host.subnet() + " overlaps ip "
                                + "range " + range + " of destination '" + destination.name() + "'");
                    }
                }
            }
        }
        for (ExternalService service : policies.services().values()) {
            for (Ipv4Prefix cidr : service.cidrs()) {
                if (cidr.overlaps(host.subnet())) {
                    throw new ModelException("host " + host.id() + ": subnet " + host.subnet() + " overlaps CIDR "
                            + cidr + " of external service '" + service.name() + "'");
                }
            }
        }
        return with(topology.putHost(host));
    }

    private Network addService(Change.AddService change) {
        Names.check("service name", change.name());
        if (policies.services().containsKey(change.name())) {
            throw new ModelException("service '" + change.name() + "' already exists");
        }
        for (Ipv4Prefix cidr : change.cidrs()) {
            for (Host host : topology.hosts().values()) {
                if (cidr.overlaps(host.subnet())) {
                    throw new ModelException("service '" + change.name() + "': CIDR " + cidr
                            + " overlaps the overlay subnet " + host.subnet() + " of host " + host.id());
                }
            }
        }
        AppId id = freeAppId();
        ExternalService service = new ExternalService(change.name(), id, change.cidrs(), change.protocol(),
                portsOrAny(change.ports()));
        return new Network(appsByGuid, owners.plus(id, "service " + change.name()), next(id), topology,
                policies.addService(service), egress);
    }

    private Network removeService(String name) {
        ExternalService service = policies.services().get(name);
        PolicySet without = policies.removeService(name);
        return new Network(appsByGuid, owners.minus(service.pseudoAppId()), nextAppId, topology, without, egress);
    }

    private void checkNotEgress(PolicyId id) {
        if (egress.policies().containsKey(id)) {
            throw new ModelException("policy ID " + id + " is already in use");
        }
    }

    private Network putGroup(Change.PutGroup change) {
        Set<AppId> members = change.memberGuids().stream().map(this::resolve).collect(Collectors.toSet());
        Set<AppId> touched = new TreeSet<>(members);
        policies.group(change.name()).ifPresent(previous -> touched.addAll(previous.members()));
        PolicySet updated = policies.putGroup(new Group(change.name(), new TreeSet<>(members)));
        Egress reassigned = egress.policiesOfGroup(change.name()).isEmpty() ? egress
                : egress.reassign(touched, updated, this::appGuid);
        return new Network(appsByGuid, owners, nextAppId, topology, updated, reassigned);
    }

    private Network configureEgress(EgressSettings settings) {
        settings.overlay().ifPresent(overlay -> {
            for (Destination destination : egress.destinations().values()) {
                checkOutside(destination, overlay, "the overlay " + overlay);
            }
        });
        Egress configured = egress.withSettings(settings);
        Set<AppId> sources = new TreeSet<>();
        for (EgressPolicy policy : configured.policies().values()) {
            sources.addAll(sourceApps(policy));
        }
        return with(configured.reassign(sources, policies, this::appGuid));
    }

    /** The apps an egress policy's source names now. */
    public Set<AppId> sourceApps(EgressPolicy policy) {
        if (policy.source() instanceof EgressPolicy.AppSource app) {
            return Set.of(app.app());
        }
        return policies.group(((EgressPolicy.GroupSource) policy.source()).group())
                .map(group -> (Set<AppId>) group.members()).orElse(Set.of());
    }

    private static void checkOutside(Destination destination, Ipv4Prefix inside, String what) {
        for (int r = 0; r < destination.rules().size(); r++) {
            List<IpRange> ips = destination.rules().get(r).ips();
            for (int i = 0; i < ips.size(); i++) {
                if (ips.get(i).overlaps(inside)) {
                    throw new ModelException("destination '" + destination.name() + "': rules[" + r + "].ips[" + i
                            + "]: " + ips.get(i) + " overlaps " + what);
                }
            }
        }
    }

    private Network putDestination(Change.PutDestination change) {
        Destination previous = egress.destination(change.id()).orElse(null);
        AppId id;
        PersistentMap<AppId, String> newOwners = owners;
        int next = nextAppId;
        String owner = "destination " + change.id();
        if (previous != null) {
            id = previous.pseudoAppId();
            if (change.pseudoAppId() != null && !change.pseudoAppId().equals(id)) {
                throw new ModelException("destination '" + change.name() + "' already has pseudo app ID " + id
                        + ", not " + change.pseudoAppId());
            }
        } else if (change.pseudoAppId() != null) {
            id = change.pseudoAppId();
            String holder = owners.get(id);
            if (holder != null) {
                throw new ModelException("pseudo app ID " + id + " of destination '" + change.name() + "' is held by "
                        + holder);
            }
            newOwners = owners.plus(id, owner);
            next = id.value() >= nextAppId ? next(id) : nextAppId;
        } else {
            id = freeAppId();
            newOwners = owners.plus(id, owner);
            next = next(id);
        }
        Destination destination = new Destination(change.id(), change.name(), id, change.rules(),
                new TreeSet<>(change.gateways()));
        egress.settings().overlay().ifPresent(overlay -> checkOutside(destination, overlay, "the overlay " + overlay));
        for (Host host : topology.hosts().values()) {
            checkOutside(destination, host.subnet(), "the overlay subnet " + host.subnet() + " of host " + host.id());
        }
        return new Network(appsByGuid, newOwners, next, topology, policies, egress.putDestination(destination));
    }

    private Network removeDestination(String id) {
        Egress without = egress.removeDestination(id);
        AppId pseudo = egress.destination(id).orElseThrow().pseudoAppId();
        return new Network(appsByGuid, owners.minus(pseudo), nextAppId, topology, policies, without);
    }

    private Network addEgressPolicy(Change.AddEgressPolicy change) {
        if ((change.sourceGuid() == null) == (change.sourceGroup() == null)) {
            throw new ModelException("egress policy " + change.id() + ": source: name exactly one app or group");
        }
        if (policies.usesId(change.id())) {
            throw new ModelException("policy ID " + change.id() + " is already in use");
        }
        EgressPolicy.Source source;
        if (change.sourceGuid() != null) {
            AppId app = appsByGuid.get(change.sourceGuid());
            if (app == null) {
                throw new ModelException("egress policy " + change.id() + ": source: unknown app '"
                        + change.sourceGuid() + "'");
            }
            source = new EgressPolicy.AppSource(app);
        } else {
            if (policies.group(change.sourceGroup()).isEmpty()) {
                throw new ModelException("egress policy " + change.id() + ": source: unknown group '"
                        + change.sourceGroup() + "'");
            }
            source = new EgressPolicy.GroupSource(change.sourceGroup());
        }
        EgressPolicy policy = new EgressPolicy(change.id(), source, change.destination());
        Egress added = egress.addPolicy(policy);
        return with(added.reassign(sourceApps(policy), policies, this::appGuid));
    }

    private Network removeEgressPolicy(PolicyId id) {
        EgressPolicy policy = egress.policies().get(id);
        return with(egress.removePolicy(id).reassign(sourceApps(policy), policies, this::appGuid));
    }

    private Network putGateway(Gateway gateway) {
        Host host = topology.hosts().get(gateway.host());
        if (host == null) {
            throw new ModelException("gateway " + gateway.host() + ": unknown host; a gateway joins as a host first");
        }
        if (!topology.instancesOn(gateway.host()).isEmpty()) {
            throw new ModelException("gateway " + gateway.host() + ": the host runs "
                    + topology.instancesOn(gateway.host()).size() + " instances; gateways run none");
        }
        if (gateway.uplinkPort() == host.tunnelPort()) {
            throw new ModelException("gateway " + gateway.host() + ": uplink port " + gateway.uplinkPort()
                    + " is the host's tunnel port");
        }
        return with(egress.putGateway(gateway));
    }
}
