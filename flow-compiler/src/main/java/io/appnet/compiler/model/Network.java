package io.appnet.compiler.model;

import io.appnet.compiler.util.PersistentMap;
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
            Topology.empty(), PolicySet.empty());

    private final PersistentMap<String, AppId> appsByGuid;
    private static final String APP_OWNER = "app ";

    private final PersistentMap<AppId, String> owners;
    private final int nextAppId;
    private final Topology topology;
    private final PolicySet policies;

    private Network(PersistentMap<String, AppId> appsByGuid, PersistentMap<AppId, String> owners, int nextAppId,
                    Topology topology, PolicySet policies) {
        this.appsByGuid = appsByGuid;
        this.owners = owners;
        this.nextAppId = nextAppId;
        this.topology = topology;
        this.policies = policies;
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
            return with(topology.removeHost(c.host()));
        } else if (change instanceof Change.AddInstance c) {
            return with(topology.addInstance(
                    new Instance(c.id(), resolve(c.appGuid()), c.host(), c.port(), c.ip(), c.mac())));
        } else if (change instanceof Change.RemoveInstance c) {
            return with(topology.removeInstance(c.id()));
        } else if (change instanceof Change.AddPolicy c) {
            return with(policies.addPolicy(new Policy(c.id(), resolve(c.sourceGuid()), resolve(c.destinationGuid()),
                    c.protocol(), portsOrAny(c.ports()))));
        } else if (change instanceof Change.RemovePolicy c) {
            return with(policies.removePolicy(c.id()));
        } else if (change instanceof Change.PutGroup c) {
            Set<AppId> members = c.memberGuids().stream().map(this::resolve).collect(Collectors.toSet());
            return with(policies.putGroup(new Group(c.name(), new TreeSet<>(members))));
        } else if (change instanceof Change.RemoveGroup c) {
            return with(policies.removeGroup(c.name()));
        } else if (change instanceof Change.AddGroupPolicy c) {
            return with(policies.addGroupPolicy(new GroupPolicy(c.id(), c.source(), c.destination(), c.protocol(),
                    portsOrAny(c.ports()))));
        } else if (change instanceof Change.AddService c) {
            return addService(c);
        } else if (change instanceof Change.RemoveService c) {
            return removeService(c.name());
        } else if (change instanceof Change.AddServicePolicy c) {
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
        return updated == topology ? this : new Network(appsByGuid, owners, nextAppId, updated, policies);
    }

    private Network with(PolicySet updated) {
        return new Network(appsByGuid, owners, nextAppId, topology, updated);
    }

    private Network registerApp(String guid) {
        Names.check("app GUID", guid);
        if (appsByGuid.containsKey(guid)) {
            return this;
        }
        AppId id = freeAppId();
        return new Network(appsByGuid.plus(guid, id), owners.plus(id, APP_OWNER + guid), next(id), topology, policies);
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
        return new Network(appsByGuid.plus(guid, id), owners.plus(id, APP_OWNER + guid), next, topology, policies);
    }

    private Network unregisterApp(String guid) {
        AppId id = resolve(guid);
        int instances = topology.instanceCount(id);
        String references = policies.referencesTo(id);
        if (instances > 0 || !references.isEmpty()) {
            String uses = (instances > 0 ? instances + " instances" : "")
                    + (instances > 0 && !references.isEmpty() ? ", " : "") + references;
            throw new ModelException("app '" + guid + "' is still used by " + uses);
        }
        return new Network(appsByGuid.minus(guid), owners.minus(id), nextAppId, topology, policies);
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
                policies.addService(service));
    }

    private Network removeService(String name) {
        ExternalService service = policies.services().get(name);
        PolicySet without = policies.removeService(name);
        return new Network(appsByGuid, owners.minus(service.pseudoAppId()), nextAppId, topology, without);
    }
}
